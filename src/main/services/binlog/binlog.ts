import { posix } from 'node:path'
import {
  createBinlogParser,
  headerMatches,
  matchesChange,
  type ChangeFilter,
} from '../../../core/binlog'
import { StringDecoder } from 'node:string_decoder'
import { ServiceError } from '../platform'
import type { JobContext } from '../platform'
import { commandOutput as output, serverZone, type Target } from '../platform'
import type {
  LogFile,
  BinlogFile,
  CorrelatedRequest,
  CorrelatedRequests,
  CorrelatedSlowEntry,
} from '../../../shared/api'
import { parseSlowlog } from '../../../core/slowlog'
import {
  ACCESS_FORMATS,
  bestFormat,
  clfMinutePrefixes,
  clfOffsetMinutes,
  createAccessLineReader,
  localMinutes,
  syslogZoneMinutes,
  zoneText,
} from '../../../core/logs'
import { compileCustomFormat, customFormatProblem } from '../../../core/logs'
import type { CustomLogFormat } from '../../../shared/logs'
import { readBytes, readRange } from '../files'
import { discoverLogs } from '../logs'
import { binlogFirstTime, binlogLastTime } from '../../../core/binlog'

/** Whether the server's mysqlbinlog has `--print-table-metadata` (MariaDB 10.5+, MySQL 8.0). */
const metadataSupport = new WeakMap<Target, Promise<boolean>>()
function printsTableMetadata(target: Target): Promise<boolean> {
  let known = metadataSupport.get(target)
  if (!known) {
    known = output(target, ['mysqlbinlog', '--no-defaults', '--help'])
      .then((help) => help.includes('--print-table-metadata'))
      .catch(() => false)
    metadataSupport.set(target, known)
  }
  return known
}

/** Matching events kept per search; past it the search goes on counting and says how many more. */
export const MAX_FOUND = 5000

/**
 * Decodes binary logs on the server with mysqlbinlog and streams the matching change events
 * (one JSON object per line) into the job. `--no-defaults` must be mysqlbinlog's first option:
 * a `default-character-set` client setting otherwise breaks it (MDEV-15835). `TZ=UTC` makes
 * the header times unambiguous. Cancelling ends the remote mysqlbinlog.
 */
export async function findChanges(
  target: Target,
  files: string[],
  filter: ChangeFilter,
  ctx: JobContext,
): Promise<void> {
  const sizes = await Promise.all(files.map(async (f) => (await target.stat(f)).size))
  const total = sizes.reduce((a, b) => a + b, 0)
  const argv = [
    'env',
    'TZ=UTC',
    'mysqlbinlog',
    '--no-defaults',
    '--base64-output=DECODE-ROWS',
    '-vv',
    // Column names from the binlog itself when the server logs them (binlog_row_metadata=FULL).
    ...((await printsTableMetadata(target)) ? ['--print-table-metadata'] : []),
    ...(filter.since !== undefined ? ['--start-datetime', sqlTime(filter.since - 1)] : []),
    ...(filter.until !== undefined ? ['--stop-datetime', sqlTime(filter.until + 1)] : []),
    // A whole database: mysqlbinlog skips the others itself. A position range (one file) is
    // checked here on each event's position, not with --start/--stop-position: a row event's
    // position is its own, and mysqlbinlog started there has lost its Table_map ("Row event
    // for unknown table").
    ...(filter.table?.endsWith('.*') ? ['--database', filter.table.slice(0, -2)] : []),
    ...files.map((f) => target.commandPath(f)),
  ]
  let fileIndex = 0
  let found = 0
  let lastReport = 0
  const parser = createBinlogParser(
    {
      event: (e) => {
        const done = sizes.slice(0, fileIndex).reduce((a, b) => a + b, 0) + (e.endPos ?? 0)
        if (Date.now() - lastReport > 200) {
          lastReport = Date.now()
          ctx.progress(Math.min(done, total), total, `${found} found`)
        }
        if (!matchesChange(e, filter)) return
        found++
        if (found <= MAX_FOUND) ctx.push(JSON.stringify(e))
      },
      file: () => {
        fileIndex++
      },
    },
    { file: posix.basename(files[0] ?? ''), accept: (h) => headerMatches(h, filter) },
  )
  const proc = target.exec(argv, { signal: ctx.signal })
  const errors: string[] = []
  proc.stderr.on('data', (b: Buffer) => {
    if (errors.join('').length < 8192) errors.push(b.toString('utf8'))
  })
  const decoder = new StringDecoder('utf8')
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (b: Buffer) => parser.push(decoder.write(b)))
    proc.stdout.once('end', resolve)
    proc.stdout.once('error', reject)
  })
  parser.push(decoder.end())
  parser.end()
  const result = await proc.exit
  if (ctx.signal.aborted) return
  ctx.progress(
    total,
    total,
    found > MAX_FOUND ? `${found} found; the first ${MAX_FOUND} are listed` : `${found} found`,
  )
  const text = errors.join('').trim()
  if (result.code === 127 || /not found/.test(text)) {
    throw new ServiceError(
      'MISSING_TOOL',
      'This server has no mysqlbinlog: install mariadb-client (or mysql-client) where the binary logs are, or decode them elsewhere with "twb binlog events".',
    )
  }
  if (result.code !== 0) {
    // What was decoded before the failure stays listed.
    const reason = /Permission denied/i.test(text)
      ? 'permission denied: the login cannot read these binary logs'
      : /unknown (variable|option)/i.test(text)
        ? `mysqlbinlog refused an option (${text.split('\n')[0]})`
        : text.split('\n').slice(0, 3).join(' ') || `exit code ${result.code}`
    throw new ServiceError(
      'IO',
      `mysqlbinlog stopped: ${reason}. The events decoded so far are kept.`,
    )
  }
}

