// HTTP diagnosis as the hosting guide does it by hand: where a redirect comes from (told apart
// by its time to first byte: under 50 ms the front end or an .htaccess answered, over 250 ms the
// application did), and what the evidence the servers leave says (X-Redirect-By, Server, Via,
// HSTS). Pure: the probes are made by the main process and given here as data.

import type {
  BanCheck,
  BanVerdictKind,
  CacheDiagnosis,
  CacheFetch,
  Hop,
  HopSample,
  HtaccessMatch,
  RedirectOrigin,
} from '../../shared/http'

/** Below this TTFB a redirect was answered before the application ran. */
export const FRONT_MS = 50
/** Above this TTFB the application (PHP, the CMS) answered. */
export const APP_MS = 250

const REDIRECTS = new Set([301, 302, 303, 307, 308])

export function isRedirect(status: number): boolean {
  return REDIRECTS.has(status)
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b)
  const mid = v.length >> 1
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2
}

function medianOrNull(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null)
  return v.length > 0 ? median(v) : null
}

/**
 * A hop from its samples (the same request made N times: one slow sample does not mislead), with
 * the redirect's origin and the evidence for it.
 */
export function describeHop(
  url: string,
  samples: HopSample[],
  options: {
    htaccess?: HtaccessMatch | null
    /** The server's log lines of this hop's tagged request (see `readProbeLines`). */
    logLines?: { file: string; line: string }[]
  } = {},
): Hop {
  const last = samples[samples.length - 1]!
  const h = last.headers
  const ttfbMs = median(samples.map((s) => s.ttfbMs))
  const evidence: string[] = []
  let origin: RedirectOrigin | null = null
  const location = h.location ?? null
  // The server's own log lines of this probe, read once.
  const logs = readProbeLines(options.logLines ?? [])
  if (isRedirect(last.status)) {
    const by = h['x-redirect-by']
    const target = location ? safeUrl(location, url) : null
    const here = safeUrl(url, url)
    const toHttps =
      here?.protocol === 'http:' &&
      target?.protocol === 'https:' &&
      target.hostname === here.hostname &&
      target.pathname === here.pathname
    const ms = `TTFB ${Math.round(ttfbMs)} ms (median of ${samples.length})`
    if (logs.haproxyItself) {
      origin = 'frontend'
      evidence.push(...logs.evidence)
      evidence.push(ms)
    } else if (by) {
      origin = 'application'
      evidence.push(`X-Redirect-By: ${by} — the application says it redirected`)
      evidence.push(ms)
    } else if (options.htaccess) {
      origin = 'htaccess'
      evidence.push(
        `${options.htaccess.file}:${options.htaccess.line} matches: ${options.htaccess.rule}`,
      )
      evidence.push(ms)
    } else if (ttfbMs < FRONT_MS) {
      origin = 'frontend'
      evidence.push(`${ms} < ${FRONT_MS} ms: answered before any application ran`)
      if (toHttps) evidence.push('HTTP → HTTPS on the same address: the front end’s rule')
      else evidence.push('the front end (HAProxy / Apache / Nginx configuration) or an .htaccess')
    } else if (ttfbMs > APP_MS) {
      origin = 'application'
      evidence.push(`${ms} > ${APP_MS} ms: the application (PHP) answered`)
    } else {
      origin = 'uncertain'
      evidence.push(`${ms}: between ${FRONT_MS} and ${APP_MS} ms, the time alone cannot tell`)
    }
  }
  // The server's own lines of the probe (unless already given as the reason above).
  if (!(isRedirect(last.status) && logs.haproxyItself)) evidence.push(...logs.evidence)
  if (h.server) evidence.push(`Server: ${h.server}`)
  if (h.via) evidence.push(`Via: ${h.via}`)
  if (last.status === 301 || last.status === 308)
    evidence.push(
      'Browsers keep a permanent redirect (301/308) in their cache: test in a private window, or clear the browser cache for this site, after changing it',
    )
  return {
    url,
    status: last.status,
    location,
    ttfbMs,
    totalMs: median(samples.map((s) => s.totalMs)),
    dnsMs: medianOrNull(samples.map((s) => s.dnsMs)),
    connectMs: medianOrNull(samples.map((s) => s.connectMs)),
    tlsMs: medianOrNull(samples.map((s) => s.tlsMs)),
    samples: samples.length,
    server: h.server ?? null,
    via: h.via ?? null,
    hsts: h['strict-transport-security'] ?? null,
    origin,
    evidence,
    leak: isRedirect(last.status) && location ? backendLeak(url, location) : null,
  }
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' }

/** Loopback, private ranges, `.local`/`.internal` names, names without a dot. */
function internalHost(host: string): boolean {
  return (
    /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[?::1\]?$|\[?f[cd])/i.test(
      host,
    ) ||
    /\.(local|internal|lan|localdomain)$/i.test(host) ||
    !host.includes('.')
  )
}

/**
 * A redirect whose Location points at the back end the front end proxies to: the same host on
 * another port (8081 → 8080 behind HAProxy), or an internal host from a public one. The browser
 * cannot reach it (or bypasses the front end's TLS and cache), so it is flagged with the fix.
 */
export function backendLeak(url: string, location: string): string | null {
  const here = safeUrl(url)
  const target = safeUrl(location, url)
  if (!here || !target) return null
  const port = (u: UrlParts): string => u.port || DEFAULT_PORTS[u.protocol] || ''
  const fix =
    'the application builds its URLs from the address it is reached on behind the proxy: set the site URL to the public one (WordPress home/siteurl, PrestaShop shop domain, Magento base URL), have the front end rewrite Location (Apache ProxyPassReverse, nginx proxy_redirect), or pass X-Forwarded-Host/-Port and trust them (Apache UseCanonicalPhysicalPort Off)'
  if (internalHost(target.hostname) && !internalHost(here.hostname))
    return `Location points at an internal host (${target.host}) that browsers cannot reach: ${fix}.`
  if (target.hostname === here.hostname && port(target) !== port(here)) {
    const upgrade =
      here.protocol === 'http:' && target.protocol === 'https:' && port(target) === '443'
    if (!upgrade)
      return `Location switches from port ${port(here)} to ${port(target)} on the same host: the back end's port leaks to the browser; ${fix}.`
  }
  return null
}

/** What the core reads of a parsed URL. */
interface UrlParts {
  href: string
  protocol: string
  host: string
  hostname: string
  port: string
  pathname: string
}

/**
 * The WHATWG URL parser, global in Node and browsers alike (the core is typed without Node or DOM
 * types, so it is reached through globalThis); null when the text is not a URL.
 */
function safeUrl(text: string, base?: string): UrlParts | null {
  const Parser = (globalThis as unknown as { URL: new (url: string, base?: string) => UrlParts })
    .URL
  try {
    return new Parser(text, base)
  } catch {
    return null
  }
}

/** The next URL of a redirect hop (Location is relative to the hop's URL), or null. */
export function nextUrl(hop: Hop): string | null {
  if (!isRedirect(hop.status) || !hop.location) return null
  return safeUrl(hop.location, hop.url)?.href ?? null
}

/** A request that got no answer: what it most likely means on this platform. */
export function failureVerdict(code: string): string {
  if (code === 'TIMEOUT' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT')
    return 'No answer in time: on this platform a timeout or a 408 usually means the IDS banned your IP. Check from the server itself (ban check) and ask for your IP to be whitelisted in the manager.'
  if (code === 'ECONNRESET')
    return 'The connection was reset: a ban by the IDS, or the front end refusing the request.'
  if (code === 'ECONNREFUSED') return 'Connection refused: nothing listens on that port.'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return 'The name does not resolve: check the domain and its DNS records.'
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('DEPTH_ZERO'))
    return 'The TLS certificate is not valid for this name (or not trusted).'
  return `The request failed (${code}).`
}

/**
 * The `.htaccess` rule that makes a redirect for `path`, if any: `Redirect`/`RedirectMatch` and
 * `RewriteRule … [R…]` (their conditions are not evaluated: the match is a lead, shown as such).
 */
export function matchHtaccess(file: string, text: string, path: string): HtaccessMatch | null {
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (line.startsWith('#') || line === '') continue
    const redirect =
      /^Redirect(?:Permanent|Temp)?\s+(?:(\d{3}|permanent|temp|seeother|gone)\s+)?(\S+)/i.exec(line)
    if (redirect && !/^RedirectMatch/i.test(line)) {
      const prefix = redirect[2]!
      if (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))
        return { file, line: i + 1, rule: line }
      continue
    }
    const match = /^RedirectMatch\s+(?:(\d{3}|permanent|temp|seeother|gone)\s+)?(\S+)/i.exec(line)
    if (match && testPattern(match[2]!, path)) return { file, line: i + 1, rule: line }
    const rewrite = /^RewriteRule\s+(\S+)\s+\S+\s+\[([^\]]*)\]/i.exec(line)
    if (rewrite && /(^|,)\s*R(=\d{3})?\s*(,|$)/i.test(rewrite[2]!)) {
      // In .htaccess the pattern sees the path without its leading slash.
      if (testPattern(rewrite[1]!, path.replace(/^\//, '')))
        return { file, line: i + 1, rule: line }
    }
  }
  return null
}

function testPattern(pattern: string, subject: string): boolean {
  try {
    return new RegExp(pattern).test(subject)
  } catch {
    return false
  }
}

const CDN_HEADERS: [string, RegExp, string][] = [
  ['cf-cache-status', /./, 'Cloudflare'],
  ['x-cache', /./, 'a CDN (X-Cache)'],
  ['x-served-by', /cache/i, 'Fastly'],
  ['via', /cloudfront|varnish|akamai|cdn/i, 'a CDN (Via)'],
]

function cdnOf(headers: Record<string, string>): string | null {
  for (const [name, re, label] of CDN_HEADERS)
    if (headers[name] && re.test(headers[name]!)) return label
  return null
}

function maxAgeSec(headers: Record<string, string>): number | null {
  const cc = /max-age=(\d+)/i.exec(headers['cache-control'] ?? '')
  if (cc) return Number(cc[1])
  if (headers.expires && headers.date) {
    const left = (Date.parse(headers.expires) - Date.parse(headers.date)) / 1000
    if (Number.isFinite(left)) return Math.max(0, Math.round(left))
  }
  return null
}

const hit = (h: Record<string, string>): boolean =>
  /hit/i.test(h['x-cache'] ?? '') ||
  /hit/i.test(h['cf-cache-status'] ?? '') ||
  Number(h.age ?? '0') > 0

/**
 * Which cache serves stale content, from the same resource fetched plainly, with a `?t=` that no
 * cache has seen, and with `Accept: image/webp`: the guide's verdicts and next steps.
 */
export function diagnoseCache(url: string, fetches: CacheFetch[]): CacheDiagnosis {
  const get = (v: CacheFetch['variant']): CacheFetch | undefined =>
    fetches.find((f) => f.variant === v)
  const plain = get('plain')!
  const busted = get('busted')
  const webp = get('webp')
  const host = safeUrl(url)?.hostname ?? ''
  const media = /^media\./i.test(host)
  const cdn = cdnOf(plain.headers)
  const verdicts: CacheDiagnosis['verdicts'] = []
  // No page to be stale: a missing file or an error is said as such, not "from the origin".
  if (plain.status >= 400) {
    verdicts.push(
      plain.status === 404 || plain.status === 410
        ? {
            kind: 'not-found',
            why: `The URL answers ${plain.status} ${plain.status === 404 ? 'Not Found' : 'Gone'}: there is no file there to be stale${busted && busted.status < 400 ? `, though the same URL with ?t= answers ${busted.status}: a cache keeps the ${plain.status}` : ''}.`,
            next:
              busted && busted.status < 400
                ? 'Purge the cached error (CDN or server cache), then check again.'
                : 'Check the URL (a typo, a renamed file, a media host that does not hold it) and that the file exists on the server.',
          }
        : {
            kind: 'error',
            why: `The URL answers ${plain.status}: an error, not stale content.`,
            next:
              plain.status === 403 || plain.status === 408 || plain.status === 429
                ? 'A 403/408/429 from the front end may be the IDS refusing you: check "Is it me?" on the ban tab.'
                : 'Look at the error log of the server for this request.',
          },
    )
    return { url, media, cdn, fetches, verdicts }
  }
  if (busted && busted.hash !== plain.hash) {
    if (cdn || hit(plain.headers)) {
      verdicts.push({
        kind: 'cdn',
        why: `The plain URL and the same URL with ?t= give different content, and the plain one comes from ${cdn ?? 'a cache'}${plain.headers.age ? ` (Age: ${plain.headers.age} s)` : ''}.`,
        next: media
          ? 'Purge the file in the CDN, or change its link (?v=2); to check quickly, disable the MEDIA URL in the CMS for a moment.'
          : 'Purge the page in the CDN, or change its link (?v=2).',
      })
    } else if (plain.headers['x-mod-pagespeed'] || plain.headers['x-page-speed']) {
      verdicts.push({
        kind: 'server-cache',
        why: 'The plain URL and the same URL with ?t= differ, and mod_pagespeed rewrote the answer (X-Mod-Pagespeed): its cache on the server keeps the old version.',
        next: 'Flush mod_pagespeed’s cache (or turn it off for this path: ModPagespeed off in .htaccess), then check again.',
      })
    } else {
      verdicts.push({
        kind: 'server-cache',
        why: 'The plain URL and the same URL with ?t= give different content: a cache on the way (server or application cache) keeps the old version.',
        next: 'Empty the CMS’s cache and any server cache, then check again.',
      })
    }
  }
  if (webp && webp.hash !== plain.hash && /image\/webp/i.test(webp.headers['content-type'] ?? '')) {
    verdicts.push({
      kind: 'webp',
      why: `Browsers that accept WebP get another file (${webp.headers['content-type']}) than the one asked for (${plain.headers['content-type'] ?? '?'}): a WebP variant is substituted, and it may be older than the image.`,
      next: 'Regenerate or delete the .webp variant of this image (the module or plugin that makes them), then check again.',
    })
  }
  const age = maxAgeSec(plain.headers)
  if (age !== null && age > 0) {
    const days = age >= 86_400 ? `${Math.round(age / 86_400)} days` : `${age} s`
    verdicts.push({
      kind: 'browser',
      why: `Browsers may keep it for ${days} without asking again (${plain.headers['cache-control'] ? `Cache-Control: ${plain.headers['cache-control']}` : `Expires: ${plain.headers.expires}`}, usually mod_expires).`,
      next: 'Change the link (?v=2) so that browsers fetch it again; a visitor can force it with Ctrl+F5.',
    })
  }
  if (verdicts.length === 0 || verdicts.every((v) => v.kind === 'browser')) {
    verdicts.unshift({
      kind: 'origin',
      why: 'Every way of asking gets the same content: the server sends what is on disk now.',
      next: 'If it still looks old, it is the browser (see below) or the file itself on the server.',
    })
  }
  return { url, media, cdn, fetches, verdicts }
}

/** Reads a ban check: from here and from the server itself. */
export function banVerdict(
  local: BanCheck['local'],
  remote: BanCheck['remote'],
): { verdict: BanVerdictKind; explanation: string } {
  const localFails =
    local.status === null || local.status === 408 || local.status === 403 || local.status === 429
  const remoteOk =
    remote !== null && remote.status !== null && remote.status < 500 && remote.status !== 408
  if (!localFails)
    return {
      verdict: 'not-banned',
      explanation: `The site answers you (HTTP ${local.status} in ${Math.round(local.ms)} ms): your IP is not banned.`,
    }
  if (remoteOk)
    return {
      verdict: 'banned',
      explanation: `The site answers the server itself (HTTP ${remote!.status}) but not you (${local.error ?? `HTTP ${local.status}`}): the IDS has most likely banned your IP. Ask for it to be whitelisted in the manager (or wait for the ban to expire), and avoid bursts of requests (crawlers, load tests).`,
    }
  if (remote === null)
    return {
      verdict: 'unknown',
      explanation: `The site does not answer you (${local.error ?? `HTTP ${local.status}`}) and the server could not be asked over SSH: if SSH is refused too, your IP is probably banned at the firewall; try from another network.`,
    }
  return {
    verdict: 'site-down',
    explanation: `Neither you (${local.error ?? `HTTP ${local.status}`}) nor the server itself (${remote.error ?? `HTTP ${remote.status}`}) get an answer: the site is down or overloaded, not a ban.`,
  }
}

const HAPROXY_LINE =
  / haproxy\[\d+\]: \S+ \[[^\]]+\] (\S+) (\S+)\/(\S+) \S+ (\d{3}) \S+ \S+ \S+ (\S{4}) /

