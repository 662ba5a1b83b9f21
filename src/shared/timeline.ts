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
  /** ISO 8601 UTC. */
  from: string
  to: string
  /** The server's clock: zoneless logs were placed in it. */
  clock: ServerClock
  /** The merged records, in time order (at most `limit`). */
  records: TimelineRecord[]
  /** How many the window has in all (more than `records.length` when cut). */
  total: number
  sources: TimelineSourceResult[]
  ms: number
}

export interface TimelineRequest {
  server: string
  /** Epoch ms. */
  from: number
  to: number
  /** Source paths; every discovered one when empty or absent. */
  sources?: string[]
  kinds?: TimelineKind[]
  /** Records returned at most (the total is said). */
  limit?: number
}

export interface TimelineCalls {
  /** What the timeline can read on a server: its logs, slow logs, binlogs, integrity log. */
  'timeline:sources': { req: { server: string }; res: TimelineSource[] }
  /** The records of a window, every source read by its seek-by-time, merged by time. */
  'timeline:build': { req: TimelineRequest; res: Timeline }
}