function sqlTime(epoch: number): string {
  return new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

export const MYSQL_LOG_DIR = '/var/log/mysql'
const BINLOG_NAME = /-bin\.\d+$/
const TAIL_BYTES = 64 * 1024

/**
 * The binary logs with their first and last event times, read from the first and last bytes of
 * each file (no decoding), in the order of the `.index` file when it is readable.
 */

export { serverZone }

export async function listBinlogs(target: Target, dir = MYSQL_LOG_DIR): Promise<BinlogFile[]> {
  const entries = await target.list(dir)
  const logs = entries.filter((e) => e.type === 'file' && BINLOG_NAME.test(e.name))
  const index = entries.find((e) => e.type === 'file' && /-bin\.index$/.test(e.name))
  let order: string[] = []
  if (index) {
    try {
      const text = (await readBytes(target, index.path, 0, 1 << 20)).toString('utf8')
      order = text
        .split('\n')
        .map((l) => posix.basename(l.trim()))
        .filter(Boolean)
    } catch {
      // unreadable index: the names give the order
    }
  }
  const rank = (name: string): number => {
    const i = order.indexOf(name)
    return i === -1 ? order.length : i
  }
  const out = await Promise.all(
    logs.map(async (e): Promise<BinlogFile> => {
      let first: number | null = null
      let last: number | null = null
      let readable = true
      try {
        // A small file is read once: its tail is all of it.
        const start = Math.max(0, e.size - TAIL_BYTES)
        const tail = await readBytes(target, e.path, start, e.size)
        const head = start === 0 ? tail : await readBytes(target, e.path, 0, 512)
        first = binlogFirstTime(head)
        last = binlogLastTime(tail, start, e.size)
      } catch {
        readable = false // listed anyway: decoding it will say why
      }
      return {
        ...e,
        first,
        last,
        readable,
        inIndex: order.length > 0 ? order.includes(e.name) : null,
      }
    }),
  )
  return out.sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : 1))
}

/** Collects what a command prints, up to `maxBytes`; grep's "no match" (1) is not an error. */

/**
 * The web requests around a binlog event (± `windowSec`), from the nginx and Apache access logs
 * (live and first rotation), found on the server with grep on the minutes the window covers in
 * each log's own time zone: which PHP request made the change. POSTs first, then by distance.
 */
