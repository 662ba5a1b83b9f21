// Clone and migration: what the wizard and `twb clone` exchange with the services.
import type { JobRef } from './jobs'
/** The CMS a site runs, as its configuration file tells. */
export type Cms = 'wordpress' | 'prestashop-1.6' | 'prestashop' | 'magento' | 'drupal'

/** A database as `mysql://USER:PASS@HOST:PORT/DB` says it. */
export interface DbAccess {
  host: string
  port: number
  user: string
  password: string
  database: string
}

export interface FileProgress {
  bytes: number
  percent: number
  rate: string
  eta: string
}

export interface DumpProgress {
  table: string
  tables: number
  bytes: number
}

export interface CloneRequest {
  /** A local folder; with `toServer`, the folder on that server. */
  to: string
  /**
   * Another configured server as the destination: files go through a local staging copy (two
   * rsync passes), the database into `dbTo` as that server reaches it (through its SSH).
   */
  toServer?: string
  dbTo?: DbAccess
  dbDump?: string
  excludeImages?: boolean
  bwlimitKBps?: number
  dryRun?: boolean
  /**
   * The user confirmed that a non-empty destination which is not an earlier clone of this
   * source may be replaced (rsync --delete removes what it holds).
   */
  forceIntoNonEmpty?: boolean
}

export interface CloneReport {
  source: { server: string; cmsRoot: string; cms: Cms | null }
  to: string
  dryRun: boolean
  startedAt: string
  seconds: number
  excluded: string[]
  files: {
    files: number
    bytes: number
    transferred: number
    seconds: number
    /** Compressed on the wire by rsync: the link was measured slow (absent in older reports). */
    compressed?: boolean
  }
  database: {
    into: string
    tables: number
    bytes: number
    seconds: number
    notes: string[]
  } | null
}

export interface VerifyReport {
  files: { checked: number; differences: string[] }
  tables: { checked: number; differences: string[] }
}

export interface CloneAnalysis {
  cms: Cms | null
  cmsRoot: string
  excluded: string[]
  files: number
  bytes: number
  database: { name: string; tables: { name: string; rows: number; bytes: number }[] } | null
}

export interface UrlRewriteColumn {
  table: string
  column: string
  rows: number
  sample?: { before: string; after: string }
}

export interface UrlRewritePlan {
  from: string
  to: string
  applied: boolean
  columns: UrlRewriteColumn[]
  notes: string[]
}

export interface CloneRunRequest {
  server: string
  /** Local folder; default: the downloads folder, `tw-workbench/<server>/site`. */
  to?: string
  /** `mysql://USER:PASS@HOST:PORT/DB` of a destination database… */
  dbUrl?: string
  /** …or a `.sql.gz` file to write. */
  dbDump?: string
  /** Another configured server as the destination (`to` is then its folder). */
  toServer?: string
  confirmProduction?: boolean
  /** The user confirmed that a non-empty destination's content may be replaced. */
  forceIntoNonEmpty?: boolean
  excludeImages?: boolean
  bwlimitKBps?: number
  dryRun?: boolean
}

/** What a clone job streams: each step as facts (the UI and the CLI word them). */
export type CloneStep =
  | { step: 'files'; from: string; to: string; dryRun: boolean }
  /** To another server: the local staging copy pushed to the destination. */
  | { step: 'push'; to: string }
  | { step: 'database'; database: string; into: string }
  /** mysqldump reached a table (`index`: its rank among the tables dumped so far). */
  | { step: 'table'; table: string; index: number }
  /** The clone's report, as saved in `file`. */
  | { step: 'done'; report: CloneReport; file: string }

/** Clones and migrations over SSH (rsync and mysqldump). */
export interface CloneCalls {
  /** What a clone of the server's site would copy (rsync dry run, tables by size). */
  'clone:analyse': { req: { server: string; excludeImages?: boolean }; res: CloneAnalysis }
  /** Copies the site into a local folder (and database); the report is saved when it ends. */
  'clone:run': { req: CloneRunRequest; res: JobRef & { to: string } }
  'clone:verify': { req: CloneRunRequest; res: VerifyReport }
  /** The saved reports of this server's clones, newest first. */
  'clone:reports': { req: { server: string }; res: (CloneReport & { file: string })[] }
  /** The site URL in a copied database: reviewed (nothing written) unless `apply`. */
  'clone:rewrite-url': {
    req: { dbUrl: string; from: string; to: string; prefix?: string; apply?: boolean }
    res: UrlRewritePlan
  }
}

export interface CloneJobs {
  'clone:run': CloneStep
}
