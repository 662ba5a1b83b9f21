// Models of the log explorer, shared by the core analysis, the services and the UI.
import type { FileEntry } from './files'
import type { JobRef } from './jobs'

export interface AccessRecord {
  /** Epoch milliseconds, or null when the line's time cannot be read. */
  time: number | null
  ip: string
  method: string
  path: string
  status: number
  bytes: number
  vhost?: string
  /** HAProxy's Ta or Apache's %D, in milliseconds. */
  durationMs?: number
  /** The User-Agent (combined formats). */
  agent?: string
  /** HAProxy termination state, e.g. `cR--`. */
  termination?: string
}

/** A request of an access log, as the explorer's table shows it. */
export interface AccessRow extends AccessRecord {
  /** Line number in what was read. */
  n: number
  line: string
}

/** An IP whose rate or refusals look like what the IDS micro-bans. */
export interface BanSuspect {
  ip: string
  requests: number
  /** Most requests in one 10-second window, and when (epoch ms). */
  maxPer10s: number
  busiestAt: number
  s408: number
  s403: number
  s429: number
  likelyBanned: boolean
}

export interface AccessExploration {
  format: string | null
  /** The newest requests, up to the limit. */
  rows: AccessRow[]
  parsed: number
  unparsed: number
  first: number | null
  last: number | null
  /** Requests per bucket, by status class. */
  histogram: {
    bucketMs: number
    buckets: { start: number; c2: number; c3: number; c4: number; c5: number; other: number }[]
  }
  topIps: [string, number][]
  topPaths: [string, number][]
  topAgents: [string, number][]
  slowest: AccessRow[]
  bans: BanSuspect[]
}

/** The field types of a custom log format (the two first are required). */
export const LOG_FIELD_TYPES = [
  'time',
  'status',
  'ip',
  'request',
  'bytes',
  'duration',
  'number',
  'text',
] as const
export type LogFieldType = (typeof LOG_FIELD_TYPES)[number]

/** A user's own access log format, saved in the settings. */
export interface CustomLogFormat {
  name: string
  /** A regular expression with a named group per field. */
  pattern: string
  fields: { name: string; type: LogFieldType }[]
  /** The zone of times written without one (`+01:00`); UTC when unset. */
  zone?: string
}

/** An entry of an error log: its first line's fields, and its continuation lines. */
export interface ErrorRow {
  /** 1-based line in what was read. */
  line: number
  time: number | null
  level: 'critical' | 'error' | 'warning' | 'notice' | 'info' | 'debug'
  message: string
  more: string[]
}

/** An error log explored: its entries, counts by level over time, the repeated messages. */
export interface ErrorExploration {
  format: string
  /** The newest entries, up to the limit. */
  entries: ErrorRow[]
  total: number
  /** Lines before the first entry (kept, not entries). */
  raw: number
  first: number | null
  last: number | null
  byLevel: Partial<Record<ErrorRow['level'], number>>
  histogram: {
    bucketMs: number
    buckets: { start: number; error: number; warning: number; other: number }[]
  }
  /** Every message shape (repeats grouped), most frequent first, counted over all the entries. */
  topMessages: [string, number][]
  /** True when the log writes local times without a zone (placed with the server's). */
  zoneless: boolean
}

export type LogKind =
  | 'haproxy'
  | 'apache-access'
  | 'apache-error'
  | 'nginx-access'
  | 'nginx-error'
  | 'php-fpm'
  | 'php-slow'
  | 'php-error'
  | 'php-access'
  | 'mysql'
  | 'other'

export interface LogFile extends FileEntry {
  kind: LogKind
  /** Rotation index: 0 for the live file, 1 for `.1`, 2 for `.2.gz`… */
  rotation: number
  compressed: boolean
}

export interface TailRequest {
  server: string
  path: string
  /** Lines of history to send before following. */
  lines: number
  follow: boolean
}

/** Logs: discovery, exploration, the live tail and searches over the rotations. */
export interface LogsCalls {
  'logs:discover': { req: { server: string }; res: LogFile[] }
  /** An access log's requests, histogram by status class, tops and ban suspects (its last `mb` MB). */
  'logs:explore': {
    /** `format`: a built-in or saved format by name; detected when unset. */
    req: { server: string; path: string; mb?: number; format?: string }
    res: AccessExploration & {
      path: string
      bytesRead: number
      partial: boolean
      /** What reading it cost over the link (absent for a local file: the demo). */
      cost?: ReadCost
      /** The first lines, when no format reads the log: to define one from them. */
      samples?: string[]
      /** When no access log format reads it but an error log format does: its entries. */
      errors?: ErrorExploration
    }
  }
  /**
   * The lines a log wrote in the `minutes` from a moment (epoch ms), found by bisection with small
   * reads: opening a moment costs the same in a 2 MB log and a 2 GB one.
   */
  'logs:window': {
    req: { server: string; path: string; at: number; minutes?: number }
    res: LogWindow
  }
  /** A log and its rotations searched on the server (zgrep): `path:line` results as a job. */
  'logs:search': {
    req: { server: string; path: string; pattern: string; fixed?: boolean; ignoreCase?: boolean }
    res: JobRef
  }
  'tail:start': { req: TailRequest; res: JobRef }
}

/** What a remote read cost: its bytes, those that crossed the wire, how long, how. */
export interface ReadCost {
  method: 'sftp' | 'gzip' | 'ssh-zlib'
  bytes: number
  wireBytes: number
  ms: number
}

/** A log's lines between two moments, and what finding them cost. */
export interface LogWindow {
  path: string
  /** ISO 8601 in UTC. */
  from: string
  to: string
  lines: string[]
  /** Where the window starts in the file (bytes). */
  offset: number
  bytesRead: number
  reads: number
  ms: number
  /** The moment is before the file's first line or after its last: another rotation has it. */
  outside: 'before' | 'after' | null
  /** No line has a time the workbench can read. */
  noTime: boolean
  /** The time of the file's first line (epoch ms): an older rotation has what is before. */
  fileStart: number | null
  /** Cut at its byte limit: more lines follow. */
  truncated: boolean
}

/** Records of the logs jobs: the tail's raw lines; the search's `path:line` results (zgrep -H). */
export interface LogsJobs {
  'tail:start': string
  'logs:search': string
}