export async function correlateRequests(
  target: Target,
  epoch: number,
  windowSec = 10,
  /** The user's own access log formats, tried after the built-in ones. */
  custom: CustomLogFormat[] = [],
): Promise<CorrelatedRequests> {
  const formats = [
    ...ACCESS_FORMATS,
    ...custom.filter((f) => customFormatProblem(f) === null).map(compileCustomFormat),
  ]
  const from = (epoch - windowSec) * 1000
  const to = (epoch + windowSec) * 1000
  const found = (await discoverLogs(target)).filter((l) => !l.compressed)
  // The web servers' logs first (their times carry the zone), HAProxy's last: its accept date
  // has no zone, and an RFC 3164 syslog header none either; then the zone the others show is used.
  const logs = [
    ...found.filter((l) => l.kind === 'nginx-access' || l.kind === 'apache-access'),
    ...found.filter((l) => l.kind === 'haproxy'),
  ]
  const requests: CorrelatedRequest[] = []
  const skipped: string[] = []
  // The server's zone, learnt from the access logs: php-fpm writes local times without one.
  let serverOffset: number | null = null
  for (const log of logs) {
    if (log.size === 0) continue
    let offset: number | null
    try {
      const tail = await readRange(target, log.path, Math.max(0, log.size - 8192), 8192)
      const lines = tail.text.split('\n').filter(Boolean)
      const last = lines[lines.length - 1]
      offset =
        last === undefined
          ? null
          : log.kind === 'haproxy'
            ? (syslogZoneMinutes(last) ?? serverOffset)
            : (clfOffsetMinutes(last) ?? syslogZoneMinutes(last))
    } catch {
      skipped.push(log.path)
      continue
    }
    if (offset === null) {
      skipped.push(log.path) // no zone in its times: they cannot be placed on the timeline
      continue
    }
    serverOffset ??= offset
    // The minutes of the window as the log writes them: CLF, or ISO at the start of the line.
    const prefixes = [
      ...clfMinutePrefixes(from, to, offset),
      ...localMinutes(from, to, offset).flatMap((m) => {
        const day = `${m.year}-${m.monthNumber}-${m.day}`
        return [`${day}T${m.hour}:${m.minute}:`, `${day} ${m.hour}:${m.minute}:`]
      }),
    ]
    const text = await output(target, [
      'grep',
      '-F',
      ...prefixes.flatMap((p) => ['-e', p]),
      target.commandPath(log.path),
    ])
    const lines = text.split('\n').filter(Boolean)
    const best = bestFormat(formats, lines)
    if (!best) {
      if (lines.length > 0) skipped.push(log.path) // no format reads it: define one in Explore
      continue
    }
    // A zone-less HAProxy time (RFC 3164 header) is the server's local time.
    const read = createAccessLineReader(best, zoneText(offset))
    for (const line of lines) {
      const r = read(line)
      if (!r) continue
      const time = r.time
      if (time === null || time < from || time > to) continue
      requests.push({
        log: log.path,
        time,
        offsetSec: Math.round((time - epoch * 1000) / 1000),
        ip: r.ip,
        method: r.method,
        path: r.path,
        status: r.status,
        ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
        ...(r.termination !== undefined ? { termination: r.termination } : {}),
        line,
      })
    }
  }
  // A vhost often logs each request twice (two log formats): once is enough, from the log that
  // says how long it took when one does.
  const byKey = new Map<string, CorrelatedRequest>()
  for (const q of requests) {
    const key = `${q.time} ${q.ip} ${q.method} ${q.path} ${q.status}`
    const kept = byKey.get(key)
    if (!kept || (kept.durationMs === undefined && q.durationMs !== undefined)) byKey.set(key, q)
  }
  const unique = [...byKey.values()]
  const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
  unique.sort(
    (a, b) =>
      Number(writes.has(b.method)) - Number(writes.has(a.method)) ||
      Math.abs(a.offsetSec) - Math.abs(b.offsetSec),
  )
  const slow =
    serverOffset === null
      ? []
      : await slowEntriesAround(
          target,
          found.filter((l) => l.kind === 'php-slow'),
          from,
          to,
          serverOffset,
          epoch,
        )
  return { requests: unique.slice(0, 200), slow, skipped }
}

/**
 * The PHP-FPM slow-log entries of the window (their header times are local: `offset` minutes
 * from UTC), found with grep on the minutes it covers, with each entry's stack as context.
 */
async function slowEntriesAround(
  target: Target,
  logs: LogFile[],
  from: number,
  to: number,
  offset: number,
  epoch: number,
): Promise<CorrelatedSlowEntry[]> {
  // php-fpm's header: `[28-Nov-2026 14:22:28]`.
  const prefixes = localMinutes(from, to, offset).map(
    (m) => `[${m.day}-${m.month}-${m.year} ${m.hour}:${m.minute}:`,
  )
  const out: CorrelatedSlowEntry[] = []
  for (const log of logs) {
    if (log.size === 0) continue
    const text = await output(target, [
      'grep',
      '-F',
      '-A',
      '40',
      ...prefixes.flatMap((p) => ['-e', p]),
      target.commandPath(log.path),
    ])
    // grep separates its groups with "--": a blank line ends an entry for the parser.
    const { entries } = parseSlowlog(text.replace(/^--$/gm, ''))
    for (const e of entries) {
      const time = e.secs * 1000 - offset * 60_000
      if (!(time >= from && time <= to)) continue
      out.push({
        log: log.path,
        time,
        offsetSec: Math.round((time - epoch * 1000) / 1000),
        pool: e.pool,
        pid: e.pid,
        script: e.script,
        top: e.frames[0] ? `${e.frames[0].fn}() ${e.frames[0].file}:${e.frames[0].line}` : null,
      })
    }
  }
  return out.sort((a, b) => Math.abs(a.offsetSec) - Math.abs(b.offsetSec)).slice(0, 50)
}
