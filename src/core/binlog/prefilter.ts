// A server-side pre-filter of mysqlbinlog's decoded text (issue #20): the row images (`###`
// lines) of tables and kinds of change the filter cannot want are dropped where the binlog is,
// by the jail's own awk, before they cross the wire and before they are parsed. The parser stays
// the definition: everything kept is filtered again here, so the pre-filter only has to keep a
// superset — it drops a row only when its header proves the filter refuses it. Everything else
// (headers, statements, GTIDs, table maps, annotations) passes as it is.
import type { ChangeFilter } from '../../shared/binlog'
import { filterTableParts } from './mysqlbinlog-text'

// Its values come from the environment (awk does not interpret them), never from its text.
export const PREFILTER_AWK = `BEGIN { d = ENVIRON["TWB_DB"]; t = ENVIRON["TWB_TABLE"]; p = ENVIRON["TWB_PART"]; k = " " ENVIRON["TWB_TYPES"] " "; keep = 1 }
/^### (INSERT INTO|UPDATE|DELETE FROM) \`/ {
  v = ($2 == "INSERT") ? "insert" : (($2 == "UPDATE") ? "update" : "delete")
  r = $0; sub(/^### (INSERT INTO|UPDATE|DELETE FROM) /, "", r)
  keep = 1
  if (k != "  " && index(k, " " v " ") == 0) keep = 0
  if (d != "" && index(r, "\`" d "\`.\`") != 1) keep = 0
  if (t != "" && index(r, "\`.\`" t "\`") == 0) keep = 0
  if (p != "" && index(r, p) == 0) keep = 0
}
/^### / { if (!keep) next }
{ print }`

/** A name as mysqlbinlog prints it between backticks (a backtick doubled). */
const quoted = (name: string): string => name.replace(/`/g, '``')

/**
 * The environment of the pre-filter for `filter`, or null when it would drop nothing (no table
 * or kind of row change to select on).
 */
export function prefilterEnv(filter: ChangeFilter): Record<string, string> | null {
  const rowTypes = (filter.types ?? []).filter(
    (t) => t === 'insert' || t === 'update' || t === 'delete',
  )
  const selectsTypes = (filter.types ?? []).length > 0
  const { db, table } = filterTableParts(filter.table)
  if (!selectsTypes && !db && !table) return null
  // A name with a star is not compared whole: its longest run without one must be in the row's
  // `db`.`table` (a superset, which the parser narrows).
  const literal = (name: string | null): string =>
    name !== null && !name.includes('*') ? quoted(name) : ''
  const part = table?.includes('*')
    ? quoted(table.split('*').reduce((a, b) => (b.length > a.length ? b : a), ''))
    : ''
  return {
    TWB_DB: literal(db),
    TWB_TABLE: literal(table),
    TWB_PART: part,
    // No row kind wanted (only DDL, say): every row image goes.
    TWB_TYPES: selectsTypes ? (rowTypes.length ? rowTypes.join(' ') : 'none') : '',
  }
}
