// HTTP probes with their timings (DNS, connect, TLS, first byte, total), one hop at a time:
// a redirect is never followed by the request itself, so each hop is measured and explained.
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { createHash, randomBytes } from 'node:crypto'
import type { Socket } from 'node:net'
import {
  banVerdict,
  describeHop,
  diagnoseCache,
  failureVerdict,
  matchHtaccess,
  nextUrl,
} from '../../../core/http'
import type {
  BanCheck,
  CacheDiagnosis,
  CacheFetch,
  Hop,
  HopSample,
  HtaccessMatch,
} from '../../../shared/http'
import { ServiceError } from '../platform'
import { readRange } from '../files'
import type { SshTarget } from '../platform'
import { commandOutput, type Target } from '../platform'

export interface ProbeOptions {
  /** Basic auth (a preprod secure link's login). */
  auth?: { login: string; password: string }
  headers?: Record<string, string>
  timeoutMs?: number
  /** Accept a certificate that is not valid (a preprod with a self-signed one). */
  insecure?: boolean
  signal?: AbortSignal
}

/** Splits `https://LOGIN:PASSWORD@host/…` into the URL without its login, and the login. */
export function withoutLogin(text: string): {
  url: URL
  auth?: { login: string; password: string }
} {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ServiceError('BAD_REQUEST', `"${text}" is not a URL.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ServiceError('BAD_REQUEST', 'Only http:// and https:// URLs can be probed.')
  const auth =
    url.username || url.password
      ? { login: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined
  url.username = ''
  url.password = ''
  return { url, ...(auth ? { auth } : {}) }
}

/** One request, its body read and dropped (or hashed); the timings of each phase from the start. */
export function probe(
  url: string,
  options: ProbeOptions & { hash?: (chunk: Buffer | null) => void } = {},
): Promise<HopSample> {
  const target = new URL(url)
  const headers: Record<string, string> = {
    'User-Agent': 'TW-Workbench/1 (diagnosis)',
    Accept: '*/*',
    ...options.headers,
  }
  if (options.auth)
    headers.Authorization = `Basic ${Buffer.from(`${options.auth.login}:${options.auth.password}`).toString('base64')}`
  const timeoutMs = options.timeoutMs ?? 10_000
  const start = process.hrtime.bigint()
  const since = (): number => Number(process.hrtime.bigint() - start) / 1e6
  return new Promise<HopSample>((resolve, reject) => {
    let dnsMs: number | null = null
    let connectMs: number | null = null
    let tlsMs: number | null = null
    let ttfbMs = 0
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(
      target,
      {
        method: 'GET',
        headers,
        agent: false, // a fresh connection each time: its setup is part of what is measured
        ...(target.protocol === 'https:' ? { rejectUnauthorized: !options.insecure } : {}),
      },
      (res: IncomingMessage) => {
        ttfbMs = since()
        res.on('data', (chunk: Buffer) => options.hash?.(chunk))
        res.on('end', () => {
          clearTimeout(timer)
          options.hash?.(null)
          const flat: Record<string, string> = {}
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v
          resolve({
            status: res.statusCode ?? 0,
            dnsMs,
            connectMs,
            tlsMs,
            ttfbMs,
            totalMs: since(),
            headers: flat,
          })
        })
        res.on('error', fail)
      },
    )
    const timer = setTimeout(() => {
      req.destroy(
        Object.assign(new Error(`no answer in ${timeoutMs / 1000} s`), { code: 'TIMEOUT' }),
      )
    }, timeoutMs)
    function fail(err: Error & { code?: string }): void {
      clearTimeout(timer)
      const code = err.code ?? 'ERROR'
      reject(
        new ServiceError(
          code === 'TIMEOUT' ? 'TIMEOUT' : 'IO',
          `${target.origin}: ${err.message}. ${failureVerdict(code)}`,
        ),
      )
    }
    req.on('socket', (socket: Socket) => {
      socket.once('lookup', () => (dnsMs = since()))
      socket.once('connect', () => (connectMs = since()))
      socket.once('secureConnect', () => (tlsMs = since()))
    })
    req.on('error', fail)
    options.signal?.addEventListener('abort', () => req.destroy(new Error('cancelled')), {
      once: true,
    })
    req.end()
  })
}

export interface TraceOptions extends ProbeOptions {
  /** Requests per hop (the median decides). */
  repeat?: number
  maxHops?: number
  /** Reads `.htaccess` files along a path on the server: [file, text] pairs, nearest last. */
  htaccessFor?: (url: URL) => Promise<[string, string][]>
  /**
   * Finds the server's log lines holding a token: each hop's first request carries a unique
   * `t=` so that the front end's and web server's own lines of it can be read.
   */
  logsFor?: (token: string) => Promise<{ file: string; line: string }[]>
  /** Each hop once it is final (its evidence complete), in order. */
  onHop?: (hop: Hop) => void
}

/** Whether a login given for `b` may go to `a`: same scheme, host and port (default ports too). */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin
}

/** Follows a URL's redirect chain hop by hop, measuring each hop `repeat` times. */
export async function traceRedirects(start: string, options: TraceOptions = {}): Promise<Hop[]> {
  const { url, auth } = withoutLogin(start)
  const login = options.auth ?? auth
  const hops: Hop[] = []
  const seen = new Set<string>()
  let current: string | null = url.href
  while (current && hops.length < (options.maxHops ?? 10)) {
    if (seen.has(current)) break // a loop: the last hop shows where it goes back
    seen.add(current)
    const here = new URL(current)
    // The login goes to the same origin only (scheme, host and port): never to another site,
    // nor in clear text after an HTTPS page redirects to http:// on the same host.
    const sameHost = sameOrigin(here, url)
    const samples: HopSample[] = []
    const token = options.logsFor ? `twb${randomBytes(6).toString('hex')}` : null
    try {
      for (let i = 0; i < (options.repeat ?? 3); i++) {
        let asked = current
        if (token && i === 0) {
          // The first request carries the token (the last one, untagged, gives the Location).
          const tagged = new URL(current)
          tagged.searchParams.append('t', token)
          asked = tagged.href
        }
        samples.push(
          await probe(asked, { ...options, ...(login && sameHost ? { auth: login } : {}) }),
        )
      }
    } catch (err) {
      // A redirect to where nothing answers (often a leaked back end): the hops so far are
      // kept, the last one says where it led and why that failed.
      const last = hops[hops.length - 1]
      if (!last || options.signal?.aborted) throw err
      last.evidence.push(
        `The next hop, ${current}, could not be reached: ${(err as Error).message}`,
      )
      break
    }
    // The hop before is final now that this one answered.
    const before = hops[hops.length - 1]
    if (before) options.onHop?.(before)
    let logLines: { file: string; line: string }[] = []
    if (token && options.logsFor) {
      // Logs are written when the request ends: give them a moment.
      for (let attempt = 0; attempt < 3 && logLines.length === 0; attempt++) {
        if (attempt > 0) await new Promise((ok) => setTimeout(ok, 400))
        logLines = await options.logsFor(token).catch(() => [])
      }
    }
    let htaccess: HtaccessMatch | null = null
    if (options.htaccessFor && samples[0]!.headers.location) {
      for (const [file, text] of (await options.htaccessFor(here)).reverse()) {
        htaccess = matchHtaccess(file, text, here.pathname)
        if (htaccess) break
      }
    }
    const hop = describeHop(current, samples, { htaccess, logLines })
    hops.push(hop)
    current = nextUrl(hop)
  }
  const last = hops[hops.length - 1]
  if (last) options.onHop?.(last)
  return hops
}

/**
 * The `.htaccess` files Apache reads for a URL's path under the CMS root (the root's, then each
 * folder's down to the page), those the login can read: [path, text], nearest last.
 */
export function htaccessReader(
  target: Target,
  cmsRoot: string,
): (url: URL) => Promise<[string, string][]> {
  return async (url) => {
    const parts = url.pathname.split('/').filter(Boolean)
    const dirs = [cmsRoot.replace(/\/$/, '')]
    // Every folder of the path (the last part may be a file: its folder is the one before).
    for (const part of parts.slice(0, -1)) dirs.push(`${dirs[dirs.length - 1]}/${part}`)
    const found: [string, string][] = []
    for (const dir of dirs) {
      const path = `${dir}/.htaccess`
      try {
        found.push([path, (await readRange(target, path, 0, 256 << 10)).text])
      } catch {
        // none there, or not readable: Apache would not stop either
      }
    }
    return found
  }
}

/**
 * Fetches a resource four ways (plain, with a `?t=` no cache has seen, each with and without
 * `Accept: image/webp`) and reads which cache serves what.
 */
export async function cacheDiagnosis(
  start: string,
  options: ProbeOptions = {},
): Promise<CacheDiagnosis> {
  const { url, auth } = withoutLogin(start)
  const login = options.auth ?? auth
  const busted = new URL(url)
  busted.searchParams.set('t', randomBytes(6).toString('hex'))
  const ways: [CacheFetch['variant'], URL, Record<string, string>][] = [
    ['plain', url, {}],
    ['busted', busted, {}],
    ['webp', url, { Accept: 'image/webp,image/*,*/*;q=0.8' }],
    ['webp-busted', busted, { Accept: 'image/webp,image/*,*/*;q=0.8' }],
  ]
  const fetches: CacheFetch[] = []
  for (const [variant, where, headers] of ways) {
    const digest = createHash('sha256')
    let bytes = 0
    let hash = ''
    const sample = await probe(where.href, {
      ...options,
      ...(login ? { auth: login } : {}),
      headers: { ...options.headers, ...headers },
      hash: (chunk) => {
        if (chunk) {
          bytes += chunk.length
          digest.update(chunk)
        } else hash = digest.digest('hex')
      },
    })
    fetches.push({
      variant,
      url: where.href,
      status: sample.status,
      hash,
      bytes,
      headers: sample.headers,
    })
  }
  return diagnoseCache(url.href, fetches)
}

/**
 * Is it me or the site? The site probed from here with a short timeout, then from the server
 * itself (curl over SSH, the preprod login passed in its environment, never on a command line).
 */
export async function banCheck(
  start: string,
  options: ProbeOptions & {
    /** Runs curl on the server: status or error; null when the server cannot be asked. */
    fromServer?: (
      url: string,
      auth?: { login: string; password: string },
    ) => Promise<BanCheck['remote']>
  } = {},
): Promise<BanCheck> {
  const { url, auth } = withoutLogin(start)
  const login = options.auth ?? auth
  const began = Date.now()
  let local: BanCheck['local']
  try {
    const s = await probe(url.href, {
      ...options,
      timeoutMs: options.timeoutMs ?? 5000,
      ...(login ? { auth: login } : {}),
    })
    local = { status: s.status, error: null, ms: s.totalMs }
  } catch (err) {
    local = { status: null, error: (err as Error).message.split('. ')[0]!, ms: Date.now() - began }
  }
  let remote: BanCheck['remote'] = null
  if (options.fromServer) {
    try {
      remote = await options.fromServer(url.href, login)
    } catch {
      remote = null
    }
  }
  return { url: url.href, local, remote, ...banVerdict(local, remote) }
}

/** A curl config line (`-K`) giving the login: quoted, with `\\` and `"` escaped as curl reads them. */
export function curlUserLine(login: string, password: string): string {
  return `user = "${`${login}:${password}`.replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

/** `fromServer` for `banCheck`: curl run on the server over SSH. */
export function curlFromServer(
  target: SshTarget,
  timeoutSec = 10,
): (url: string, auth?: { login: string; password: string }) => Promise<BanCheck['remote']> {
  return async (url, auth) => {
    // The login reaches curl as a config line on its stdin (`-K -`), written by the shell's
    // printf builtin: never in curl's argv, which `ps` shows until curl gets to blank it.
    const script = auth
      ? `c=$TWB_CURL_CONFIG; unset TWB_CURL_CONFIG; printf '%s\\n' "$c" | curl -K - -s -o /dev/null -w '%{http_code}' --max-time ${timeoutSec} "$0"`
      : `curl -s -o /dev/null -w '%{http_code}' --max-time ${timeoutSec} "$0"`
    const proc = target.exec(['sh', '-c', script, url], {
      ...(auth
        ? { secretEnv: { name: 'TWB_CURL_CONFIG', value: curlUserLine(auth.login, auth.password) } }
        : {}),
    })
    let out = ''
    proc.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')))
    proc.stderr.resume()
    const r = await proc.exit
    if (r.code === 127) return { status: null, error: 'the server has no curl' }
    const status = Number(out.trim())
    if (r.code === 28) return { status: null, error: 'timeout from the server too' }
    if (r.code !== 0 || !status) return { status: null, error: `curl exit ${r.code}` }
    return { status, error: null }
  }
}

/** `logsFor` for `traceRedirects`: grep on the server, in the given logs, for the probe's token. */
export function logGrep(
  target: Target,
  files: string[],
): (token: string) => Promise<{ file: string; line: string }[]> {
  return async (token) => {
    if (files.length === 0) return []
    // grep exits 2 when one of the logs cannot be read: the others' lines still count.
    const out = await commandOutput(
      target,
      ['grep', '-F', '-H', '--', token, ...files.map((f) => target.commandPath(f))],
      4 << 20,
      [0, 1, 2],
    )
    return out
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const colon = l.indexOf(':')
        return { file: l.slice(0, colon), line: l.slice(colon + 1) }
      })
  }
}
