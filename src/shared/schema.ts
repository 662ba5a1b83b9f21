// A database structure snapshot and the changes between two, shared by the services, the
// diff engine, the CLI and the UI.
export interface ColumnSnap {
  name: string
  ordinal: number
  /** COLUMN_TYPE, e.g. `varchar(100)`, `bigint(20) unsigned`. */
  type: string
  nullable: boolean
  default: string | null
  extra: string
  collation: string | null
}

export interface IndexSnap {
  name: string
  unique: boolean
  /** BTREE, FULLTEXT, SPATIAL, HASH. */
  kind: string
  columns: { name: string; subPart: number | null }[]
}

export interface ForeignKeySnap {
  name: string
  columns: string[]
  refTable: string
  refColumns: string[]
  onUpdate: string
  onDelete: string
}

export interface TableSnap {
  engine: string | null
  collation: string | null
  rowFormat: string | null
  /** Estimated from information_schema (exact when asked). */
  rows: number | null
  createSql: string
  columns: ColumnSnap[]
  indexes: IndexSnap[]
  foreignKeys: ForeignKeySnap[]
}

export interface SchemaSnapshot {
  version: 1
  takenAt: string
  server: string | null
  database: string
  tables: Record<string, TableSnap>
  views: Record<string, string>
  triggers: Record<string, { table: string; timing: string; event: string; statement: string }>
  /** Row counts are exact (COUNT(*)) rather than estimated. */
  exactCounts?: boolean
}

export type Severity = 'critical' | 'warning' | 'info'

export interface SchemaChange {
  severity: Severity
  kind: string
  table: string | null
  /** The column, index, key, trigger or view concerned. */
  object: string | null
  before: string | null
  after: string | null
  /** SQL that would bring the earlier structure back, to review (never run by the app). */
  restore?: string
}

/** Database credentials entered by hand when the CMS configuration gives none. */
export interface ManualCredentials {
  host: string
  port: number
  user: string
  password: string
  database: string
}

export interface SnapshotInfo {
  id: string
  takenAt: string
  database: string
  tables: number
}

export interface SchemaDiffResult {
  changes: SchemaChange[]
  /** SHOW CREATE TABLE of the changed tables, before and after (absent = no such table). */
  before: Record<string, string>
  after: Record<string, string>
}

/** Schema snapshots and their drift. */
export interface SchemaCalls {
  'schema:snapshots': { req: { server: string }; res: SnapshotInfo[] }
  'schema:take': {
    req: {
      server: string
      database?: string
      exactCounts?: boolean
      credentials?: ManualCredentials
    }
    res: SnapshotInfo
  }
  /** `toServer`: compare with another server's snapshot (production against preproduction). */
  'schema:diff': {
    req: { server: string; from: string; to: string; toServer?: string }
    res: SchemaDiffResult
  }
}
