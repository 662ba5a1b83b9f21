// One timeline (issue #21): a window of every source of a server, each read where it is by its
// own seek (the logs and their rotations by time, the binlogs decoded on the server for that
// window only), parsed by its own parser, merged by time on one clock.
import { randomUUID } from 'node:crypto'
import { posix } from 'node:path'
import type { BinlogFile } from '../../../shared/binlog'
import type { CustomLogFormat, LogFile } from '../../../shared/logs'
import type {
  Timeline,
  TimelineKind,
  TimelineRecord,
  TimelineSource,
  TimelineSourceResult,
} from '../../../shared/timeline'
import { classifyLogPath } from '../../../core/logs'
import { lineTime, serverOffsetAt } from '../../../core/text'
import { readBytes } from '../files'
import {
  accessRecords,
  binlogRecord,
  errorRecords,
  integrityRecords,
  slowRecords,
  timelineKind,
  type RecordContext,
} from '../../../core/timeline'
import { changesOver, listBinlogs, MYSQL_LOG_DIR } from '../binlog'
import { discoverLogs, logWindowBetween, readFileEnd } from '../logs'
import { ServiceError, serverClock, type Target } from '../platform'
import { NO_FILTER } from '../../../core/timeline'
import { TimelineStore } from './store'

/** Records returned at most by default (the total is always said). */
export const TIMELINE_LIMIT = 100_000
/** An access log's window, parsed by batches as it comes, is cut past this per file (and says so). */
const STREAMED_MAX = 128 << 20
/** The integrity log is read whole up to this (its last bytes past it, and said). */
const INTEGRITY_MAX = 32 << 20
/** Sources read at once (each a few small reads, then its window). */
const AT_ONCE = 6

/** `nginx/access`, `php/www.slow`: the folder and the name, short and unique on a server. */
function label(path: string): string {
  const dir = posix.basename(posix.dirname(path))
  return `${dir}/${posix.basename(path).replace(/\.log$/, '')}`
}

/** What discovery found on a server: its logs (rotations included) and its binlogs. */
export interface Found {
  logs: LogFile[]
  binlogs: BinlogFile[]
  /** Why the binlogs' folder could not be listed (none there is not an error). */
  binlogError?: ServiceError
}

export function discover(target: Target): Promise<Found> {
  const binlogs = listBinlogs(target).then(
    (list) => ({ binlogs: list }),
    (err: ServiceError) => ({
      binlogs: [],
      ...(err.code === 'NOT_FOUND' ? {} : { binlogError: err }),
    }),
  )
  return Promise.all([discoverLogs(target), binlogs]).then(([logs, b]) => ({ logs, ...b }))
}

/** Each log once (its rotations are read as needed), the binlogs as one source. */
function sourcesOf({ logs, binlogs }: Found): TimelineSource[] {
  const sources = new Map<string, TimelineSource>()
  for (const log of logs) {
    const base = classifyLogPath(log.path).base
    const kind = timelineKind(log.kind, base)
    if (!kind || sources.has(base)) continue
    sources.set(base, {
      path: base,
      kind,
      logKind: kind === 'integrity' ? 'integrity' : log.kind,
      label: label(base),
      latest: null,
    })
  }
  const out = [...sources.values()]
  if (binlogs.length > 0) {
    const last = Math.max(...binlogs.map((b) => b.last ?? 0))
    out.push({
      path: MYSQL_LOG_DIR,
      kind: 'binlog',
      logKind: 'binlog',
      label: 'mysql/binlog',
      latest: last > 0 ? last * 1000 : null,
    })
  }
  return out
}

/**
 * What the timeline can read on a server, each source with the time of its last line (from the
 * last few kilobytes of its live file).
 */
export async function timelineSources(target: Target): Promise<TimelineSource[]> {
  const [found, clock] = await Promise.all([discover(target), serverClock(target)])
  const sources = sourcesOf(found)
  await Promise.all(
    sources.map(async (s) => {
      const live = found.logs.find((l) => l.path === s.path)
      if (live && live.size > 0)
        s.latest = await lastLineTime(target, s.path, live.size, clock).catch(() => null)
    }),
  )
  return sources
}

/** The time of the last line of a file that has one (its last 8 KB read). */
async function lastLineTime(
  target: Target,
  path: string,
  size: number,
  clock: Timeline['clock'],
): Promise<number | null> {
  const tail = await readBytes(target, path, Math.max(0, size - 8192), size)
  const lines = tail.toString('utf8').split('\n')
  for (let i = lines.length - 1; i >= 0; i--) {
    const t = lineTime(lines[i]!, serverOffsetAt(clock, Date.now()))
    if (t !== null) return t
  }
  return null
}

