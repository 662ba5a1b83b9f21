// Backups (issue #23): the host's backup policy as data, the restore planner, the weight audit.
import type { JobRef } from './jobs'

/** A server's backup contract: files kept 2, 4 or 10 days; HA or not; the daily backup time. */
export interface BackupContract {
  days: 2 | 4 | 10
  /** High availability: the database every half hour (kept 24 h), the files every hour. */
  ha: boolean
  /** The daily backup's time, `HH:MM` on the server's clock. */
  hour: string
}

export const DEFAULT_CONTRACT: BackupContract = { days: 2, ha: false, hour: '02:00' }

/** A backup that exists: when it was taken, what made it, until when it is kept (epoch ms). */
export interface RestorePoint {
  at: number
  kind: 'daily' | 'monthly' | 'hourly' | 'half-hourly'
  keptUntil: number
}

/** Writes a restore of the database would lose, for one table. */
export interface LostWrites {
  table: string
  inserts: number
  updates: number
  deletes: number
}

export interface BackupPlanRequest {
  server: string
  /** The moment to go back to, epoch ms. */
  at: number
  contract?: BackupContract
  /** Plan as of this moment instead of now (epoch ms): which backups existed then. */
  now?: number
}

export interface BackupPlan {
  at: number
  now: number
  contract: BackupContract
  /** The newest file backup before the moment, and until when it is kept; null: none that old. */
  files: RestorePoint | null
  database: RestorePoint | null
  /** The oldest of each kept now (what the host can restore at all). */
  oldestFiles: RestorePoint | null
  oldestDatabase: RestorePoint | null
  /** From the database point until now, per table, from the binlogs; null: not countable. */
  lostWrites: LostWrites[] | null
  /** Files of the site changed since the file point (lost by a files restore). */
  changedFiles: number | null
  /** Why a figure is missing, or what limits it. */
  notes: string[]
  /** The mail to the host asking for the restore, ready to paste. */
  request: { subject: string; body: string }
}

export type WeightKind = 'dump' | 'archive' | 'duplicate' | 'git' | 'log' | 'cache'

/** Something in the site that weighs on the host's backups (35 to 70 times its size). */
export interface WeightItem {
  path: string
  bytes: number
  kind: WeightKind
  /** For a duplicate: the file it repeats. */
  duplicateOf?: string
  /** What it adds to the backups, bytes: [35×, 70×]. */
  backupWeight: [number, number]
  /** What to do about it. */
  action: string
}

export interface BackupWeight {
  root: string
  items: WeightItem[]
  /** Files looked at (at least the size asked). */
  scanned: number
  notes: string[]
}

/** A safety snapshot of a site on this computer: files (hard-linked to the previous) and database. */
export interface SiteSnapshot {
  id: string
  server: string
  takenAt: string
  cmsRoot: string
  files: number
  bytes: number
  /** Bytes copied for this one (the others hard links to the previous snapshot). */
  transferred: number
  linkedTo: string | null
  /** The database dumped, or null with the reason in notes. */
  database: string | null
  tables: string[]
  notes: string[]
}

/** What changed between two snapshots: files (a shared hard link is unchanged) and tables. */
export interface SnapshotComparison {
  from: string
  to: string
  files: { added: string[]; removed: string[]; changed: string[]; same: number }
  /** Tables by their CREATE TABLE (auto-increment counters aside). */
  tables: { added: string[]; removed: string[]; changed: string[] }
}

export interface BackupCalls {
  'snapshot:compare': {
    req: { server: string; from: string; to: string }
    res: SnapshotComparison
  }
  /**
   * One file of a snapshot put back at its place on a server (`to`, the snapshot's own by
   * default; a production only with `confirmProduction`).
   */
  'snapshot:restore-file': {
    req: { server: string; id: string; path: string; to?: string; confirmProduction?: boolean }
    res: { path: string; to: string; bytes: number }
  }
  /** A safety snapshot as a job (its one result: the snapshot); `keep` prunes the older ones. */
  'snapshot:take': { req: { server: string; keep?: number }; res: JobRef }
  'snapshot:list': { req: { server: string }; res: SiteSnapshot[] }
  /** One table of a snapshot into a database (the table replaced there). */
  'snapshot:restore-table': {
    req: { server: string; id: string; table: string; dbUrl: string }
    res: { table: string; statements: number; into: string }
  }
  /** The restore planner as a job (its one result: the plan; binlogs decoded on the server). */
  'backup:plan': { req: BackupPlanRequest; res: JobRef }
  'backup:weight': { req: { server: string; minMb?: number }; res: JobRef }
}

export interface BackupJobs {
  'backup:plan': BackupPlan
  'backup:weight': BackupWeight
  'snapshot:take': SiteSnapshot & { pruned: string[] }
}
