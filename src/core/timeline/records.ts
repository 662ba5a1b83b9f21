// A timeline's records (issue #21): the lines each source wrote in a window, read by that source's
// own parser — an access log's requests, an error log's entries with their stack traces, the
// slow log's dumps, the integrity log's blocks, the binlog's changes — each placed on one clock
// (epoch ms), then merged by time. Times a log wrote without a zone are the server's wall clock.
import type { ChangeEvent } from '../../shared/binlog'
import type { ServerClock } from '../../shared/servers'
import type { LogKind } from '../../shared/logs'
import type { TimelineKind, TimelineRecord } from '../../shared/timeline'
import {
  accessFormats,
  bestFormat,
  createAccessLineReader,
  detectErrorFormat,
  parseErrorLog,
  zoneText,
  type CustomLogFormat,
} from '../logs'
import { parseFpmAccess, parseSlowlog } from '../slowlog'
import { parseIntegrityLog } from '../schema'
import { lineTime, serverOffsetAt, serverWallToEpoch } from '../text'

/** Where a window's lines come from, and the clock that places their zoneless times. */
export interface RecordContext {
  source: string
  file: string
  clock: ServerClock | null
  /** The window's start (epoch ms): the server's offset then places the zoneless lines. */
  at: number
}

const BINLOG_NAME = /-bin\.\d+$/

/** What a discovered log is to the timeline, or null for what it does not read (binlogs, …). */
export function timelineKind(logKind: LogKind, path: string): TimelineKind | null {
  const name = path.slice(path.lastIndexOf('/') + 1)
  switch (logKind) {
    case 'haproxy':
    case 'nginx-access':
    case 'apache-access':
    case 'php-access':
      return 'access'
    case 'nginx-error':
    case 'apache-error':
    case 'php-fpm':
    case 'php-error':
      return 'error'
    case 'php-slow':
      return 'slow'
    case 'mysql':
      if (BINLOG_NAME.test(name) || /\.index$/.test(name)) return null
      if (/integrity/.test(name)) return 'integrity'
      return /err/.test(name) ? 'error' : null
    default:
      return null
  }
}

const record = (
  c: RecordContext,
  kind: TimelineKind,
  time: number,
  text: string,
  extra: Partial<TimelineRecord> = {},
): TimelineRecord => ({
  time,
  ms: time % 1000 !== 0,
  source: c.source,
  file: c.file,
  kind,
  text,
  ...extra,
})

/**
 * A line no parser of its kind reads: a record of its own when it has a time, else folded into
 * the record before it (a continuation); kept as a record at the window's start when it is the
 * first.
 */
function generic(
  out: TimelineRecord[],
  c: RecordContext,
  kind: TimelineKind,
  line: string,
  zoneMin: number,
): void {
  const t = lineTime(line, zoneMin)
  const last = out[out.length - 1]
  if (t !== null) out.push(record(c, kind, t, line))
  else if (last) (last.more ??= []).push(line)
  else if (line.trim()) out.push(record(c, kind, c.at, line))
}

/** An access log's window: one record per request (method, path, status, duration, client). */
export function accessRecords(
  lines: readonly string[],
  c: RecordContext,
  custom: readonly CustomLogFormat[] = [],
): TimelineRecord[] {
  const zoneMin = serverOffsetAt(c.clock, c.at)
  const read = createAccessLineReader(
    bestFormat(accessFormats([...custom]), lines.slice(0, 50)),
    zoneText(zoneMin),
  )
  const out: TimelineRecord[] = []
  for (const line of lines) {
    const r = read(line)
    if (r && r.time !== null) {
      const took =
        r.durationMs !== undefined
          ? ` ${r.durationMs >= 10 ? Math.round(r.durationMs) : r.durationMs} ms`
          : ''
      const host = r.vhost ? ` ${r.vhost}` : ''
      out.push(
        record(c, 'access', r.time, `${r.method} ${r.path}${took} — ${r.ip}${host}`, {
          status: r.status,
        }),
      )
      continue
    }
    // A PHP-FPM pool's own access log (the host's access.format): its time is the wall clock.
    const f = parseFpmAccess(line)
    if (f) {
      const took = Math.round(f.durationSec * 1000)
      out.push(
        record(
          c,
          'access',
          serverWallToEpoch(f.secs * 1000, c.clock),
          `${f.method} ${f.uri} ${took} ms — ${f.script}`,
          { status: f.status },
        ),
      )
      continue
    }
    generic(out, c, 'access', line, zoneMin)
  }
  return out
}