export interface TimelineOptions {
  from: number
  to: number
  sources?: readonly string[]
  kinds?: readonly TimelineKind[]
  limit?: number
  custom?: readonly CustomLogFormat[]
}

/** A built timeline: what the view is told, and its records, kept in main. */
export interface BuiltTimeline {
  timeline: Timeline
  store: TimelineStore
  /** What was asked (a follow reads the same sources on). */
  options: TimelineOptions
}

/**
 * The window's records of the chosen sources (all when none is named), each source read by its
 * own seek, its records given to `sink` as they come; the server's clock and each source's result.
 */
async function readWindow(
  target: Target,
  o: TimelineOptions,
  sink: Sink,
  known?: Promise<Found>,
): Promise<{ clock: Timeline['clock']; sources: TimelineSourceResult[] }> {
  if (!(o.to > o.from)) throw new ServiceError('BAD_REQUEST', 'The window ends before it starts.')
  const [clock, found] = await Promise.all([serverClock(target), known ?? discover(target)])
  const all = sourcesOf(found)
  const unknown = (o.sources ?? []).filter((p) => !all.some((s) => s.path === p))
  if (unknown.length)
    throw new ServiceError(
      'NOT_FOUND',
      `Not a source of this server: ${unknown.join(', ')} (sources: ${all.map((s) => s.path).join(', ')}).`,
    )
  const chosen = all.filter(
    (s) =>
      (!o.sources?.length || o.sources.includes(s.path)) &&
      (!o.kinds?.length || o.kinds.includes(s.kind)),
  )
  return { clock, sources: await readSources(target, found, chosen, clock, o, sink) }
}

/**
 * The window's records merged by time in a store; the first `limit` of them returned with the
 * rest of what the view is told.
 */
export async function buildTimeline(
  target: Target,
  o: TimelineOptions,
  id: string = randomUUID(),
  /** What discovery found, when the caller has it already (a fleet's two windows). */
  known?: Promise<Found>,
): Promise<BuiltTimeline> {
  const began = performance.now()
  const store = new TimelineStore(id)
  try {
    const { clock, sources } = await readWindow(target, o, (records) => store.add(records), known)
    store.seal()
    const limit = o.limit ?? TIMELINE_LIMIT
    const first =
      limit > 0 ? store.rows(NO_FILTER, 0, limit).rows.map(({ id: _id, ...r }) => r) : []
    const timeline: Timeline = {
      id,
      from: new Date(o.from).toISOString(),
      to: new Date(o.to).toISOString(),
      clock,
      records: first,
      total: store.total,
      sources,
      strips: store.strips(
        sources.map((s) => s.path),
        o.from,
        o.to,
      ),
      ms: Math.round(performance.now() - began),
    }
    return { timeline, store, options: o }
  } catch (err) {
    store.close()
    throw err
  }
}

/** Each source read by its own seek, a few at once, its records given to `sink` as they come. */
async function readSources(
  target: Target,
  found: Found,
  chosen: readonly TimelineSource[],
  clock: Timeline['clock'],
  o: TimelineOptions,
  sink: Sink,
): Promise<TimelineSourceResult[]> {
  const results: TimelineSourceResult[] = []
  const queue = [...chosen.entries()]
  await Promise.all(
    Array.from({ length: Math.min(AT_ONCE, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [i, source] = next
        results[i] = await readSource(target, found, source, clock, o, sink)
      }
    }),
  )
  return results
}

/** How far before a followed timeline's end its next read starts (lines written late). */
export const FOLLOW_OVERLAP_MS = 30_000

/**
 * A followed timeline read on to `now`: its sources from a little before its end, the new
 * records joined in their places in its store.
 */
export async function followTimeline(
  target: Target,
  built: BuiltTimeline,
  now: number,
): Promise<Timeline & { added: number }> {
  const began = performance.now()
  const t = built.timeline
  const since = Date.parse(t.to) - FOLLOW_OVERLAP_MS
  const to = Math.max(now, since + 1)
  // The read on is small (seconds): its records are kept here, then joined to the store.
  const fresh: TimelineRecord[] = []
  const next = await readWindow(
    target,
    { ...built.options, sources: t.sources.map((s) => s.path), from: since, to },
    (records) => {
      for (const r of records) fresh.push(r)
    },
  )
  const added = built.store.follow(fresh, since)
  built.timeline = {
    ...t,
    to: new Date(to).toISOString(),
    records: [],
    total: built.store.total,
    sources: t.sources.map((s) => next.sources.find((x) => x.path === s.path) ?? s),
    strips: built.store.strips(
      t.sources.map((s) => s.path),
      Date.parse(t.from),
      to,
    ),
    ms: Math.round(performance.now() - began),
  }
  return { ...built.timeline, added }
}

