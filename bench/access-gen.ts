// Realistic access logs for the benchmark, built from the shapes of the real samples: an nginx
// combined log and an HAProxy `option httplog` log behind rsyslog. Both have IPv6 clients, query
// strings, bots and errors; the HAProxy one (300 MB: nearly four days) ends on Dec 1st, whose day
// rsyslog pads with a space (`Dec  1`).
import { closeSync, openSync, writeSync } from 'node:fs'
import { random } from '../test/harness/random'

const AGENTS = [
  'Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'curl/7.88.1',
  'WordPress/6.4.2; https://www.example.com',
]
const PAGES = [
  '/',
  '/shipping/',
  '/wp-comments-post.php',
  '/favicon.ico',
  '/wp-admin/admin-ajax.php',
  '/wp-cron.php',
  '/feed/',
  '/category/shoes/',
  '/index.php',
  '/module/ps_shoppingcart/ajax',
  '/wp-login.php',
  '/xmlrpc.php',
]
const STATUSES = [200, 200, 200, 200, 200, 200, 200, 304, 302, 301, 404, 404, 403, 500, 408, 429]
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ')

interface Request {
  ip: string
  time: Date
  method: string
  path: string
  status: number
  bytes: number
  agent: string
  referer: string
}

/** One request after another, 0 to `gapMs` apart, from a pool of clients (5 % over IPv6). */
function requests(seed: number, start: Date, gapMs: number): () => Request {
  const r = random(seed)
  let ms = start.getTime()
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!
  return () => {
    ms += Math.floor(r() * gapMs)
    const client = Math.floor(r() * r() * 20_000)
    const ip =
      client % 20 === 0
        ? `2001:db8:${(client >> 8).toString(16)}::${(client & 255).toString(16)}`
        : `${10 + (client >> 16)}.${(client >> 8) & 255}.${client & 255}.${client % 251}`
    const page = r() < 0.3 ? `/product/${Math.floor(r() * r() * 30_000)}-item.html` : pick(PAGES)
    const query = r() < 0.2 ? `?id=${Math.floor(r() * 1000)}&utm_source=news` : ''
    const status = pick(STATUSES)
    return {
      ip,
      time: new Date(ms),
      method: page.endsWith('.php') && r() < 0.5 ? 'POST' : 'GET',
      path: page + query,
      status,
      bytes: status === 304 || status === 408 ? 0 : Math.floor(r() * 60_000),
      agent: pick(AGENTS),
      referer: r() < 0.5 ? '-' : `https://www.example.com${pick(PAGES)}`,
    }
  }
}

const two = (n: number): string => String(n).padStart(2, '0')

/** `28/Nov/2026:14:22:35` in the log's own zone (+01:00). */
function clf(d: Date): string {
  const t = new Date(d.getTime() + 3_600_000)
  return `${two(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`
}

/** Writes `line()` and a newline until the file has about `bytes`; returns the line count. */
export function writeLines(file: string, bytes: number, line: () => string): number {
  const fd = openSync(file, 'w')
  let written = 0
  let lines = 0
  let chunk = ''
  while (written + chunk.length < bytes) {
    chunk += line() + '\n'
    lines++
    if (chunk.length > 4 << 20) {
      written += writeSync(fd, chunk)
      chunk = ''
    }
  }
  writeSync(fd, chunk)
  closeSync(fd)
  return lines
}

/** An nginx/Apache combined log of about `bytes`; returns its line count. */
export function writeCombinedLog(file: string, bytes: number): number {
  const next = requests(1, new Date('2026-11-20T00:00:00Z'), 40)
  return writeLines(file, bytes, () => {
    const q = next()
    return `${q.ip} - - [${clf(q.time)} +0100] "${q.method} ${q.path} HTTP/1.1" ${q.status} ${q.bytes} "${q.referer}" "${q.agent}"`
  })
}

/**
 * An HAProxy `option httplog` log behind rsyslog's traditional format (RFC 3164, days padded
 * with a space), of about `bytes`; returns its line count.
 */
export function writeHaproxyLog(file: string, bytes: number): number {
  const next = requests(2, new Date('2026-11-27T12:00:00Z'), 400)
  const r = random(3)
  return writeLines(file, bytes, () => {
    const q = next()
    const t = new Date(q.time.getTime() + 3_600_000)
    const header = `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, ' ')} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} lb1`
    const port = 1024 + Math.floor(r() * 60_000)
    const accept = `${clf(q.time)}.${String(q.time.getUTCMilliseconds()).padStart(3, '0')}`
    if (q.status === 408)
      return `${header} haproxy[17461]: ${q.ip}:${port} [${accept}] fe_web fe_web/<NOSRV> -1/-1/-1/-1/5001 408 0 - - cR-- 2/2/0/0/0 0/0 "<BADREQ>"`
    const tr = Math.floor(r() * r() * 3000)
    const server = `be_nginx/nginx${1 + (port % 3)}`
    const term = q.status >= 500 ? 'SH--' : '----'
    return `${header} haproxy[17461]: ${q.ip}:${port} [${accept}] fe_web ${server} 0/0/0/${tr}/${tr + 3} ${q.status} ${q.bytes + 320} - - ${term} ${1 + (port % 40)}/${1 + (port % 40)}/0/0/0 0/0 "${q.method} ${q.path} HTTP/1.1"`
  })
}
