// Web access logs as data: one definition per format (a pattern with named fields), tried in
// order, most specific first, as lnav does. HAProxy `option httplog` (behind rsyslog, RFC 3339 or
// RFC 3164 headers, IPv6 clients, space-padded days), Apache `vhost_combined` (with or without
// `%D`), and the combined/common format Apache and nginx share (extra fields after it allowed,
// like a custom nginx `log_format` that appends timings). A line no format matches is counted
// as unparsed, never dropped.
import type { AccessRecord } from '../shared/logs'

export type { AccessRecord } from '../shared/logs'

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
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(m[8] ? `${m[8]}${m[9]}${m[10]}` : (zone ?? ''))
  if (z) ms -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000
  return ms
}

function request(text: string): { method: string; path: string } {
  const sp = text.indexOf(' ')
  if (sp < 0) return { method: '', path: text }
  const rest = text.slice(sp + 1)
  const sp2 = rest.lastIndexOf(' ')
  return {
    method: text.slice(0, sp),
    path: sp2 > 0 && rest.slice(sp2 + 1).startsWith('HTTP/') ? rest.slice(0, sp2) : rest,
  }
}

/** The fields every CLF-based format shares, read from its named groups. */
function clfRecord(g: Record<string, string | undefined>): AccessRecord {
  return {
    time: clfTime(g.time!),
    ip: g.ip!,
    ...request(g.req!),
    status: Number(g.status),
    bytes: g.bytes === '-' ? 0 : Number(g.bytes),
    ...(g.agent !== undefined && g.agent !== '-' ? { agent: g.agent } : {}),
  }
}

const CLF_FIELDS = String.raw`(?<ip>\S+) \S+ \S+ \[(?<time>[^\]]+)\] "(?<req>(?:[^"\\]|\\.)*)" (?<status>\d{3}) (?<bytes>\d+|-)`

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
]

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
}

/** Counts over access log lines, in memory bounded by distinct paths and IPs. */
export function createAccessStats(format: AccessFormat | null): {
  line(text: string): void
  result(top?: number): AccessStats
} {
  let lines = 0
  let parsed = 0
  let first: number | null = null
  let last: number | null = null
  const status: Record<string, number> = {}
  const paths = new Map<string, number>()
  const ips = new Map<string, number>()
  return {
    line(text) {
      if (text.length === 0) return
      lines++
      const m = format?.pattern.exec(text)
      if (!m || !format) return
      const r = format.read(m)
      parsed++
      if (r.time !== null) {
        if (first === null || r.time < first) first = r.time
        if (last === null || r.time > last) last = r.time
      }
      status[r.status] = (status[r.status] ?? 0) + 1
      const path = r.path.split('?')[0] ?? r.path
      paths.set(path, (paths.get(path) ?? 0) + 1)
      ips.set(r.ip, (ips.get(r.ip) ?? 0) + 1)
    },
    result(top = 10) {
      const rank = (m: Map<string, number>): [string, number][] =>
        [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top)
      const iso = (ms: number | null): string | null =>
        ms === null ? null : new Date(ms).toISOString()
      return {
        format: format?.name ?? null,
        lines,
        parsed,
        unparsed: lines - parsed,
        firstTime: iso(first),
        lastTime: iso(last),
        status,
        topPaths: rank(paths),
        topIps: rank(ips),
      }
    },
  }
}

const MONTH_NAMES = Object.keys(MONTHS)

/** The zone offset in minutes of a CLF time in a line (`[28/Nov/2026:14:22:07 +0100]`), if any. */
export function clfOffsetMinutes(line: string): number | null {
  const m = /\[\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d(?:\.\d+)? ([+-])(\d\d)(\d\d)\]/.exec(
    line,
  )
  if (!m) return null
  const minutes = Number(m[2]) * 60 + Number(m[3])
  return m[1] === '-' ? -minutes : minutes
}

export interface LocalMinute {
  day: string
  month: string
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
