// Error logs as data, like the access logs: one definition per format (the header pattern with
// named fields, how its time reads), detected per file. Apache 2.4, nginx, PHP-FPM's master log,
// PHP's own error log and MariaDB's. A line that starts no entry belongs to the entry before it
// (a PHP stack trace stays with its fatal error); lines before any entry are kept as raw text.
import { bestFormat, monthIndex, offsetMinutes } from './access-log'
import { bump, isoOrNull, knownZone, ranked, zoneOffsetAt } from '../text'

export type Level = 'critical' | 'error' | 'warning' | 'notice' | 'info' | 'debug'

export interface ErrorEntry {
  /** 1-based line of the entry's first line. */
  line: number
  /** Epoch ms; null when the time cannot be read. */
  time: number | null
  /** True when the log gave no zone and the time was read as UTC. */
  zoneless: boolean
  level: Level
  /** The first line's message (after the header). */
  message: string
  /** The following lines (stack traces, continued messages). */
  more: string[]
}

export interface ErrorFormat {
  name: string
  pattern: RegExp
  samples: string[]
  read(m: RegExpExecArray): {
    time: number | null
    zoneless: boolean
    level: Level
    message: string
  }
}

/**
 * Every way these logs name a severity, to one scale. `critical` is the syslog top (emerg, alert,
 * crit: the server or a process is failing); PHP's "Fatal error" and "Parse error" end one request
 * and are errors, as PHP's own E_ERROR and E_PARSE are.
 */
export function levelOf(word: string): Level {
  const w = word.toLowerCase()
  if (/^(emerg|alert|crit)/.test(w)) return 'critical'
  if (/^(error|err|fatal|parse|recoverable)/.test(w)) return 'error'
  if (/^(warn|warning|deprecated)/.test(w)) return 'warning'
  if (/^(notice|note)/.test(w)) return 'notice'
  if (/^(debug|trace)/.test(w)) return 'debug'
  return 'info'
}

/**
 * The offset east of UTC, in minutes, of a named zone (`Europe/Paris`, `UTC`) around a local
 * wall-clock time, from the runtime's zone database (Intl); null for a name it does not know.
 */
export function zoneOffsetMinutes(zone: string, localMs: number): number | null {
  if (zone === 'UTC' || zone === 'GMT' || zone === 'Z') return 0
  // The offset at the instant the wall time would be in UTC: close enough across a summer-time
  // change for a log's purposes (the clock's one zone database, its formatters made once).
  return knownZone(zone) ? zoneOffsetAt(zone, localMs) : null
}

const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number =>
  Date.UTC(y, mo, d, h, mi, s, ms)

/** A header with a `YYYY?MM?DD HH:MM:SS` time (named y, mo, d, h, mi, s), no zone. */
function numericDate(m: RegExpExecArray): ReturnType<ErrorFormat['read']> {
  const g = m.groups!
  return {
    time: utc(+g.y!, +g.mo! - 1, +g.d!, +g.h!, +g.mi!, +g.s!),
    zoneless: true,
    level: levelOf(g.level!),
    message: g.msg!,
  }
}

