// One timeline (issue #21): every source of a server around a moment, merged on one clock — the
// web logs, error logs, slow-log entries, binlog changes and integrity-log blocks.
import type { ChangeType } from './binlog'
import type { LogKind, ReadCost } from './logs'
import type { ServerClock } from './servers'

export type TimelineKind = 'access' | 'error' | 'slow' | 'binlog' | 'integrity'

export const TIMELINE_KINDS: readonly TimelineKind[] = [
  'access',
  'error',
  'slow',
  'binlog',
  'integrity',
]

/** A source the timeline can read: a log (its live file; rotations are read as needed), the binlogs. */
export interface TimelineSource {
  /** The live file's path; for the binlogs, their folder. */
  path: string
  kind: TimelineKind
  /** What discovery called it (`nginx-access`…); `binlog` for the binlogs. */
  logKind: LogKind | 'binlog' | 'integrity'
  /** A short name for the view (`nginx/access`, `php/www.slow`), unique on the server. */
  label: string
  /** The time of its last line (epoch ms), null when none could be read. */
  latest: number | null
}

export interface TimelineRecord {
  /** Epoch ms. */
  time: number
  /** The source wrote milliseconds (HAProxy's accept date, Apache's error log…). */
  ms: boolean
  /** The source's path (`TimelineSource.path`). */
  source: string
  /** The file the record is in (a rotation, a binlog). */
  file: string
  kind: TimelineKind
  /** Error logs. */
  level?: 'critical' | 'error' | 'warning' | 'notice' | 'info' | 'debug'
  /** Access logs. */
  status?: number
  /** Binlog changes. */
  table?: string
  type?: ChangeType
  /** Binlog position, to open the event. */
  pos?: number
  /** Slow-log entries: the worker's pid, to open the entry. */
  pid?: number
  /** One line: the request, the message, the script and its top frame, the statement. */
  text: string
  /** The folded lines: a stack trace, a slow-log dump, row images, a schema delta. */
  more?: string[]
}

export interface TimelineSourceResult extends TimelineSource {
  /** Records it gave in the window. */
  records: number
  /** Files read (rotations, binlogs). */
  files: string[]
  bytesRead: number
  /** What the reads cost over the link (absent for a local file). */
  cost?: ReadCost
  /** Why it gave nothing, or less than all: unreadable, cut at its limit… */
  error?: string
  truncated?: boolean
}

export interface Timeline {
  /** The merged records, kept in main for `timeline:rows` and the others (this session's). */
  id: string
  /** ISO 8601 UTC. */
  from: string
  to: string
  /** The server's clock: zoneless logs were placed in it. */
  clock: ServerClock
  /** The first merged records, in time order (at most `limit`; the view asks rows instead). */
  records: TimelineRecord[]
  /** How many the window has in all (more than `records.length` when cut). */
  total: number
  sources: TimelineSourceResult[]
  /** Every record counted per source and slice of the window. */
  strips: TimelineStrips
  ms: number
}

/** The density of each source over the window: all, errors and 5xx, warnings and 4xx. */
export interface TimelineStrips {
  buckets: number
  rows: { source: string; all: number[]; bad: number[]; warn: number[] }[]
}

/** What the list keeps: each part applies to the records it concerns. */
export interface TimelineFilter {
  /** Words in the text or the table. */
  text: string
  /** `text` is a regular expression (any case), on the record's text. */
  regex?: boolean
  /** Errors, warnings, 4xx and 5xx only. */
  problems: boolean
  /** Access records of this status class only (`5` for 5xx); others pass. */
  status: number | null
  /** Error records at this level or worse only; others pass. */
  level: 'warning' | 'error' | null
  /** Binlog records of tables whose name holds this only; others pass. */
  table: string
  /** Sources not shown. */
  hidden: string[]
  /** A span of the window (epoch ms), dragged across the strips. */
  narrow: [number, number] | null
}

/** Where a key jumps: the next record, error (or 5xx), 5xx, write, slow request. */
export type TimelineJump = 'any' | 'error' | '5xx' | 'write' | 'slow'

/** A record with its id in the timeline (marks and folds refer to it). */
export interface TimelineRow extends TimelineRecord {
  id: number
}

export interface TimelineRequest {
  server: string
  /** Epoch ms. */
  from: number
  to: number
  /** Source paths; every discovered one when empty or absent. */
  sources?: string[]
  kinds?: TimelineKind[]
  /** Records returned at most (the total is said); 0 for none (the view asks rows). */
  limit?: number
}

export interface TimelineCalls {
  /** What the timeline can read on a server: its logs, slow logs, binlogs, integrity log. */
  'timeline:sources': { req: { server: string }; res: TimelineSource[] }
  /** The records of a window, every source read by its seek-by-time, merged by time. */
  'timeline:build': { req: TimelineRequest; res: Timeline }
  /** A page of the records the filter keeps, from its `start`th; `total`: how many it keeps. */
  'timeline:rows': {
    req: { id: string; filter: TimelineFilter; start: number; count: number }
    res: { total: number; rows: TimelineRow[] }
  }
  /** The place (among those the filter keeps) of the next record of a sort after `from`, or -1. */
  'timeline:jump': {
    req: { id: string; filter: TimelineFilter; from: number; to: TimelineJump; backwards: boolean }
    res: number
  }
  /**
   * Reads on from a little before the timeline's end to now (each source by its seek); the new
   * records join in their places, those already there counted, not added twice.
   */
  'timeline:follow': { req: { id: string }; res: Timeline & { added: number } }
  /** Forgets a timeline (its records' files removed). */
  'timeline:close': { req: { id: string }; res: null }
}
