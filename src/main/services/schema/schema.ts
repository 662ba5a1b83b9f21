import type { Duplex } from 'node:stream'
import type { Connection, RowDataPacket } from 'mysql2/promise'
import type { ColumnSnap, IndexSnap, SchemaSnapshot, TableSnap } from '../../../shared/schema'
import { CMS_CONFIG_FILES, parseCmsConfig, type DbCredentials } from '../../../core/schema'
import { ServiceError } from '../platform'
import type { DbAccess } from '../../../shared/clone'
import { readRange } from '../files'
import type { SshTarget } from '../platform'
import type { Target } from '../platform'

/** Reads the CMS configuration under the root and returns its database credentials. */
export async function detectCredentials(
  target: Target,
  cmsRoot: string,
): Promise<DbCredentials & { file: string }> {
  for (const { cms, path } of CMS_CONFIG_FILES) {
    const file = `${cmsRoot.replace(/\/$/, '')}/${path}`
    let text: string
    try {
      text = (await readRange(target, file, 0, 1 << 20)).text
    } catch (err) {
      // Only a file that is not there means "try the next CMS": a dead connection, a changed
      // host key or a permission problem is said as it is.
      const code = (err as ServiceError).code
      if (code === 'NOT_FOUND' || code === 'NOT_A_FILE' || code === 'NOT_A_DIRECTORY') continue
      throw err
    }
    const creds = parseCmsConfig(cms, text)
    if (creds) return { ...creds, file }
  }
  throw new ServiceError(
    'NOT_FOUND',
    `No CMS configuration with database credentials under ${cmsRoot} (looked for ${CMS_CONFIG_FILES.map((c) => c.path).join(', ')}). Enter them by hand.`,
  )
}

export type { DbAccess } from '../../../shared/clone'

/** A MySQL connection, directly or through the server's SSH connection (forwardOut). */
export async function connectDatabase(access: DbAccess, via?: SshTarget): Promise<Connection> {
  const stream: Duplex | undefined = via
    ? await via.forward(access.host === 'localhost' ? '127.0.0.1' : access.host, access.port)
    : undefined
  try {
    // Loaded when first needed: the CLI's start-up stays short for the commands without a database.
    const { createConnection } = await import('mysql2/promise')
    return await createConnection({
      ...(stream ? { stream } : { host: access.host, port: access.port }),
      user: access.user,
      password: access.password,
      database: access.database,
      multipleStatements: true,
      connectTimeout: 20_000,
      dateStrings: true,
    })
  } catch (err) {
    const e = err as { code?: string; message: string }
    if (e.code === 'ER_ACCESS_DENIED_ERROR')
      throw new ServiceError(
        'AUTH_FAILED',
        `MySQL refused ${access.user}@${access.host}: wrong user or password.`,
      )
    if (e.code === 'ER_BAD_DB_ERROR')
      throw new ServiceError('NOT_FOUND', `The database ${access.database} does not exist.`)
    throw new ServiceError(
      'CONNECTION_LOST',
      `Cannot reach MySQL at ${access.host}:${access.port}: ${e.message}`,
    )
  }
}

