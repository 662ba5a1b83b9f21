// Web access logs as data: one definition per format (a pattern with named fields), tried in
// order, most specific first, as lnav does. HAProxy `option httplog` (behind rsyslog, RFC 3339 or
// RFC 3164 headers, IPv6 clients, space-padded days), Apache `vhost_combined` (with or without
// `%D`), and the combined/common format Apache and nginx share (extra fields after it allowed,
// like a custom nginx `log_format` that appends timings). A line no format matches is counted
// as unparsed, never dropped.
import type { AccessRecord } from '../../shared/logs'

export type { AccessRecord } from '../../shared/logs'
import { AccessStatsImpl } from './access-stats'

export interface AccessFormat {
  name: string
  pattern: RegExp
  /** Sample lines: one generic test checks that each definition reads its own samples. */
  samples: string[]
  read(m: RegExpExecArray): AccessRecord
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
}

/** `28/Nov/2026:14:20:40 +0100` (the zone may be missing: HAProxy's accept date has none). */
export function clfTime(text: string, zone?: string): number | null {
  // A log writes the same second on many lines in a row: the last one read is kept.
  if (text === lastClf.text && zone === lastClf.zone) return lastClf.ms
  const ms = readClfTime(text, zone)
  lastClf = { text, zone, ms }
  return ms
}

let lastClf: { text: string; zone: string | undefined; ms: number | null } = {
  text: '',
  zone: undefined,
  ms: null,
}

