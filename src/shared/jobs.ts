// Jobs: long work (a tail, a search, a download, a clone) started by a call that returns its id;
// its records arrive in batches, typed by the call that started it, its progress as facts.
import type { HttpJobs } from './http'
import type { ProfilesJobs } from './profiles'
import type { ApiError } from './result'
import type { BinlogJobs } from './binlog'
import type { CloneJobs } from './clone'
import type { FilesJobs } from './files'
import type { BackupJobs } from './backups'
import type { FleetJobs } from './fleet'
import type { LogsJobs } from './logs'
import type { PreprodJobs } from './preprod'
import type { RightsJobs } from './rights'

export interface JobRef {
  job: string
}

/** What each job streams, by the call that starts it. */
export interface JobRecords
  extends
    LogsJobs,
    FilesJobs,
    PreprodJobs,
    BinlogJobs,
    RightsJobs,
    CloneJobs,
    HttpJobs,
    ProfilesJobs,
    FleetJobs,
    BackupJobs {}

export type JobName = keyof JobRecords

/** A job's batch: `kind` says which call started it, and so the type of its records. */
export type JobBatch<K extends JobName = JobName> = {
  [N in K]: {
    job: string
    kind: N
    /** Increases by one per batch; the renderer acknowledges it to keep memory in flight bounded. */
    seq: number
    records: JobRecords[N][]
  }
}[K]

/**
 * What a progress report is about; the UI and the CLI word it from the values:
 * `found` (values.found), `transfer` (values.bytes, values.rate, values.eta), `file`
 * (values.path), `waiting` (the supervisor: done and total in ms), `reconnected` (a tail),
 * `read` (a tail's backlog read at once: the ReadCost's fields, and afterOutage 1 or 0).
 */
export type ProgressCode = 'found' | 'transfer' | 'file' | 'waiting' | 'reconnected' | 'read'

export interface JobProgress {
  job: string
  done: number
  total: number | null
  code?: ProgressCode
  values?: Record<string, string | number>
}

export interface JobEnd {
  job: string
  /** Set when the job stopped on a failure; what was already sent stays valid. */
  error?: ApiError
  cancelled?: boolean
}

/** Jobs of any capability: cancelled and acknowledged by id. */
export interface JobsCalls {
  'jobs:cancel': { req: JobRef; res: null }
  'jobs:ack': { req: { job: string; seq: number }; res: null }
}

/** Batching rule shared by every streaming job (DESIGN: ~50 ms or 1,000 records). */
export const BATCH_MAX_RECORDS = 1000
export const BATCH_MAX_DELAY_MS = 50
/** Batches sent and not yet acknowledged before the source is paused. */
export const MAX_UNACKED_BATCHES = 8

/** The records of a batch of a `kind` job, typed; none when the batch is another kind's. */
export function recordsOf<K extends JobName>(batch: JobBatch, kind: K): JobRecords[K][] {
  return batch.kind === kind ? (batch.records as JobRecords[K][]) : []
}
