// The text mysqlbinlog prints (`mysqlbinlog --no-defaults --base64-output=DECODE-ROWS -v[v]`),
// MariaDB 10.x and MySQL 5.7/8.0 dialects, turned into change events:
//
//   # at 939
//   #261128 13:20:27 server id 1  end_log_pos 1041 CRC32 0xd2401dae 	Update_rows: table id 161 flags: STMT_END_F
//   ### UPDATE `shopdb`.`shop_postmeta`
//   ### WHERE
//   ###   @1=58 /* LONGINT meta=0 nullable=0 is_null=0 */
//   ### SET
//   ###   @1=58 /* LONGINT meta=0 nullable=0 is_null=0 */
//
// Traps: MariaDB prints two `# at` lines before an Annotate_rows event (its own position, then
// the Table_map's, whose header follows without one); header times are in the zone of the
// process running mysqlbinlog (run it with TZ=UTC); a ROW transaction in MariaDB starts with a
// GTID event and carries no thread id (only Query events have `thread_id=`); `SET TIMESTAMP=`
// holds the exact second of a statement; string values may contain anything, `/* ... */` too.
// Scanned line by line with prefix checks; regular expressions only on header lines.
import type { ChangeEvent, ChangeFilter, ChangeType, RowImage } from '../../shared/binlog'

export type { ChangeEvent, ChangeFilter, ChangeType, RowImage }
import { BinlogParserImpl } from './binlog-parser'
import { wildcard } from '../text'

/** Rows held in one event before the statement's next rows go to a new part. */
export const MAX_ROWS_PER_EVENT = 1000

export type BinlogIssueCode = 'BINLOG_UNKNOWN_EVENT' | 'BINLOG_BAD_ROW' | 'BINLOG_TRUNCATED'

export interface BinlogIssue {
  code: BinlogIssueCode
  message: string
  line: number
}

export interface BinlogSink {
  event(e: ChangeEvent): void
  issue?(i: BinlogIssue): void
  /** The binlog file changed (a Rotate event, or the header's checkpoint). */
  file?(name: string): void
}

export const HEADER =
  /^#(\d{2})(\d{2})(\d{2}) +(\d{1,2}):(\d{2}):(\d{2}) server id (\d+) +end_log_pos (\d+)(?: CRC32 0x[0-9a-f]+)?\s+(.*)$/

export const ROWS_EVENT = /^(Write|Update|Delete)_rows(?:_v1)?: table id/

export const ROW_HEAD = /^### (INSERT INTO|UPDATE|DELETE FROM) `((?:[^`]|``)+)`\.`((?:[^`]|``)+)`/

/** `#261128 13:20:06` (mysqlbinlog run with TZ=UTC) → epoch seconds. */
export function headerEpoch(m: RegExpExecArray): number {
  return (
    Date.UTC(
      2000 + Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6]),
    ) / 1000
  )
}

/** The event times of mysqlbinlog's text, in order (epoch seconds; the text printed with TZ=UTC). */
export function eventTimes(text: string): number[] {
  const out: number[] = []
  for (const line of text.split('\n')) {
    const m = HEADER.exec(line)
    if (m) out.push(headerEpoch(m))
  }
  return out
}

export interface Pending {
  kind: 'rows' | 'query' | 'none'
  time: number
  endPos: number
  pos: number | null
  serverId: number
  thread: number | null
  /** Row events: the type from the header. */
  rowsType: ChangeType | null
}

export interface BinlogParser {
  /** Feeds text cut anywhere (the fast way: no string is made for most lines). */
  push(chunk: string): void
  /** Feeds one whole line. */
  line(text: string): void
  end(): void
}

/** `@1`, `@2`… made once. */
const COLUMN_KEYS: string[] = []

export const columnKey = (n: number): string => (COLUMN_KEYS[n] ??= `@${n}`)

/** What is known of a row event before its row images are read: enough to reject it cheaply. */
export interface ChangeHeader {
  type: ChangeType
  db: string | null
  table: string | null
  epoch: number
  thread: number | null
  pos: number | null
  gtid: string | null
}

export interface BinlogParserOptions {
  file?: string
  /** Row events this rejects are skipped without decoding their row images (the hot path). */
  accept?: (header: ChangeHeader) => boolean
  /** Rows per event before a statement is given in parts (MAX_ROWS_PER_EVENT). */
  maxRows?: number
}

export function createBinlogParser(
  sink: BinlogSink,
  options: BinlogParserOptions = {},
): BinlogParser {
  return new BinlogParserImpl(sink, options)
}

/** `1602670985532452` µs → `2020-10-14T10:23:05.532452Z`. */
export function isoMicros(us: number): string {
  const seconds = Math.floor(us / 1e6)
  return `${iso(seconds).slice(0, -1)}.${String(us % 1e6).padStart(6, '0')}Z`
}

export function iso(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace('.000Z', 'Z')
}

export function unquoteIdent(text: string): string {
  return text.replace(/^`|`$/g, '').replace(/``/g, '`')
}

/** A value of a row image: a quoted string (backslash escapes), NULL, or a bare literal. */
export function parseValue(text: string): string | null {
  return valueAt(text, 0, text.length)
}

/** `\xNN` as mysqlbinlog writes the bytes it escapes. */
const HEX_ESCAPE = /\\x([0-9a-fA-F]{2})/g

