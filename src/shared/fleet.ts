// The fleet (issue #22): every server at once, each computing its part where its data is, the
// workbench merging — no agent installed, no collector.
import type { ChangeEvent, ChangeType } from './binlog'
import type { JobRef } from './jobs'
import type { TimelineRecord } from './timeline'

/**
 * One server's row of the overview. A figure is null when it cannot be had on that server, the
 * reason in `notes`; `ok` is false when the server could not be read at all (`error` says why).
 */
export interface FleetRow {
  /** The server's name. */
  server: string
  /** Its id (to open its screens). */
  id: string
  group: string | null
  ok: boolean
  error?: string
  /** The host key's fingerprint when it is not trusted yet (to check, then trust, from the row). */
  unknownHostKey?: string
  /** Requests in the last hour, across its access logs. */
  requests1h: number | null
  status5xx1h: number | null
  /** 408s in the last hour: usually the IDS banning a client. */
  bans408_1h: number | null
  /** Slow-log entries in the last 24 hours, and the script most of them were in. */
  slow24h: number | null
  slowestScript: string | null
  /** PHP fatal errors in the last 24 hours. */
  fatal24h: number | null
  /** Disk used by the site (its CMS root) and by its logs, bytes, by `du` on the server. */
  diskSiteBytes: number | null
  diskLogsBytes: number | null
  /** The binlogs' span (epoch s). */
  binlogFirst: number | null
  binlogLast: number | null
  /** The binlogs' size on disk, bytes. */
  binlogBytes: number | null
  /** DDL statements in the binlogs since the newest schema snapshot of each database. */
  driftChanges: number | null
  /** Integrity-log blocks written in the last 24 hours (the host's schema deltas). */
  integrityNew: number | null
  /** On a preprod: files changed since its last rebuild, lost at the next one. */
  preprodAtRisk: number | null
  /** Days the production URL's TLS certificate has left (negative: expired). */
  certDays: number | null
  notes: string[]
  /** How long the server took to answer, ms. */
  ms: number
}

export interface FleetOverviewRequest {
  /** Servers of this group only; every SSH server when absent. */
  group?: string
  /** Servers read at once (8). */
  concurrency?: number
  /** Seconds a server may take before its row says so (60). */
  timeoutSec?: number
}

/** A search across servers: a text or a pattern (any case) in the logs a path pattern names. */
export interface FleetGrepRequest extends FleetOverviewRequest {
  text: string
  /** `text` is a regular expression (JavaScript's, any case). */
  regex?: boolean
  /** A log's path, `*` for any name part: `/var/log/nginx/*access*.log`. */
  log: string
  /** Epoch ms. */
  from: number
  to: number
}

/** One server's matches (its first `records`, `total` in all), or why it could not be searched. */
export interface FleetGrepResult {
  server: string
  id: string
  ok: boolean
  error?: string
  records: TimelineRecord[]
  total: number
  /** The logs searched (each with its rotations). */
  sources: string[]
  ms: number
}

/**
 * The binlog finder across servers: the finder's filters (`table` may hold a star, `*_options`;
 * no positions, they belong to one file). Times in epoch seconds, as the finder's.
 */
export interface FleetBinlogRequest extends FleetOverviewRequest {
  types?: ChangeType[]
  table?: string
  since?: number
  until?: number
  thread?: number
  value?: string
  text?: string
}

/** One server's changes (its first `events`, `total` in all), or why it could not be searched. */
export interface FleetBinlogResult {
  server: string
  id: string
  ok: boolean
  error?: string
  events: ChangeEvent[]
  total: number
  /** The binlogs decoded (those that cover the time asked). */
  binlogs: number
  /** What is missing or absent there (no binlog, some unreadable). */
  notes: string[]
  ms: number
}

export interface FleetCalls {
  /** The overview as a job: a row per server, streamed as each answers. */
  'fleet:overview': { req: FleetOverviewRequest; res: JobRef & { servers: string[] } }
  /** A search across servers as a job: a result per server, streamed as each answers. */
  'fleet:grep': { req: FleetGrepRequest; res: JobRef & { servers: string[] } }
  /** The binlog finder across servers as a job: a result per server, streamed as each answers. */
  'fleet:binlog': { req: FleetBinlogRequest; res: JobRef & { servers: string[] } }
}

export interface FleetJobs {
  'fleet:overview': FleetRow
  'fleet:grep': FleetGrepResult
  'fleet:binlog': FleetBinlogResult
}
