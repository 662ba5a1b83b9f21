// What changed between two structure snapshots, and how bad it is. Stricter than Skeema or
// Atlas on purpose: a dropped primary key or unique key is critical (duplicates can now get in,
// and replication, upserts and the CMS's own lookups rely on them).
import type {
  ColumnSnap,
  IndexSnap,
  SchemaChange,
  SchemaSnapshot,
  Severity,
  TableSnap,
} from '../../shared/schema'

const INT_SIZES = ['tinyint', 'smallint', 'mediumint', 'int', 'bigint']
const TEXT_SIZES = ['tinytext', 'text', 'mediumtext', 'longtext']
const BLOB_SIZES = ['tinyblob', 'blob', 'mediumblob', 'longblob']

interface TypeShape {
  base: string
  args: number[]
  unsigned: boolean
}

function shape(type: string): TypeShape {
  const m = /^(\w+)(?:\(([^)]*)\))?(.*)$/.exec(type.trim().toLowerCase())
  return {
    base: m?.[1] ?? type,
    args: (m?.[2] ?? '')
      .split(',')
      .map(Number)
      .filter((n) => Number.isFinite(n) && n > 0),
    unsigned: /unsigned/.test(m?.[3] ?? ''),
  }
}

/** True when `after` can hold less than `before` (data may be cut or refused). */
export function isNarrowing(before: string, after: string): boolean {
  const a = shape(before)
  const b = shape(after)
  for (const ladder of [INT_SIZES, TEXT_SIZES, BLOB_SIZES]) {
    if (ladder.includes(a.base) && ladder.includes(b.base)) {
      if (ladder.indexOf(b.base) < ladder.indexOf(a.base)) return true
      return a.unsigned !== b.unsigned && ladder === INT_SIZES
    }
  }
  if (a.base === b.base) return b.args.some((n, i) => n < (a.args[i] ?? 0))
  if (['varchar', 'char'].includes(a.base) && ['varchar', 'char'].includes(b.base))
    return (b.args[0] ?? 0) < (a.args[0] ?? 0)
  if (TEXT_SIZES.includes(a.base) && ['varchar', 'char'].includes(b.base)) return true
  return true // another type family: treat as a risk
}