function readClfTime(text: string, zone?: string): number | null {
  const m =
    /^(\d{1,2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: ([+-])(\d{2})(\d{2}))?$/.exec(
      text,
    )
  if (!m || MONTHS[m[2]!] === undefined) return null
  let ms = Date.UTC(
    Number(m[3]),
    MONTHS[m[2]!]!,
    Number(m[1]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    Number((m[7] ?? '0').padEnd(3, '0')),
  )
  const offset = offsetMinutes(m[8] ? `${m[8]}${m[9]}${m[10]}` : (zone ?? ''))
  if (offset !== null) ms -= offset * 60_000
  return ms
}

/** `+01:00`, `-0530`, `Z`: minutes east of UTC; null when not such a zone. */
export function offsetMinutes(zone: string): number | null {
  if (zone === 'Z') return 0
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)
  if (!z) return null
  const minutes = Number(z[2]) * 60 + Number(z[3])
  return z[1] === '-' ? -minutes : minutes
}

function request(text: string): { method: string; path: string } {
  const sp = text.indexOf(' ')
  if (sp < 0) return { method: '', path: text }
  const sp2 = text.lastIndexOf(' ')
  return {
    method: text.slice(0, sp),
    path:
      sp2 > sp + 1 && text.startsWith('HTTP/', sp2 + 1)
        ? text.slice(sp + 1, sp2)
        : text.slice(sp + 1),
  }
}

/** The fields every CLF-based format shares, read from its named groups. */
function clfRecord(g: Record<string, string | undefined>): AccessRecord {
  const { method, path } = request(g.req!)
  // Built as one literal, the agent added after: spreads cost a third of the explorer's time.
  const r: AccessRecord = {
    time: clfTime(g.time!),
    ip: g.ip!,
    method,
    path,
    status: Number(g.status),
    bytes: g.bytes === '-' ? 0 : Number(g.bytes),
  }
  if (g.agent !== undefined && g.agent !== '-') r.agent = g.agent
  return r
}

// Fields separated by one space as Apache and nginx write them, or more (a LogFormat with a
// doubled space, as lnav also reads).
const CLF_FIELDS = String.raw`(?<ip>\S+) +\S+ +\S+ +\[(?<time>[^\]]+)\] "(?<req>(?:[^"\\]|\\.)*)" (?<status>\d{3}) (?<bytes>\d+|-)`

export const ACCESS_FORMATS: AccessFormat[] = [
  {
    name: 'haproxy-http',
    // [syslog header] haproxy[pid]: ip:port [accept date] frontend backend/server Tq/Tw/Tc/Tr/Ta status bytes … "request"
    pattern:
      /^(?:(?<stamp>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?<zone>Z|[+-]\d{2}:\d{2}))|[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}) \S+ haproxy\[\d+\]: (?<ip>\S+):\d+ \[(?<time>[^\]]+)\] \S+ \S+ (?:-?\d+\/){4}(?<ta>-?\d+) (?<status>\d{3}) (?<bytes>\d+) \S+ \S+ (?<term>\S{4}) .*?"(?<req>[^"]*)"$/,
    samples: [
      '2026-11-28T14:22:35+01:00 localhost haproxy[17461]: 127.0.0.1:46924 [28/Nov/2026:14:22:35.192] fe_web be_nginx/nginx1 0/0/0/16/23 200 30471 - - ---- 2/2/0/0/0 0/0 {127.0.0.1:8081|} "GET /shipping/ HTTP/1.1"',
      '2026-11-28T14:20:35+01:00 localhost haproxy[17461]: 127.0.0.1:50286 [28/Nov/2026:14:20:30.798] fe_web fe_web/<NOSRV> -1/-1/-1/-1/5001 408 0 - - cR-- 2/2/0/0/0 0/0 "<BADREQ>"',
      'Dec  1 09:00:00 lb1 haproxy[99]: 2001:db8::7:51234 [01/Dec/2026:09:00:00.001] fe be/s1 0/0/1/2/3 200 10 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
    ],
    read(m) {
      const g = m.groups!
      const r = request(g.req!)
      const ta = Number(g.ta)
      return {
        time: clfTime(g.time!, g.zone),
        ip: g.ip!,
        ...r,
        status: Number(g.status),
        bytes: Number(g.bytes),
        ...(ta >= 0 ? { durationMs: ta } : {}),
        termination: g.term!,
      }
    },
  },
  {
    name: 'apache-vhost-combined',
    pattern: new RegExp(
      String.raw`^(?<vhost>[^\s:]+(?::\d+)?) ${CLF_FIELDS} "(?:[^"\\]|\\.)*" "(?<agent>(?:[^"\\]|\\.)*)"(?: (?<us>\d+))?$`,
    ),
    samples: [
      'localhost:8082 127.0.0.1 - - [28/Nov/2026:14:22:26 +0100] "GET / HTTP/1.1" 200 47705 "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0" 29661',
    ],
    read(m) {
      const g = m.groups!
      return {
        ...clfRecord(g),
        vhost: g.vhost!,
        ...(g.us ? { durationMs: Number(g.us) / 1000 } : {}),
      }
    },
  },
  {
    name: 'combined',
    pattern: new RegExp(
      String.raw`^${CLF_FIELDS}(?: "(?:[^"\\]|\\.)*" "(?<agent>(?:[^"\\]|\\.)*)")?(?: .*)?$`,
    ),
    samples: [
      '127.0.0.1 - - [28/Nov/2026:14:22:35 +0100] "GET /shipping/ HTTP/1.1" 200 30151 "-" "Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X)"',
      '2001:db8::1 - bob [01/Dec/2026:09:00:00 -0500] "POST /wp-login.php HTTP/2.0" 302 0',
    ],
    read(m) {
      return clfRecord(m.groups!)
    },
  },
  {
    name: 'combined-forwarded',
    // nginx behind proxies, logging the X-Forwarded-For list before the usual fields, quoted or
    // not: the client is the list's first address.
    pattern: new RegExp(
      String.raw`^(?:"(?<fwdq>[^"]*)" |(?<fwd>(?:[^\s,"]+, )+(?:[^\s,"]+ )?))${CLF_FIELDS}(?: "(?:[^"\\]|\\.)*" "(?<agent>(?:[^"\\]|\\.)*)")?(?: .*)?$`,
    ),
    samples: [
      '10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] "GET /ocelot HTTP/1.1" 200 571 "-" "Mozilla/5.0"',
      '"10.5.102.222, 199.96.1.1" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "GET /a HTTP/1.1" 200 25507 "-" "Amazon CloudFront"',
    ],
    read(m) {
      const g = m.groups!
      const first = (g.fwdq ?? g.fwd ?? '').split(',')[0]!.trim()
      return { ...clfRecord(g), ip: first || g.ip! }
    },
  },
  {
    name: 'iso-first',
    // The time first, zone-less, then the client, the user and the request without a protocol
    // (lnav's ts-first variants): 2013-02-11T06:43:36 10.112.72.172 - GET "/client/" -1 200 5778 …
    pattern:
      /^(?<stamp>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?) (?<ip>\S+) \S+ (?<method>[A-Z]+) (?:"(?<qpath>[^ "]+)"|(?<path>[^ "]+)) (?:-1|\d+) (?<status>\d{3}) (?<bytes>\d+)(?:\s.*)?$/,
    samples: [
      '2013-02-11T06:43:36 10.112.72.172 - GET "/client/" -1 200 5778 "-" "Mozilla/5.0 (Windows NT 6.1; WOW64)"',
      '2013-02-11T06:43:36 10.112.72.172 - GET /client/ -1 200 5778 "-" "Mozilla/5.0"',
    ],
    read(m) {
      const g = m.groups!
      const time = Date.parse(`${g.stamp}Z`)
      return {
        time: Number.isNaN(time) ? null : time,
        ip: g.ip!,
        method: g.method!,
        path: g.qpath ?? g.path!,
        status: Number(g.status),
        bytes: Number(g.bytes),
      }
    },
  },
]