/** What HAProxy's termination state says, in words. */
function termination(state: string): string | null {
  const [who, when] = [state[0], state[1]]
  if (state.startsWith('--')) return null
  if (who === 'c' && when === 'R')
    return 'the client did not send its request in time (408): a ban or a slow client'
  if (who === 'P' && when === 'R')
    return 'HAProxy refused the request (a deny rule or an invalid request)'
  if (who === 's') return 'the server (backend) timed out'
  if (who === 'S') return 'the server (backend) aborted or refused the connection'
  if (who === 'C') return 'the client closed the connection'
  return `termination state ${state}`
}

/**
 * The server's own log lines of a probe (found by the token in its URL): whether HAProxy answered
 * it itself (`<NOSRV>`: a redirect or deny in HAProxy's configuration), or passed it on, and what
 * the web server behind logged.
 */
export function readProbeLines(lines: { file: string; line: string }[]): {
  haproxyItself: boolean
  evidence: string[]
} {
  const evidence: string[] = []
  let haproxyItself = false
  for (const { file, line } of lines) {
    const m = HAPROXY_LINE.exec(line)
    if (m) {
      const [, frontend, backend, server, status, state] = m
      const why = termination(state!)
      if (server === '<NOSRV>') {
        haproxyItself = /^3/.test(status!) || haproxyItself
        evidence.push(
          `${file}: HAProxy answered it itself (frontend ${frontend}, ${status}${why ? `: ${why}` : ''})`,
        )
      } else
        evidence.push(
          `${file}: HAProxy passed it to ${backend}/${server} (${status}${why ? `: ${why}` : ''})`,
        )
      continue
    }
    const status = /" (\d{3}) /.exec(line)?.[1]
    evidence.push(`${file}: the web server logged it${status ? ` (${status})` : ''}`)
  }
  return { haproxyItself, evidence }
}
