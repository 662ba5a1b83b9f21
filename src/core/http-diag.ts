// HTTP diagnosis as the hosting guide does it by hand: where a redirect comes from (told apart
// by its time to first byte: under 50 ms the front end or an .htaccess answered, over 250 ms the
// application did), and what the evidence the servers leave says (X-Redirect-By, Server, Via,
// HSTS). Pure: the probes are made by the main process and given here as data.

import type { Hop, HopSample, HtaccessMatch, RedirectOrigin } from '../shared/http-diagnosis'

export type { Hop, HopSample, HtaccessMatch, RedirectOrigin } from '../shared/http-diagnosis'

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
  options: { htaccess?: HtaccessMatch | null } = {},
): Hop {
  const last = samples[samples.length - 1]!
  const h = last.headers
  const ttfbMs = median(samples.map((s) => s.ttfbMs))
  const evidence: string[] = []
  let origin: RedirectOrigin | null = null
  const location = h.location ?? null
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
    if (by) {
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
  }
}

function safeUrl(text: string, base: string): URL | null {
  try {
    return new URL(text, base)
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
