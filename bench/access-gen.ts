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

/** An nginx/Apache combined log of about `bytes` from `start`; returns its line count. */
export function writeCombinedLog(
  file: string,
  bytes: number,
  start = new Date('2026-11-20T00:00:00Z'),
): number {
  const next = requests(1, start, 40)
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

const LONG_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.{b}.{p}',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_{p} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{p} Mobile/15E148 Safari/604.1 [FBAN/FBIOS;FBAV/{b}.0.0.{p};FBBV/{b};FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.{p};FBSS/3;FBLC/fr_FR]',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.{b}.{p}; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/{v}.0.{b}.{p} Mobile Safari/537.36 Instagram {b}.0.0.{p}.{v} Android (34/14; 480dpi; 1080x2340; samsung; SM-S918B; dm3q; qcom; fr_FR; {b})',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{p} Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/{v}.0.{b}.{p} Safari/537.36',
  'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)',
  'Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; AS; rv:11.0) like Gecko',
]
const WORDS =
  'velo casque gants selle chambre-a-air pompe eclairage antivol sacoche maillot cuissard chaussures pedales chaine derailleur frein pneu roue guidon potence'.split(
    ' ',
  )

/**
 * A combined log unlike `writeCombinedLog`'s: tens of thousands of distinct clients (7% IPv6,
 * full addresses) and paths (product slugs, uploads, search and tracking query strings; about
 * 50,000, a few visited most, as on a shop), HTTP/2.0
 * and 1.1, HEAD and POST, long user agents (in-app browsers) and referers (search engines with
 * their queries), and two zones (+0100, then -0500, by blocks: two servers' logs joined).
 */
export function writeDiverseLog(file: string, bytes: number): number {
  const r = random(11)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!
  let ms = Date.parse('2026-11-02T00:00:00Z')
  let n = 0
  return writeLines(file, bytes, () => {
    ms += Math.floor(r() * 30)
    const zone = Math.floor(n++ / 100_000) % 2 === 0 ? 60 : -300
    const t = new Date(ms + zone * 60_000)
    const tz = zone > 0 ? '+0100' : '-0500'
    const c = Math.floor(r() * r() * 50_000)
    const ip =
      c % 14 === 0
        ? `2a01:cb08:${(c & 0xfff).toString(16)}:e400:${((c * 7919) & 0xffff).toString(16)}:${((c * 31) & 0xffff).toString(16)}:aa3c:${(c & 0xffff).toString(16)}`
        : `${80 + (c % 140)}.${(c >> 3) & 255}.${(c * 13) & 255}.${((c * 7) % 254) + 1}`
    // About 50,000 distinct paths, as a shop of 20,000 products has: each product its own
    // slug, 8,000 uploads, searches of two words with a campaign, carts of 2,000 sessions.
    const kind = r()
    const product = Math.floor(r() * r() * 20_000)
    const upload = Math.floor(r() * r() * 8_000)
    const path =
      kind < 0.45
        ? `/${WORDS[product % WORDS.length]}/${WORDS[(product >> 4) % WORDS.length]}-${product}.html`
        : kind < 0.7
          ? `/wp-content/uploads/20${20 + (upload % 6)}/${two(1 + (upload % 12))}/${(upload * 2654435761).toString(36)}-${(upload % 4) * 300}x${(upload % 3) * 200}.jpg`
          : kind < 0.8
            ? `/?s=${pick(WORDS)}+${pick(WORDS)}&post_type=product&utm_source=newsletter&utm_medium=email&utm_campaign=nov${Math.floor(r() * 30)}`
            : kind < 0.9
              ? `/module/ps_shoppingcart/ajax?id_product=${product}&token=${(Math.floor(r() * 2000) * 2654435761).toString(16)}`
              : pick(PAGES)
    const status = pick(STATUSES)
    const method = r() < 0.05 ? 'HEAD' : path.includes('ajax') || r() < 0.04 ? 'POST' : 'GET'
    const proto = r() < 0.6 ? 'HTTP/2.0' : 'HTTP/1.1'
    const referer =
      r() < 0.4
        ? '-'
        : r() < 0.5
          ? `https://www.google.fr/search?q=${pick(WORDS)}+${pick(WORDS)}+pas+cher&sca_esv=${Math.floor(r() * 1e9).toString(16)}&source=hp&ei=${Math.floor(r() * 1e12).toString(36)}&oq=${pick(WORDS)}&gs_lp=Egdnd3Mtd2l6`
          : `https://shop.example.fr/${pick(WORDS)}/${pick(WORDS)}-${Math.floor(r() * 40_000)}.html`
    const agent = pick(LONG_AGENTS)
      .replace(/\{v\}/g, String(100 + Math.floor(r() * 21)))
      .replace(/\{b\}/g, String(Math.floor(r() * 9000)))
      .replace(/\{p\}/g, String(Math.floor(r() * 200)))
    const size = status === 304 ? 0 : Math.floor(r() * 250_000)
    return `${ip} - - [${two(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())} ${tz}] "${method} ${path} ${proto}" ${status} ${size} "${referer}" "${agent}"`
  })
}