const q = (name: string): string => '`' + name.replace(/`/g, '``') + '`'

/** The line of a SHOW CREATE TABLE that defines a column or key, for a restore suggestion. */
function definitionLine(createSql: string, match: (line: string) => boolean): string | null {
  for (const raw of createSql.split('\n')) {
    const line = raw.trim().replace(/,$/, '')
    if (match(line)) return line
  }
  return null
}

function columnLine(t: TableSnap, name: string): string | null {
  return definitionLine(t.createSql, (l) => l.startsWith(q(name) + ' '))
}

function indexLine(t: TableSnap, name: string): string | null {
  if (name === 'PRIMARY') return definitionLine(t.createSql, (l) => l.startsWith('PRIMARY KEY'))
  return definitionLine(t.createSql, (l) =>
    new RegExp(
      `^(UNIQUE |FULLTEXT |SPATIAL )?KEY ${q(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `,
    ).test(l),
  )
}

function describeColumn(c: ColumnSnap): string {
  return `${c.type}${c.nullable ? ' NULL' : ' NOT NULL'}${c.default !== null ? ` DEFAULT ${c.default}` : ''}${c.extra ? ` ${c.extra}` : ''}`
}

function describeIndex(i: IndexSnap): string {
  const cols = i.columns.map((c) => (c.subPart ? `${c.name}(${c.subPart})` : c.name)).join(',')
  return `${i.name === 'PRIMARY' ? 'PRIMARY KEY' : i.unique ? 'UNIQUE KEY' : i.kind === 'FULLTEXT' ? 'FULLTEXT KEY' : 'KEY'} (${cols})`
}

export function diffSchemas(before: SchemaSnapshot, after: SchemaSnapshot): SchemaChange[] {
  const changes: SchemaChange[] = []
  const add = (
    severity: Severity,
    kind: string,
    table: string | null,
    object: string | null,
    b: string | null,
    a: string | null,
    restore?: string | null,
  ): void => {
    changes.push({
      severity,
      kind,
      table,
      object,
      before: b,
      after: a,
      ...(restore ? { restore } : {}),
    })
  }

  for (const [name, t] of Object.entries(before.tables)) {
    const now = after.tables[name]
    if (!now) {
      add(
        'critical',
        'table-dropped',
        name,
        null,
        `${t.columns.length} columns, ~${t.rows ?? '?'} rows`,
        null,
        t.createSql + ';',
      )
      continue
    }
    diffTable(name, t, now, add)
  }
  for (const [name, t] of Object.entries(after.tables)) {
    if (!before.tables[name])
      add(
        'info',
        'table-added',
        name,
        null,
        null,
        `${t.columns.length} columns`,
        `DROP TABLE ${q(name)};`,
      )
  }
  for (const [name, sql] of Object.entries(before.views)) {
    if (!(name in after.views))
      add('warning', 'view-dropped', null, name, sql, null, `CREATE VIEW ${q(name)} AS ${sql};`)
    else if (after.views[name] !== sql)
      add(
        'warning',
        'view-changed',
        null,
        name,
        sql,
        after.views[name]!,
        `CREATE OR REPLACE VIEW ${q(name)} AS ${sql};`,
      )
  }
  for (const name of Object.keys(after.views))
    if (!(name in before.views)) add('info', 'view-added', null, name, null, after.views[name]!)
  for (const [name, trg] of Object.entries(before.triggers)) {
    const now = after.triggers[name]
    if (!now) add('warning', 'trigger-dropped', trg.table, name, `${trg.timing} ${trg.event}`, null)
    else if (
      now.statement !== trg.statement ||
      now.timing !== trg.timing ||
      now.event !== trg.event
    )
      add('warning', 'trigger-changed', trg.table, name, trg.statement, now.statement)
  }
  for (const [name, trg] of Object.entries(after.triggers))
    if (!before.triggers[name])
      add('info', 'trigger-added', trg.table, name, null, `${trg.timing} ${trg.event}`)

  const order: Record<Severity, number> = { critical: 0, warning: 1, info: 2 }
  return changes.sort(
    (a, b) => order[a.severity] - order[b.severity] || (a.table ?? '').localeCompare(b.table ?? ''),
  )
}

type AddChange = (
  s: Severity,
  kind: string,
  table: string | null,
  object: string | null,
  b: string | null,
  a: string | null,
  restore?: string | null,
) => void

function diffTable(name: string, t: TableSnap, now: TableSnap, add: AddChange): void {
  diffColumns(name, t, now, add)
  diffIndexes(name, t, now, add)
}

/** The table's own options and its columns. */
function diffColumns(name: string, t: TableSnap, now: TableSnap, add: AddChange): void {
  const tq = q(name)
  if ((t.engine ?? '') !== (now.engine ?? ''))
    add(
      'warning',
      'engine-changed',
      name,
      null,
      t.engine,
      now.engine,
      `ALTER TABLE ${tq} ENGINE=${t.engine};`,
    )
  if ((t.collation ?? '') !== (now.collation ?? ''))
    add('warning', 'collation-changed', name, null, t.collation, now.collation)
  if ((t.rows ?? 0) > 0 && now.rows === 0)
    add('warning', 'table-emptied', name, null, String(t.rows), '0')

  const cols = new Map(now.columns.map((c) => [c.name, c]))
  for (const c of t.columns) {
    const n = cols.get(c.name)
    if (!n) {
      add(
        'critical',
        'column-dropped',
        name,
        c.name,
        describeColumn(c),
        null,
        columnLine(t, c.name) && `ALTER TABLE ${tq} ADD COLUMN ${columnLine(t, c.name)};`,
      )
      continue
    }
    const restore = columnLine(t, c.name) && `ALTER TABLE ${tq} MODIFY ${columnLine(t, c.name)};`
    if (c.type !== n.type)
      add(
        isNarrowing(c.type, n.type) ? 'warning' : 'info',
        isNarrowing(c.type, n.type) ? 'column-narrowed' : 'column-type-changed',
        name,
        c.name,
        c.type,
        n.type,
        restore,
      )
    if (c.nullable && !n.nullable)
      add('warning', 'column-not-null', name, c.name, 'NULL', 'NOT NULL', restore)
    else if (!c.nullable && n.nullable)
      add('info', 'column-nullable', name, c.name, 'NOT NULL', 'NULL', restore)
    if ((c.collation ?? '') !== (n.collation ?? ''))
      add('warning', 'column-collation-changed', name, c.name, c.collation, n.collation, restore)
    if (c.default !== n.default)
      add('info', 'column-default-changed', name, c.name, c.default, n.default, restore)
  }
  const had = new Set(t.columns.map((c) => c.name))
  for (const c of now.columns)
    if (!had.has(c.name))
      add(
        'info',
        'column-added',
        name,
        c.name,
        null,
        describeColumn(c),
        `ALTER TABLE ${tq} DROP COLUMN ${q(c.name)};`,
      )
}

/** Indexes (the primary key first of all) and foreign keys. */
function diffIndexes(name: string, t: TableSnap, now: TableSnap, add: AddChange): void {
  const tq = q(name)
  const idx = new Map(now.indexes.map((i) => [i.name, i]))
  for (const i of t.indexes) {
    const n = idx.get(i.name)
    const line = indexLine(t, i.name)
    const restoreAdd = line && `ALTER TABLE ${tq} ADD ${line};`
    if (!n) {
      const critical = i.name === 'PRIMARY' || i.unique
      add(
        critical ? 'critical' : 'warning',
        i.name === 'PRIMARY'
          ? 'primary-key-dropped'
          : i.unique
            ? 'unique-key-dropped'
            : 'index-dropped',
        name,
        i.name,
        describeIndex(i),
        null,
        restoreAdd,
      )
    } else if (describeIndex(i) !== describeIndex(n)) {
      const drop = i.name === 'PRIMARY' ? 'DROP PRIMARY KEY' : `DROP INDEX ${q(i.name)}`
      add(
        i.name === 'PRIMARY' || (i.unique && !n.unique) ? 'critical' : 'warning',
        i.name === 'PRIMARY' ? 'primary-key-changed' : 'index-changed',
        name,
        i.name,
        describeIndex(i),
        describeIndex(n),
        line && `ALTER TABLE ${tq} ${drop}, ADD ${line};`,
      )
    }
  }
  const hadIdx = new Set(t.indexes.map((i) => i.name))
  for (const i of now.indexes)
    if (!hadIdx.has(i.name))
      add(
        'info',
        i.name === 'PRIMARY' ? 'primary-key-added' : 'index-added',
        name,
        i.name,
        null,
        describeIndex(i),
      )

  const fks = new Map(now.foreignKeys.map((f) => [f.name, f]))
  for (const f of t.foreignKeys)
    if (!fks.has(f.name))
      add(
        'warning',
        'foreign-key-dropped',
        name,
        f.name,
        `(${f.columns.join(',')}) → ${f.refTable}`,
        null,
      )
  const hadFk = new Set(t.foreignKeys.map((f) => f.name))
  for (const f of now.foreignKeys)
    if (!hadFk.has(f.name))
      add(
        'info',
        'foreign-key-added',
        name,
        f.name,
        null,
        `(${f.columns.join(',')}) → ${f.refTable}`,
      )
}