/** An error log's window: one record per entry, its continuation lines (stack traces) folded. */
export function errorRecords(lines: readonly string[], c: RecordContext): TimelineRecord[] {
  const zoneMin = serverOffsetAt(c.clock, c.at)
  const { entries, raw } = parseErrorLog(lines, detectErrorFormat(lines.slice(0, 50)))
  const out: TimelineRecord[] = []
  for (const r of raw) generic(out, c, 'error', r.text, zoneMin)
  for (const e of entries) {
    const time =
      e.time === null
        ? lineTime(lines[e.line - 1]!, zoneMin)
        : e.zoneless
          ? serverWallToEpoch(e.time, c.clock)
          : e.time
    out.push(
      record(c, 'error', time ?? c.at, e.message, {
        level: e.level,
        ...(e.more.length ? { more: e.more } : {}),
      }),
    )
  }
  return out
}

/** A slow log's window: one record per dump (the script, its top frame), its stack folded. */
export function slowRecords(lines: readonly string[], c: RecordContext): TimelineRecord[] {
  const { entries } = parseSlowlog(lines.join('\n') + '\n')
  return entries.map((e) => {
    const top = e.frames[0]
    return record(
      c,
      'slow',
      serverWallToEpoch(e.secs * 1000, c.clock),
      `${e.script}${top ? ` — in ${top.fn}() (${top.file}:${top.line})` : ''}${e.dumpFailed ? ' — dump failed' : ''}`,
      {
        pid: e.pid,
        more: [
          `pool ${e.pool}, pid ${e.pid}`,
          ...e.frames.map((f) => `${f.fn}() ${f.file}:${f.line}`),
        ],
      },
    )
  })
}

/** The integrity log's window: one record per block (its header, its lines folded). */
export function integrityRecords(lines: readonly string[], c: RecordContext): TimelineRecord[] {
  const zoneMin = serverOffsetAt(c.clock, c.at)
  return parseIntegrityLog(lines.join('\n')).map((b) => {
    const time = lineTime(b.header, zoneMin) ?? (b.time !== null ? b.time * 1000 : c.at)
    const more = b.lines.map((l) => l.text).filter((t) => t !== b.header)
    return record(c, 'integrity', time, b.header, more.length ? { more } : {})
  })
}

const ROWS_SHOWN = 20

/** A binlog change: its statement (or what it did), the rows' images folded. */
export function binlogRecord(e: ChangeEvent, source: string): TimelineRecord {
  const table = e.db && e.table ? `${e.db}.${e.table}` : (e.table ?? e.db ?? '')
  const what = `${e.type.toUpperCase()} ${table} (${e.rows.length} row${e.rows.length === 1 ? '' : 's'})`
  const more = e.rows
    .slice(0, ROWS_SHOWN)
    .flatMap((r, i) => [
      ...(r.before ? [`row ${i + 1} before: ${JSON.stringify(r.before)}`] : []),
      ...(r.after ? [`row ${i + 1} after: ${JSON.stringify(r.after)}`] : []),
    ])
  if (e.rows.length > ROWS_SHOWN) more.push(`… ${ROWS_SHOWN} of ${e.rows.length} rows shown`)
  return {
    time: e.epoch * 1000,
    ms: false,
    source,
    file: e.file ?? source,
    kind: 'binlog',
    type: e.type,
    ...(table ? { table } : {}),
    ...(e.pos !== null ? { pos: e.pos } : {}),
    text: e.sql ? `${what}: ${e.sql}` : what,
    ...(more.length ? { more } : {}),
  }
}

/** What a record is, in a word: its level, its status, its kind of change, else its kind. */
export function recordWhat(r: TimelineRecord): string {
  return r.level ?? (r.status !== undefined ? String(r.status) : (r.type?.toUpperCase() ?? r.kind))
}

/** The records of every source, in time order; records of the same time keep their sources' order. */
export function mergeRecords(lists: readonly (readonly TimelineRecord[])[]): TimelineRecord[] {
  // Each source is nearly in order already (a log writes when a request ends, not when it
  // began): a stable sort of them all places every record by its own time.
  return lists.flat().sort((a, b) => a.time - b.time)
}