/**
 * The other formats a line of an access log may be in when the file's own format does not read
 * it (a file that mixes virtual-host and plain lines, or proxied and direct requests): tried in
 * order, on those lines only.
 */
export function fallbackFormats(format: AccessFormat | null): AccessFormat[] {
  return ACCESS_FORMATS.filter((f) => f !== format)
}

/**
 * Reads one line of an access log: with its file's format, else (a built-in format, or none)
 * with the other built-in ones; a user's own format reads its lines alone. Null when nothing
 * reads it. Zone-less HAProxy times are placed in `zone` when given.
 */
export function createAccessLineReader(
  given: AccessFormat | null,
  zone?: string,
): (text: string) => AccessRecord | null {
  const format = given && zone ? withZone(given, zone) : given
  const others =
    given === null || ACCESS_FORMATS.includes(given)
      ? fallbackFormats(given).map((f) => (zone ? withZone(f, zone) : f))
      : []
  return (text) => {
    const m = format?.pattern.exec(text)
    if (m) return format!.read(m)
    for (const other of others) {
      const o = other.pattern.exec(text)
      if (o) return other.read(o)
    }
    return null
  }
}

/**
 * The format with its times that carry no zone of their own (HAProxy's accept date under an
 * RFC 3164 syslog header) read in `zone` (`+01:00`, the server's) instead of UTC. The CLF
 * formats always write their zone: they are returned as they are.
 */
export function withZone(format: AccessFormat, zone: string | null): AccessFormat {
  if (zone === null || format.name !== 'haproxy-http') return format
  return {
    ...format,
    read(m) {
      const r = format.read(m)
      const g = m.groups!
      return g.zone || r.time === null ? r : { ...r, time: clfTime(g.time!, zone) }
    },
  }
}