/** Where a source's records go as they are made (the store). */
type Sink = (records: TimelineRecord[]) => void

/**
 * One source's window, its records given to `sink` as they come; a source that fails says why
 * in its result and never stops the others.
 */
async function readSource(
  target: Target,
  found: Found,
  source: TimelineSource,
  clock: Timeline['clock'],
  o: TimelineOptions,
  sink: Sink,
): Promise<TimelineSourceResult> {
  const result: TimelineSourceResult = { ...source, records: 0, files: [], bytesRead: 0 }
  // Only the window: a parser may keep a record that began before it (a dump's header).
  const inWindow: Sink = (records) => {
    const kept = records.filter((r) => r.time >= o.from && r.time <= o.to)
    result.records += kept.length
    sink(kept)
  }
  try {
    if (source.kind === 'binlog')
      inWindow(await binlogWindow(target, found.binlogs, source, o, result))
    else await logSourceWindow(target, found.logs, source, clock, o, result, inWindow)
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err)
  }
  return result
}

/**
 * A log's window across its rotations: the live file first, then older ones while the window
 * starts before the file does (`.gz` rotations decompressed as they come).
 */
async function logSourceWindow(
  target: Target,
  logs: readonly LogFile[],
  source: TimelineSource,
  clock: Timeline['clock'],
  o: TimelineOptions,
  result: TimelineSourceResult,
  sink: Sink,
): Promise<void> {
  const files = logs
    .filter((l) => classifyLogPath(l.path).base === source.path)
    .sort((a, b) => a.rotation - b.rotation)
  // The integrity log's format is the host's own: its block headers are the only lines whose
  // times mean anything (the diffs quote data), so it is not sought by time but read (its last
  // 32 MB: it grows by a block a day) and its blocks kept by their own time.
  if (source.kind === 'integrity') {
    const live = files.find((f) => f.rotation === 0)
    if (!live || live.size === 0) return
    const end = await readFileEnd(target, live.path, INTEGRITY_MAX)
    result.files.push(live.path)
    result.bytesRead += end.bytes.length
    if (end.partial) result.truncated = true
    const c: RecordContext = { source: source.path, file: live.path, clock, at: o.from }
    sink(integrityRecords(end.bytes.toString('utf8').split('\n'), c))
    return
  }
  for (const file of files) {
    if (file.size === 0) continue
    const c: RecordContext = { source: source.path, file: file.path, clock, at: o.from }
    // An access log (one line a record, the most lines by far) is parsed by batches as its
    // window comes, never held whole; the others' records can span lines (a stack trace, a
    // slow-log dump): their window is read, then parsed.
    let streamed = 0
    const stream =
      source.kind === 'access'
        ? {
            maxBytes: STREAMED_MAX,
            onLines: (lines: string[]) => {
              streamed += lines.length
              sink(accessRecords(lines, c, o.custom ?? []))
            },
          }
        : undefined
    const w = await logWindowBetween(target, file.path, o.from, o.to, stream)
    result.bytesRead += w.bytesRead
    if (w.truncated) result.truncated = true
    if (w.outside === 'after') break
    if (w.lines.length || streamed) result.files.push(file.path)
    if (w.lines.length) sink(recordsOf(source.kind, w.lines, c, o.custom ?? []))
    // This file began before the window: older ones have nothing of it.
    if (w.fileStart !== null && w.fileStart <= o.from) break
  }
}

/** A sought log's window as records, by its kind's parser (the integrity log is read whole). */
function recordsOf(
  kind: TimelineKind,
  lines: readonly string[],
  c: RecordContext,
  custom: readonly CustomLogFormat[],
): TimelineRecord[] {
  switch (kind) {
    case 'access':
      return accessRecords(lines, c, custom)
    case 'slow':
      return slowRecords(lines, c)
    default:
      return errorRecords(lines, c)
  }
}

/** The binlogs that cover the window, decoded on the server from its first second to its last. */
async function binlogWindow(
  target: Target,
  binlogs: readonly BinlogFile[],
  source: TimelineSource,
  o: TimelineOptions,
  result: TimelineSourceResult,
): Promise<TimelineRecord[]> {
  const over = await changesOver(target, binlogs, {
    since: Math.floor(o.from / 1000),
    until: Math.ceil(o.to / 1000),
  })
  if (over.unreadable) result.error = over.unreadable
  if (over.files.length === 0) return []
  result.files = over.files.map((f) => f.path)
  if (over.found > over.events.length) result.truncated = true
  result.bytesRead = over.files.reduce((a, f) => a + f.size, 0)
  return over.events.map((e) => binlogRecord(e, source.path))
}