export const ERROR_FORMATS: ErrorFormat[] = [
  {
    name: 'apache-error',
    // [Sat Nov 28 14:22:33.736820 2026] [mpm_event:notice] [pid 17443:tid 17443] AH00489: …
    pattern:
      /^\[[A-Z][a-z]{2} (?<mon>[A-Z][a-z]{2}) +(?<d>\d{1,2}) (?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(?:\.(?<us>\d+))? (?<y>\d{4})\] \[(?:[^:\]]*:)?(?<level>[a-z0-9]+)\] (?<msg>.*)$/,
    samples: [
      '[Sat Nov 28 14:22:33.736820 2026] [mpm_event:notice] [pid 17443:tid 17443] AH00489: Apache/2.4.71 (Debian) configured -- resuming normal operations',
      '[Sat Nov 28 14:22:40.001 2026] [php:error] [pid 9:tid 9] [client 203.0.113.7:5150] PHP Fatal error:  boom',
    ],
    read(m) {
      const g = m.groups!
      return {
        time: utc(
          +g.y!,
          monthIndex(g.mon!),
          +g.d!,
          +g.h!,
          +g.mi!,
          +g.s!,
          Math.floor(+(g.us ?? '0').padEnd(6, '0') / 1000),
        ),
        zoneless: true,
        level: levelOf(g.level!),
        message: g.msg!,
      }
    },
  },
  {
    name: 'nginx-error',
    // 2026/11/28 14:20:05 [notice] 17437#17437: *5 message, client: …
    pattern:
      /^(?<y>\d{4})\/(?<mo>\d{2})\/(?<d>\d{2}) (?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2}) \[(?<level>[a-z]+)\] \d+#\d+: (?<msg>.*)$/,
    samples: [
      '2026/11/28 14:20:05 [notice] 17437#17437: signal 10 (SIGUSR1) received from 18397, reopening logs',
    ],
    read: numericDate,
  },
  {
    name: 'php-error',
    // [28-Nov-2026 13:19:49 UTC] PHP Warning:  … (the zone is php.ini's date.timezone)
    pattern:
      /^\[(?<d>\d{2})-(?<mon>[A-Z][a-z]{2})-(?<y>\d{4}) (?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2}) (?<zone>[A-Za-z_/+-]+)\] (?:PHP (?<level>[A-Za-z ]+?):\s+)?(?<msg>.*)$/,
    samples: [
      '[28-Nov-2026 13:19:49 UTC] PHP Warning:  Undefined variable $upload_path in /var/www/site/wp-admin/install.php on line 417',
      '[28-Nov-2026 13:20:40 Europe/Paris] PHP Fatal error:  Uncaught Exception: boom in /var/www/site/a.php:3',
    ],
    read(m) {
      const g = m.groups!
      const local = utc(+g.y!, monthIndex(g.mon!), +g.d!, +g.h!, +g.mi!, +g.s!)
      const offset = zoneOffsetMinutes(g.zone!, local)
      return {
        // A zone name (php.ini's date.timezone) placed with the zone database; unknown: as UTC, flagged.
        time: offset === null ? local : local - offset * 60_000,
        zoneless: offset === null,
        level: levelOf(g.level ?? 'notice'),
        message: g.msg!,
      }
    },
  },
  {
    name: 'php-fpm',
    // [28-Nov-2026 14:19:48] NOTICE: fpm is running, pid 17430
    pattern:
      /^\[(?<d>\d{2})-(?<mon>[A-Z][a-z]{2})-(?<y>\d{4}) (?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(?:\.\d+)?\] (?<level>[A-Z]+): (?<msg>.*)$/,
    samples: [
      '[28-Nov-2026 14:19:48] NOTICE: fpm is running, pid 17430',
      '[28-Nov-2026 14:20:11] WARNING: [pool www] child 17432, script \'/var/www/site/tb-slow.php\' (request: "GET /tb-slow.php") executing too slow (1.2 sec), logging',
    ],
    read(m) {
      const g = m.groups!
      return {
        time: utc(+g.y!, monthIndex(g.mon!), +g.d!, +g.h!, +g.mi!, +g.s!),
        zoneless: true,
        level: levelOf(g.level!),
        message: g.msg!,
      }
    },
  },
  {
    name: 'mariadb-error',
    // 2026-11-28 14:19:47 0 [Note] Starting MariaDB …
    pattern:
      /^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2}) +(?<h>\d{1,2}):(?<mi>\d{2}):(?<s>\d{2}) \d+ \[(?<level>[A-Za-z]+)\] (?<msg>.*)$/,
    samples: ['2026-11-28 14:19:47 0 [Note] InnoDB: Compressed tables use zlib 1.2.13'],
    read: numericDate,
  },
  {
    name: 'mysql-error',
    // MySQL 5.7 and 8.0 (log_timestamps=UTC by default, SYSTEM gives the offset):
    // 2019-03-24T13:44:25.484123Z 0 [System] [MY-013169] [Server] /usr/sbin/mysqld … initializing
    // 2020-08-06T14:25:02.835618Z 0 [Note] DDL log recovery : begin
    pattern:
      /^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})T(?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(?:\.(?<f>\d+))?(?<z>Z|[+-]\d{2}:\d{2}) +\d+ \[(?<level>[A-Za-z]+)\] (?:\[(?<code>MY-\d+)\] \[(?<sub>[A-Za-z]+)\] )?(?<msg>.*)$/,
    samples: [
      '2019-03-24T13:44:25.484123Z 0 [System] [MY-013169] [Server] /usr/sbin/mysqld (mysqld 8.0.15) initializing of server in progress as process 1640',
      '2020-08-06T14:25:02.835618Z 0 [Note] DDL log recovery : begin',
    ],
    read: (m) => {
      const g = m.groups!
      const ms = g.f ? Number(g.f.slice(0, 3).padEnd(3, '0')) : 0
      const local = utc(+g.y!, +g.mo! - 1, +g.d!, +g.h!, +g.mi!, +g.s!, ms)
      return {
        time: local - offsetMinutes(g.z!)! * 60_000,
        zoneless: false,
        level: levelOf(g.level!),
        message: g.code ? `[${g.code}] [${g.sub}] ${g.msg}` : g.msg!,
      }
    },
  },
  {
    name: 'mysql-old-error',
    // MySQL 5.5/5.6 and MariaDB before 10.1.5: a two-digit year, the level only on some lines.
    // 161209 14:18:50 [Warning] Using unique option prefix myisam-recover instead of …
    // 161209 14:18:50 InnoDB: The InnoDB memory heap is disabled
    pattern:
      /^(?<yy>\d{2})(?<mo>\d{2})(?<d>\d{2}) +(?<h>\d{1,2}):(?<mi>\d{2}):(?<s>\d{2})\s+(?:\[(?<level>[A-Za-z]+)\] )?(?<msg>.*)$/,
    samples: [
      '161209 14:18:50 [Warning] Using unique option prefix myisam-recover instead of myisam-recover-options is deprecated',
      '161209 14:18:50 InnoDB: The InnoDB memory heap is disabled',
      '191015  9:46:45 [Note] Event Scheduler: Loaded 0 events',
    ],
    read: (m) => {
      const g = m.groups!
      return {
        time: utc(2000 + +g.yy!, +g.mo! - 1, +g.d!, +g.h!, +g.mi!, +g.s!),
        zoneless: true,
        level: g.level ? levelOf(g.level) : /\berror\b/i.test(g.msg!) ? 'error' : 'info',
        message: g.msg!,
      }
    },
  },
]