/** `parseValue` of text[s, e), without cutting it out first. */
export function valueAt(text: string, s: number, e: number): string | null {
  if (text.charCodeAt(s) === 39 /* ' */) {
    // mysqlbinlog's my_b_write_quoted writes the bytes as they are between two quotes, except
    // control characters as `\xNN` (MySQL 8 also `'` and `\` as \x27 and \x5c; MariaDB writes
    // those raw). So the value ends at the line's last quote: -vv's type comment has none.
    let close = text.lastIndexOf("'", e - 1)
    if (close <= s) close = e // cut short: what there is
    const raw = text.slice(s + 1, close)
    return raw.includes('\\x')
      ? raw.replace(HEX_ESCAPE, (m, hex: string) => {
          const c = Number.parseInt(hex, 16)
          return c <= 0x1f || c === 0x27 || c === 0x5c ? String.fromCharCode(c) : m
        })
      : raw
  }
  // A bare literal, up to its type comment (-vv) or the end of the line.
  let end = e
  for (let i = s; i < e; i++) {
    if (
      text.charCodeAt(i) === 32 &&
      text.charCodeAt(i + 1) === 47 &&
      text.charCodeAt(i + 2) === 42
    ) {
      end = i
      break
    }
  }
  while (end > s && text.charCodeAt(end - 1) <= 32) end--
  while (s < end && text.charCodeAt(s) <= 32) s++
  if (end - s === 4 && text.startsWith('NULL', s)) return null
  return text.slice(s, end)
}

const VERBS: [RegExp, ChangeType][] = [
  [/^\s*(INSERT|REPLACE)\b/i, 'insert'],
  [/^\s*UPDATE\b/i, 'update'],
  [/^\s*DELETE\b/i, 'delete'],
  [/^\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE)\b/i, 'ddl'],
]

export function statementType(sql: string): ChangeType {
  for (const [re, type] of VERBS) if (re.test(sql)) return type
  return 'other'
}

const IDENT = '`(?:[^`]|``)+`|[A-Za-z0-9_$]+'

const TABLE_OF = new RegExp(
  `^\\s*(?:INSERT\\s+(?:IGNORE\\s+)?INTO|REPLACE\\s+INTO|UPDATE|DELETE\\s+FROM|(?:CREATE|ALTER|DROP|TRUNCATE)\\s+(?:TEMPORARY\\s+)?TABLE(?:\\s+IF\\s+(?:NOT\\s+)?EXISTS)?|RENAME\\s+TABLE)\\s+((?:${IDENT})(?:\\.(?:${IDENT}))?)`,
  'i',
)

export function statementTable(sql: string): string | null {
  const m = TABLE_OF.exec(sql)
  if (!m) return null
  const parts = m[1]!.split('.')
  return unquoteIdent(parts[parts.length - 1]!)
}

/** Whole-text convenience. */
export function parseBinlogText(
  text: string,
  file?: string,
): { events: ChangeEvent[]; issues: BinlogIssue[] } {
  const events: ChangeEvent[] = []
  const issues: BinlogIssue[] = []
  const parser = createBinlogParser(
    { event: (e) => events.push(e), issue: (i) => issues.push(i) },
    file ? { file } : {},
  )
  parser.push(text)
  parser.end()
  return { events, issues }
}

/**
 * A filter's table (`db.table`, `table`, `db.*`, `*_options`: `*` any run of characters in a
 * name): its database and its table, null for any. The one reading of it: the parser's filter,
 * and what is pushed down to the server.
 */
export function filterTableParts(spec: string | undefined): {
  db: string | null
  table: string | null
} {
  if (!spec) return { db: null, table: null }
  const dot = spec.indexOf('.')
  const table = dot < 0 ? spec : spec.slice(dot + 1)
  return { db: dot < 0 ? null : spec.slice(0, dot), table: table === '*' ? null : table }
}

const patterns = new Map<string, RegExp>()

/** A name against a filter's database or table: the same, or `*` for any run of characters. */
export function nameMatches(pattern: string, name: string | null): boolean {
  if (name === null) return false
  if (!pattern.includes('*')) return name === pattern
  let re = patterns.get(pattern)
  if (!re) {
    re = wildcard(pattern)
    if (patterns.size > 100) patterns.clear()
    patterns.set(pattern, re)
  }
  return re.test(name)
}

/** The part of a filter that a row event's header can answer (type, table, time, thread). */
export function headerMatches(h: ChangeHeader, f: ChangeFilter): boolean {
  if (f.types && f.types.length > 0 && !f.types.includes(h.type)) return false
  const { db, table } = filterTableParts(f.table)
  if ((table !== null && !nameMatches(table, h.table)) || (db !== null && !nameMatches(db, h.db)))
    return false
  if (f.gtid !== undefined && h.gtid !== f.gtid) return false
  if (f.fromPos !== undefined && (h.pos === null || h.pos < f.fromPos)) return false
  if (f.toPos !== undefined && (h.pos === null || h.pos > f.toPos)) return false
  if (f.since !== undefined && h.epoch < f.since) return false
  if (f.until !== undefined && h.epoch > f.until) return false
  if (f.thread !== undefined && h.thread !== f.thread) return false
  return true
}

export function matchesChange(e: ChangeEvent, f: ChangeFilter): boolean {
  if (!headerMatches(e, f)) return false
  if (f.value !== undefined) {
    const has = e.rows.some((r) =>
      [...Object.values(r.before ?? {}), ...Object.values(r.after ?? {})].includes(f.value!),
    )
    if (!has) return false
  }
  if (f.text && !(e.sql ?? '').toLowerCase().includes(f.text.toLowerCase())) return false
  return true
}
