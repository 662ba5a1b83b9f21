// Clone and migration: what the wizard and `twb clone` exchange with the services.
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
  files: { files: number; bytes: number; transferred: number; seconds: number }
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