/** An entry's header, its message with HTML entities decoded (PHP and WordPress write them). */
function readEntry(format: ErrorFormat, m: RegExpExecArray): ReturnType<ErrorFormat['read']> {
  const r = format.read(m)
  return r.message.includes('&') ? { ...r, message: decodeEntities(r.message) } : r
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
}

/** `&#8217;` → `’`, `&#x27;` → `'`, `&quot;` → `"`; anything else is left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, (all, code: string) => {
    if (code[0] !== '#') return NAMED[code.toLowerCase()] ?? all
    const n =
      code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1))
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all
  })
}

/** The format that reads most of the sample lines (a file's head). */
export function detectErrorFormat(lines: string[]): ErrorFormat | null {
  return bestFormat(ERROR_FORMATS, lines)
}

/**
 * Entries of an error log, its continuation lines kept with them; `raw` holds the lines before
 * the first entry (or all of them when no format reads the file), nothing dropped.
 */
export function parseErrorLog(
  lines: readonly string[],
  format: ErrorFormat | null,
): { entries: ErrorEntry[]; raw: { line: number; text: string }[] } {
  const entries: ErrorEntry[] = []
  const raw: { line: number; text: string }[] = []
  lines.forEach((text, i) => {
    const m = format?.pattern.exec(text)
    if (m && format) {
      entries.push({ line: i + 1, ...readEntry(format, m), more: [] })
      return
    }
    if (text.length === 0) return
    const last = entries[entries.length - 1]
    if (last) last.more.push(text)
    else raw.push({ line: i + 1, text })
  })
  return { entries, raw }
}

