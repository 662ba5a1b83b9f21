// Models of the PHP-FPM slow log analysis, shared by the parser, the services and the UI.
import type { ReadCost } from './logs'
export interface SlowFrame {
  /** Function as php-fpm names it: `mysqli_query`, `PDOStatement->execute`, `Foo::bar`. */
  fn: string
  file: string
  line: number
}

export type SlowlogIssueCode =
  'SLOWLOG_MISSING_HEADER' | 'SLOWLOG_BAD_LINE' | 'SLOWLOG_TRUNCATED_ENTRY'

export interface SlowlogIssue {
  code: SlowlogIssueCode
  message: string
  line: number
}

export interface FlameNode {
  name: string
  /** Entries whose stack passes through this node. */
  value: number
  /** Entries whose stack ends here (the frame that was executing). */
  self: number
  children: FlameNode[]
  /** The profile function this node is (Xdebug profiles only). */
  fn?: number
}

export interface SlowRequest {
  line: number
  time: string
  pool: string
  pid: number
  script: string
  method?: string
  uri?: string
  /** Seconds the request had run when php-fpm traced it (the master log's warning). */
  durationSec?: number
  /**
   * Its whole duration: from the pool's access log, or, for a request php-fpm killed (no line in
   * the access log), when it was killed.
   */
  totalSec?: number
  /** Its HTTP status, from the pool's access log. */
  status?: number
  /** php-fpm killed it (`execution timed out`, request_terminate_timeout). */
  killed?: boolean
  topFrame: string | null
  frames: readonly SlowFrame[]
  dumpFailed: boolean
}

/** The seconds the entries of one key ran in all, and how many of them have a known duration. */
export type SlowTotal = [seconds: number, timed: number]

export interface SlowlogReport {
  entries: number
  dumpFailed: number
  pools: Record<string, number>
  first: string | null
  last: string | null
  byScript: [string, number][]
  byUri: [string, number][]
  byTopFrame: [string, number][]
  byStack: [string, number][]
  /**
   * Total durations by the same keys as `byScript`, `byUri`, `byTopFrame` and `byStack`. A slow
   * log records that a request passed the threshold, not how long it ran: durations come from
   * the pool's access log (or php-fpm's kill) joined to each entry; `timed` says how many.
   */
  time: {
    byScript: Record<string, SlowTotal>
    byUri: Record<string, SlowTotal>
    byTopFrame: Record<string, SlowTotal>
    byStack: Record<string, SlowTotal>
  }
  /** Entries whose whole duration is known. */
  timed: number
  /** Slow entries per minute (local time `YYYY-MM-DDTHH:MM`), by script. */
  timeline: { minute: string; byScript: Record<string, number> }[]
  /** The entries, oldest first, up to the limit; `entries` counts them all. */
  requests: SlowRequest[]
  requestsTruncated: boolean
  /** Root-first call tree: each entry's stack is one sample. */
  flame: FlameNode
  /** Callee-first: which leaf functions block most, and who calls them. */
  inverted: FlameNode
  issues: SlowlogIssue[]
  issuesTotal: number
  /** What reading the slow logs cost over the link (absent for local files: the demo, the CLI). */
  cost?: ReadCost
}

/** PHP-FPM slow logs analysed with the master log that names each request. */
export interface SlowlogCalls {
  'slowlog:analyze': {
    req: { server: string; paths: string[]; fpmLogs?: string[]; accessLogs?: string[] }
    res: SlowlogReport
  }
}
