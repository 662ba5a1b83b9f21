import type { JobRef } from './jobs'
// Models of the HTTP diagnosis, shared by the core analysis, the services and the UI.
/** One request of a hop, as measured. */
export interface HopSample {
  status: number
  /** Milliseconds from the request's start. */
  dnsMs: number | null
  connectMs: number | null
  tlsMs: number | null
  ttfbMs: number
  totalMs: number
  headers: Record<string, string>
}

export type RedirectOrigin = 'frontend' | 'htaccess' | 'application' | 'uncertain'

export interface Hop {
  url: string
  status: number
  location: string | null
  /** Medians over the samples. */
  ttfbMs: number
  totalMs: number
  dnsMs: number | null
  connectMs: number | null
  tlsMs: number | null
  samples: number
  server: string | null
  via: string | null
  hsts: string | null
  /** For a redirect: who answered it; null for a final answer. */
  origin: RedirectOrigin | null
  /** Why: the measures and headers that decided. */
  evidence: string[]
  /** A redirect that sends the browser to the back end (another port, an internal host), and the fix. */
  leak: string | null
}

/** What an .htaccess rule read over SSH says of a redirect (see `matchHtaccess`). */
export interface HtaccessMatch {
  file: string
  line: number
  rule: string
}

/** One fetch of the cache diagnosis. */
export interface CacheFetch {
  /** What was asked: plain, cache-busted (`?t=`), with `Accept: image/webp`. */
  variant: 'plain' | 'busted' | 'webp' | 'webp-busted'
  url: string
  status: number
  /** SHA-256 of the body. */
  hash: string
  bytes: number
  headers: Record<string, string>
}

export type CacheVerdictKind =
  'browser' | 'cdn' | 'server-cache' | 'webp' | 'origin' | 'not-found' | 'error'

export interface CacheDiagnosis {
  url: string
  /** The site's MEDIA host (media.DOMAIN), served through a CDN when it says so. */
  media: boolean
  cdn: string | null
  fetches: CacheFetch[]
  verdicts: { kind: CacheVerdictKind; why: string; next: string }[]
}

export type BanVerdictKind = 'banned' | 'not-banned' | 'site-down' | 'unknown'

export interface BanCheck {
  url: string
  /** From here: the status, or what went wrong (timeout, reset…). */
  local: { status: number | null; error: string | null; ms: number }
  /** From the server itself (curl over SSH), when it could be asked. */
  remote: { status: number | null; error: string | null } | null
  verdict: BanVerdictKind
  explanation: string
  /** This computer's address as the server sees it (its SSH_CLIENT): the one to whitelist. */
  clientIp?: string
}

export interface GeoipAnswer {
  ip: string
  /** ISO 3166 code, or null when the database does not place the address. */
  country: string | null
  name: string | null
  continent: string | null
  /** The database's network that holds the address: `1.2.3.0/24`. */
  network: string | null
  database: string
}

/** HTTP diagnosis: redirects, caches, IDS bans, GeoIP. */
export interface HttpCalls {
  /**
   * A URL's redirect chain, hop by hop, each measured `repeat` times (median), with the origin of
   * each redirect and its evidence (the server's .htaccess files read over SSH when it has a CMS root).
   */
  'http:trace': {
    req: { server: string; url?: string; repeat?: number; insecure?: boolean; timeoutMs?: number }
    /** A job: each hop streams as soon as it is known; cancelling stops the probes. */
    res: JobRef
  }
  /** Which cache serves a resource: fetched plainly, with `?t=`, with and without `Accept: image/webp`. */
  'http:cache': { req: { server: string; url?: string; insecure?: boolean }; res: CacheDiagnosis }
  /** Is it me or the site: probed from here, then from the server itself (curl over SSH). */
  'http:ban': { req: { server: string; url?: string; insecure?: boolean }; res: BanCheck }
  /** IP → country in the server's MaxMind database (read over SFTP; Debian's path by default). */
  'geoip:lookup': { req: { server: string; ips: string[]; path?: string }; res: GeoipAnswer[] }
}

/** What the HTTP jobs stream: a redirect trace's hops, one by one. */
export interface HttpJobs {
  'http:trace': Hop
}