/** Minutes east of UTC as `+01:00`. */
export function zoneText(minutes: number): string {
  const a = Math.abs(minutes)
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

/** The first format that reads most of the sample lines (a file's head). */
export function detectAccessFormat(lines: string[]): AccessFormat | null {
  return bestFormat(ACCESS_FORMATS, lines)
}

/** Of formats tried in order, the first that reads the most lines; null when none reads any. */
export function bestFormat<F extends { pattern: RegExp }>(formats: F[], lines: string[]): F | null {
  let best: F | null = null
  let bestHits = 0
  for (const f of formats) {
    const hits = lines.filter((l) => f.pattern.test(l)).length
    if (hits > bestHits) {
      best = f
      bestHits = hits
    }
  }
  return best
}

export interface AccessStats {
  format: string | null
  lines: number
  parsed: number
  unparsed: number
  firstTime: string | null
  lastTime: string | null
  status: Record<string, number>
  topPaths: [string, number][]
  topIps: [string, number][]
  /** Distinct paths and IPs counted (the tops are the first of these). */
  distinctPaths: number
  distinctIps: number
}

/** What one part of a file's counts is, to be merged with the others (a worker's answer). */
export interface AccessStatsPartial {
  lines: number
  parsed: number
  first: number | null
  last: number | null
  status: Record<string, number>
  paths: [string, number][]
  ips: [string, number][]
}

export interface AccessStatsCounter {
  /** One line of text (without its end of line). */
  line(text: string): void
  /**
   * The file's bytes, in chunks of any size: lines are split, and those of the built-in
   * formats are read on their bytes (see access-scan); the others are decoded for `line`.
   */
  bytes(chunk: Uint8Array): void
  /** The end of the bytes: their last line may have no end of line. */
  end(): void
  partial(): AccessStatsPartial
  merge(p: AccessStatsPartial): void
  result(top?: number): AccessStats
}

/** A line longer than this is cut, as the line splitter does (the rest is more lines). */
export const MAX_LINE = 1 << 20

/** Counts over access log lines, in memory bounded by distinct paths and IPs. */
export function createAccessStats(
  given: AccessFormat | null,
  /** The zone of times written without one (HAProxy under RFC 3164), `+01:00`; else UTC. */
  zone?: string,
): AccessStatsCounter {
  return new AccessStatsImpl(given, zone)
}

/** No CR, and no byte that may begin U+2028 or U+2029 (which `.` does not match). */
export function isPlain(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] === 0x0d || b[i] === 0xe2) return false
  return true
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

const MONTH_NAMES = Object.keys(MONTHS)

/** 0 for `Jan` … 11 for `Dec`; -1 for anything else. */
export function monthIndex(name: string): number {
  return Object.prototype.hasOwnProperty.call(MONTHS, name) ? MONTHS[name]! : -1
}

/** The zone offset in minutes of a CLF time in a line (`[28/Nov/2026:14:22:07 +0100]`), if any. */
export function clfOffsetMinutes(line: string): number | null {
  const m = /\[\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d(?:\.\d+)? ([+-])(\d\d)(\d\d)\]/.exec(
    line,
  )
  if (!m) return null
  const minutes = Number(m[2]) * 60 + Number(m[3])
  return m[1] === '-' ? -minutes : minutes
}

/** The zone of an RFC 5424 / ISO syslog stamp at the start of a line (`2026-11-28T14:22:35+01:00`). */
export function syslogZoneMinutes(line: string): number | null {
  const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2}) /.exec(line)
  return m ? offsetMinutes(m[1]!) : null
}

export interface LocalMinute {
  day: string
  /** `Nov` */
  month: string
  /** `11` */
  monthNumber: string
  year: number
  hour: string
  minute: string
}

/**
 * Each minute of [fromMs, toMs] as a log written with the zone offset `offsetMinutes` prints it
 * (at most 121): the fixed strings grep needs to find those lines on the server.
 */
export function localMinutes(fromMs: number, toMs: number, offsetMinutes: number): LocalMinute[] {
  const out: LocalMinute[] = []
  const two = (n: number): string => String(n).padStart(2, '0')
  const start = Math.floor((fromMs + offsetMinutes * 60_000) / 60_000) * 60_000
  for (let t = start; t <= toMs + offsetMinutes * 60_000 && out.length <= 120; t += 60_000) {
    const d = new Date(t)
    out.push({
      day: two(d.getUTCDate()),
      month: MONTH_NAMES[d.getUTCMonth()]!,
      monthNumber: two(d.getUTCMonth() + 1),
      year: d.getUTCFullYear(),
      hour: two(d.getUTCHours()),
      minute: two(d.getUTCMinutes()),
    })
  }
  return out
}

/** The CLF minute prefixes (`28/Nov/2026:14:22:`) covering [fromMs, toMs]; see localMinutes. */
export function clfMinutePrefixes(fromMs: number, toMs: number, offsetMinutes: number): string[] {
  return localMinutes(fromMs, toMs, offsetMinutes).map(
    (m) => `${m.day}/${m.month}/${m.year}:${m.hour}:${m.minute}:`,
  )
}
