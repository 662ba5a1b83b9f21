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
}

/** What an .htaccess rule read over SSH says of a redirect (see `matchHtaccess`). */
export interface HtaccessMatch {
  file: string
  line: number
  rule: string
}