const q = (name: string): string => '`' + name.replace(/`/g, '``') + '`'

/** What information_schema says of a database's structure: one result set each, one round trip. */
const STRUCTURE_QUERIES = [
  'SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, ROW_FORMAT, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
  'SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION',
  'SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX',
  `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, c.UPDATE_RULE, c.DELETE_RULE
     FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS c
       ON c.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND c.TABLE_NAME = k.TABLE_NAME
     WHERE k.TABLE_SCHEMA = ? ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  'SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?',
  'SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?',
]

/**
 * The structure of one database in two round trips whatever the number of tables (at 30–60 ms
 * from the server, round trips are the cost): information_schema's six sets at once, then every
 * SHOW CREATE TABLE (a thousand per query), plus the counts when asked.
 */
export async function takeSnapshot(
  conn: Connection,
  database: string,
  server: string | null,
  options: { exactCounts?: boolean } = {},
): Promise<SchemaSnapshot> {
  const [sets] = await conn.query<RowDataPacket[][]>(
    STRUCTURE_QUERIES.join(';\n'),
    STRUCTURE_QUERIES.map(() => database),
  )
  const [tableRows, columnRows, indexRows, keyRows, triggerRows, viewRows] = sets
  const tables: Record<string, TableSnap> = {}
  const views: Record<string, string> = {}
  for (const r of tableRows!) {
    if (r.TABLE_TYPE === 'VIEW') continue
    tables[r.TABLE_NAME] = {
      engine: r.ENGINE ?? null,
      collation: r.TABLE_COLLATION ?? null,
      rowFormat: r.ROW_FORMAT ?? null,
      rows: r.TABLE_ROWS === null ? null : Number(r.TABLE_ROWS),
      createSql: '',
      columns: [],
      indexes: [],
      foreignKeys: [],
    }
  }
  for (const r of columnRows!) {
    const col: ColumnSnap = {
      name: r.COLUMN_NAME,
      ordinal: Number(r.ORDINAL_POSITION),
      type: r.COLUMN_TYPE,
      nullable: r.IS_NULLABLE === 'YES',
      default: r.COLUMN_DEFAULT ?? null,
      extra: r.EXTRA ?? '',
      collation: r.COLLATION_NAME ?? null,
    }
    tables[r.TABLE_NAME]?.columns.push(col)
  }
  addIndexes(indexRows!, tables)
  addForeignKeys(keyRows!, tables)
  const triggers: SchemaSnapshot['triggers'] = {}
  for (const r of triggerRows!) {
    triggers[r.TRIGGER_NAME] = {
      table: r.EVENT_OBJECT_TABLE,
      timing: r.ACTION_TIMING,
      event: r.EVENT_MANIPULATION,
      statement: r.ACTION_STATEMENT,
    }
  }
  for (const r of viewRows!) views[r.TABLE_NAME] = r.VIEW_DEFINITION
  await addCreateStatements(conn, database, tables, options.exactCounts === true)
  const taken: SchemaSnapshot = {
    version: 1,
    takenAt: new Date().toISOString(),
    server,
    database,
    tables,
    views,
    triggers,
  }
  if (options.exactCounts) taken.exactCounts = true
  return taken
}

/** The indexes of the tables, from information_schema.STATISTICS in index and column order. */
function addIndexes(rows: RowDataPacket[], tables: Record<string, TableSnap>): void {
  for (const r of rows) {
    const t = tables[r.TABLE_NAME]
    if (!t) continue
    let idx: IndexSnap | undefined = t.indexes.find((i) => i.name === r.INDEX_NAME)
    if (!idx)
      t.indexes.push(
        (idx = {
          name: r.INDEX_NAME,
          unique: Number(r.NON_UNIQUE) === 0,
          kind: r.INDEX_TYPE,
          columns: [],
        }),
      )
    idx.columns.push({
      name: r.COLUMN_NAME,
      subPart: r.SUB_PART === null ? null : Number(r.SUB_PART),
    })
  }
}

/** The foreign keys of the tables, their columns in order. */
function addForeignKeys(rows: RowDataPacket[], tables: Record<string, TableSnap>): void {
  for (const r of rows) {
    const t = tables[r.TABLE_NAME]
    if (!t) continue
    let fk = t.foreignKeys.find((f) => f.name === r.CONSTRAINT_NAME)
    if (!fk)
      t.foreignKeys.push(
        (fk = {
          name: r.CONSTRAINT_NAME,
          columns: [],
          refTable: r.REFERENCED_TABLE_NAME,
          refColumns: [],
          onUpdate: r.UPDATE_RULE,
          onDelete: r.DELETE_RULE,
        }),
      )
    fk.columns.push(r.COLUMN_NAME)
    fk.refColumns.push(r.REFERENCED_COLUMN_NAME)
  }
}

/** SHOW CREATE TABLEs per query: a thousand make about 60 KB of query and a megabyte of answer. */
const CREATE_BATCH = 1000

/** SHOW CREATE TABLE of every table, and COUNT(*) when asked (a hundred per round trip). */
async function addCreateStatements(
  conn: Connection,
  database: string,
  tables: Record<string, TableSnap>,
  exactCounts: boolean,
): Promise<void> {
  const names = Object.keys(tables)
  for (let i = 0; i < names.length; i += CREATE_BATCH) {
    const batch = names.slice(i, i + CREATE_BATCH)
    const [results] = await conn.query(
      batch.map((n) => `SHOW CREATE TABLE ${q(database)}.${q(n)}`).join(';'),
    )
    const sets = (batch.length === 1 ? [results] : results) as RowDataPacket[][]
    sets.forEach((set, k) => {
      const t = tables[batch[k]!]
      // AUTO_INCREMENT moves with every insert: it is not structure.
      if (t) t.createSql = String(set[0]?.['Create Table'] ?? '').replace(/ AUTO_INCREMENT=\d+/, '')
    })
  }
  if (exactCounts) {
    // COUNT(*) of every table, a hundred per round trip (information_schema only estimates InnoDB).
    for (let i = 0; i < names.length; i += 100) {
      const batch = names.slice(i, i + 100)
      const [counts] = await conn.query<RowDataPacket[]>(
        batch
          .map((n) => `SELECT ${conn.escape(n)} AS t, COUNT(*) AS n FROM ${q(database)}.${q(n)}`)
          .join(' UNION ALL '),
      )
      for (const c of counts) {
        const t = tables[String(c.t)]
        if (t) t.rows = Number(c.n)
      }
    }
  }
}

/** A database URL `mysql://user:pass@host:port/db` (user and password percent-encoded). */
export function parseMysqlUrl(url: string): DbAccess {
  const m = /^mysql:\/\/([^:@/]*)(?::([^@/]*))?@([^:/]+)(?::(\d+))?\/([^/?#]+)$/.exec(url)
  if (!m)
    throw new ServiceError(
      'BAD_REQUEST',
      'The database URL must look like mysql://USER:PASSWORD@HOST:PORT/DATABASE.',
    )
  return {
    user: decodeURIComponent(m[1]!),
    password: decodeURIComponent(m[2] ?? ''),
    host: m[3]!,
    port: m[4] ? Number(m[4]) : 3306,
    database: decodeURIComponent(m[5]!),
  }
}
