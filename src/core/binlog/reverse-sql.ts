// SQL that undoes a row change, from its before and after images: an UPDATE back to the before
// image, an INSERT of deleted rows, a DELETE of inserted rows. Text for a person to review and
// run; the workbench never executes it. Columns are `@N` unless names are known.
import type { ChangeEvent, RowImage } from './mysqlbinlog-text'

const ident = (name: string): string => '`' + name.replace(/`/g, '``') + '`'

/**
 * A literal for a value as mysqlbinlog printed it. Always quoted: the parser keeps no type, and
 * MySQL converts a quoted number for a numeric column, while an unquoted `007` or `1e5` would
 * change a string column's value. Read the same whatever the session's sql_mode: a quote is
 * doubled (never `\'`, which NO_BACKSLASH_ESCAPES reads as a backslash and an end of string),
 * and a value holding a backslash or a control character is written as a utf8mb4 hex literal.
 */
function literal(value: string | null): string {
  if (value === null) return 'NULL'
  // eslint-disable-next-line no-control-regex -- control characters are what must not be raw
  if (/[\\\x00-\x1f\x7f]/.test(value)) return `_utf8mb4 X'${utf8Hex(value)}'`
  return `'${value.replace(/'/g, "''")}'`
}

function utf8Hex(text: string): string {
  let out = ''
  for (const b of new TextEncoder().encode(text)) out += b.toString(16).padStart(2, '0')
  return out.toUpperCase()
}

function column(key: string, names?: string[]): string {
  const n = /^@(\d+)$/.exec(key)
  const name = n && names ? names[Number(n[1]) - 1] : undefined
  return ident(name ?? key)
}

function where(image: RowImage, names?: string[]): string {
  return Object.entries(image)
    .map(([k, v]) =>
      v === null ? `${column(k, names)} IS NULL` : `${column(k, names)} = ${literal(v)}`,
    )
    .join(' AND ')
}

/**
 * Statements that restore the rows of one event, newest change first undone last within the
 * event. `names` gives column names by position (`@1` → names[0]) when they are known.
 */
export function reverseSql(event: ChangeEvent, names?: string[]): string[] {
  if (!event.table || event.rows.length === 0) return []
  const table = `${event.db ? ident(event.db) + '.' : ''}${ident(event.table)}`
  const out: string[] = []
  for (const row of [...event.rows].reverse()) {
    if (event.type === 'update' && row.before && row.after) {
      const set = Object.entries(row.before)
        .filter(([k, v]) => row.after![k] !== v)
        .map(([k, v]) => `${column(k, names)} = ${literal(v)}`)
      if (set.length > 0)
        out.push(`UPDATE ${table} SET ${set.join(', ')} WHERE ${where(row.after, names)} LIMIT 1;`)
    } else if (event.type === 'delete' && row.before) {
      const keys = Object.keys(row.before)
      out.push(
        `INSERT INTO ${table} (${keys.map((k) => column(k, names)).join(', ')}) VALUES (${keys.map((k) => literal(row.before![k]!)).join(', ')});`,
      )
    } else if (event.type === 'insert' && row.after) {
      out.push(`DELETE FROM ${table} WHERE ${where(row.after, names)} LIMIT 1;`)
    }
  }
  return out
}

/**
 * SQL that undoes several events (a selection, or a whole transaction): the newest change undone
 * first, all in one transaction to review. Statement-format events (no row images) cannot be
 * undone from the binlog and are counted in `skipped`.
 */
export function reverseSqlOf(
  events: readonly ChangeEvent[],
  namesOf: (e: ChangeEvent) => string[] | undefined,
): { sql: string[]; skipped: number } {
  const ordered = [...events].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.pos ?? 0) - (b.pos ?? 0) ||
      (a.part ?? 1) - (b.part ?? 1),
  )
  let skipped = 0
  const body: string[] = []
  for (const e of ordered.reverse()) {
    const undo = reverseSql(e, namesOf(e))
    if (undo.length === 0) skipped++
    body.push(...undo)
  }
  return { sql: body.length > 0 ? ['START TRANSACTION;', ...body, 'COMMIT;'] : [], skipped }
}
