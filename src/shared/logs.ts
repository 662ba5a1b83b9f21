// Models of the log explorer, shared by the core analysis, the services and the UI.

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
  level: 'emergency' | 'error' | 'warning' | 'notice' | 'info' | 'debug'
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
  topMessages: [string, number][]
  /** True when the log writes local times without a zone (placed with the server's). */
  zoneless: boolean
}
