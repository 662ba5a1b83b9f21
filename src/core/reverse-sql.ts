// SQL that undoes a row change, from its before and after images: an UPDATE back to the before
// image, an INSERT of deleted rows, a DELETE of inserted rows. Text for a person to review and
// run; the workbench never executes it. Columns are `@N` unless names are known.
import type { ChangeEvent, RowImage } from './mysqlbinlog-text'

const ident = (name: string): string => '`' + name.replace(/`/g, '``') + '`'

/** A literal for a value as mysqlbinlog printed it (strings were unquoted by the parser). */
function literal(value: string | null): string {
  if (value === null) return 'NULL'
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(value)) return value
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\0/g, '\\0')}'`
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
