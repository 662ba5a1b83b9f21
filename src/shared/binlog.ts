// MySQL/MariaDB binary logs: the files, the change events mysqlbinlog's text gives, and the
// web requests around one moment.
import type { FileEntry } from './files'
import type { JobRef } from './jobs'

export interface BinlogFile extends FileEntry {
  /** Epoch seconds of the first and last events, from the file's head and tail; null if unknown. */
  first: number | null
  last: number | null
  readable: boolean
  /** Listed in the `.index` file (null when there is no readable index). */
  inIndex: boolean | null
}

/** The kinds of change, in the order the UI offers them. */
export const CHANGE_TYPES = ['insert', 'update', 'delete', 'ddl', 'other'] as const
export type ChangeType = (typeof CHANGE_TYPES)[number]

export type RowImage = Record<string, string | null>

export interface ChangeEvent {
  /** ISO 8601 UTC (the header time, or SET TIMESTAMP when the statement gives it). */
  time: string
  epoch: number
  file: string | null
  pos: number | null
  endPos: number
  serverId: number
  /** Connection id: from Query events only (MariaDB ROW transactions carry none). */
  thread: number | null
  type: ChangeType
  db: string | null
  table: string | null
  /** The statement: the SQL of a Query event, or the original SQL of a row event (Annotate_rows / Rows_query). */
  sql: string | null
  rows: { before: RowImage | null; after: RowImage | null }[]
  gtid: string | null
  /**
   * Column names from the binlog itself (binlog_row_metadata=FULL, printed with
   * `--print-table-metadata`): right for the table as it was, whatever ALTERs came after.
   */
  columns?: string[]
  /**
   * MySQL 8: when the transaction was committed on this server, to the microsecond
   * (`immediate_commit_timestamp`), ISO 8601 UTC.
   */
  committed?: string
  /**
   * A statement that changed more rows than an event holds is given in parts (1, 2, …), each
   * with the same time, position and SQL: memory stays bounded whatever the statement's size.
   */
  part?: number
}

export interface ChangeFilter {
  types?: ChangeType[]
  /** `db.table` or `table`; `db.*` for a whole database. */
  table?: string
  /** One transaction, by its GTID (`0-1-491`, `uuid:23`). */
  gtid?: string
  /** Binlog positions (`# at`): from, to (inclusive). One file's positions. */
  fromPos?: number
  toPos?: number
  since?: number
  until?: number
  thread?: number
  /** A value present in the before or after image. */
  value?: string
  text?: string
}

export interface CorrelatedRequest {
  log: string
  /** Epoch milliseconds. */
  time: number
  /** Seconds from the event (negative: before it). */
  offsetSec: number
  ip: string
  method: string
  path: string
  status: number
  /** HAProxy's total time (Ta) or the web server's %D, when the log gives it. */
  durationMs?: number
  /** HAProxy's termination state (`----`, `cR--`, `SD--`…). */
  termination?: string
  line: string
}

export interface CorrelatedSlowEntry {
  log: string
  time: number
  offsetSec: number
  pool: string
  pid: number
  script: string
  /** The innermost frame: where the request was when php-fpm dumped it. */
  top: string | null
}

export interface CorrelatedRequests {
  requests: CorrelatedRequest[]
  /** PHP-FPM slow-log entries of the window (placed with the zone the access logs show). */
  slow: CorrelatedSlowEntry[]
  /** Logs that could not be placed on the timeline (no zone in their times, unreadable). */
  skipped: string[]
}

/** Binary logs: listed, searched (a job of change events), placed among web requests. */
export interface BinlogCalls {
  /** The binary logs in /var/log/mysql with their first and last event times (UTC epochs). */
  'binlog:list': { req: { server: string }; res: BinlogFile[] }
  /** The web requests around a moment (a binlog event's second), from the access logs. */
  'binlog:correlate': {
    req: { server: string; epoch: number; windowSec?: number }
    res: CorrelatedRequests
  }
  'binlog:find': {
    req: {
      server: string
      files: string[]
      types?: ChangeType[]
      table?: string
      value?: string
      thread?: number
      /** Epoch seconds (UTC). */
      since?: number
      until?: number
      text?: string
      /** One transaction's events, by its GTID. */
      gtid?: string
      /** `# at` positions of one file (`files` has one), inclusive. */
      fromPos?: number
      toPos?: number
    }
    res: JobRef
  }
  /** Column names for a binlog event's `@N` values: from the snapshot taken closest before it, else live. */
  'binlog:columns': {
    req: { server: string; db: string; table: string; at: number }
    res: { names: string[]; source: 'snapshot' | 'live' | 'none'; takenAt?: string }
  }
}

/** Records of the binlog jobs: the events that match the search, in the binlog's order. */
export interface BinlogJobs {
  'binlog:find': ChangeEvent
}