export interface ErrorStats {
  format: string | null
  entries: number
  raw: number
  /**
   * ISO 8601 in UTC (`…Z`); when the log wrote no zone (`zoneless`), the wall time as written,
   * with no `Z`: the server's local time, placed only when its zone is known.
   */
  firstTime: string | null
  lastTime: string | null
  /** The times were written without a zone. */
  zoneless: boolean
  byLevel: Partial<Record<Level, number>>
  /** The most frequent messages (numbers and quoted values masked, so repeats group). */
  topMessages: [string, number][]
  /** Distinct messages counted (the top ones are the first of these). */
  distinctMessages: number
}

/** A message with what varies between repeats masked: `child 123` and `child 456` group. */
export function messageShape(message: string): string {
  return message
    .replace(/'[^']*'|"[^"]*"/g, '…')
    .replace(/\b0x[0-9a-f]+\b/gi, 'N')
    .replace(/\d+/g, 'N')
    .slice(0, 200)
}

/** A zoneless time (read as if UTC) as written: `2026-11-28T14:20:05.396`, no zone. */
const wallOrNull = (ms: number | null): string | null => isoOrNull(ms)?.slice(0, -1) ?? null

/** Counts over an error log's lines as they stream, in memory bounded by distinct messages. */
export function createErrorStats(format: ErrorFormat | null): {
  line(text: string): void
  /** An entry already read (by parseErrorLog): counted without reading its line again. */
  entry(e: { level: Level; message: string; time: number | null; zoneless: boolean }): void
  result(top?: number): ErrorStats
} {
  const byLevel: Partial<Record<Level, number>> = {}
  const shapes = new Map<string, number>()
  let entries = 0
  let raw = 0
  let first: number | null = null
  let last: number | null = null
  let zoneless = false
  function entry(e: {
    level: Level
    message: string
    time: number | null
    zoneless: boolean
  }): void {
    entries++
    if (e.zoneless && e.time !== null) zoneless = true
    byLevel[e.level] = (byLevel[e.level] ?? 0) + 1
    const shape = messageShape(e.message)
    if (shapes.size < 100_000 || shapes.has(shape)) bump(shapes, shape)
    if (e.time !== null) {
      if (first === null || e.time < first) first = e.time
      if (last === null || e.time > last) last = e.time
    }
  }
  return {
    line(text) {
      const m = format?.pattern.exec(text)
      if (!m || !format) {
        if (text.length > 0 && entries === 0) raw++ // else: a continuation of the entry before
        return
      }
      entry(readEntry(format, m))
    },
    entry,
    result(top = 10) {
      return {
        format: format?.name ?? null,
        entries,
        raw,
        firstTime: zoneless ? wallOrNull(first) : isoOrNull(first),
        lastTime: zoneless ? wallOrNull(last) : isoOrNull(last),
        zoneless,
        byLevel,
        topMessages: ranked(shapes, top),
        distinctMessages: shapes.size,
      }
    },
  }
}

export function errorStats(
  lines: readonly string[],
  format: ErrorFormat | null,
  top = 10,
): ErrorStats {
  const stats = createErrorStats(format)
  for (const l of lines) stats.line(l)
  return stats.result(top)
}
