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

const HEADER =
  /^#(\d{2})(\d{2})(\d{2}) +(\d{1,2}):(\d{2}):(\d{2}) server id (\d+) +end_log_pos (\d+)(?: CRC32 0x[0-9a-f]+)?\s+(.*)$/
const ROWS_EVENT = /^(Write|Update|Delete)_rows(?:_v1)?: table id/
const ROW_HEAD = /^### (INSERT INTO|UPDATE|DELETE FROM) `((?:[^`]|``)+)`\.`((?:[^`]|``)+)`/

/** `#261128 13:20:06` (mysqlbinlog run with TZ=UTC) → epoch seconds. */
function headerEpoch(m: RegExpExecArray): number {
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

interface Pending {
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
const columnKey = (n: number): string => (COLUMN_KEYS[n] ??= `@${n}`)

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

export function createBinlogParser(
  sink: BinlogSink,
  options: {
    file?: string
    /** Row events this rejects are skipped without decoding their row images (the hot path). */
    accept?: (header: ChangeHeader) => boolean
    /** Rows per event before a statement is given in parts (MAX_ROWS_PER_EVENT). */
    maxRows?: number
  } = {},
): BinlogParser {
  let lineNo = 0
  const maxRows = options.maxRows ?? MAX_ROWS_PER_EVENT
  let file: string | null = options.file ?? null
  const positions: number[] = []
  /** The position of the first of consecutive row-event headers not followed by rows yet. */
  let rowGroupPos: number | null | undefined
  let ev: Pending | null = null
  // Transaction context.
  let gtid: string | null = null
  let trxThread: number | null = null
  let annotate: string[] = []
  // Query context.
  let db: string | null = null
  let timestamp: number | null = null
  let sqlLines: string[] = []
  // MySQL 8: the transaction's commit time in microseconds.
  let committedUs: number | null = null
  // Rows_query: the `# ` lines after its header are the original statement.
  let inRowsQuery = false
  // Table_map with metadata: `db.table` → column names, and the table a `# Columns(` belongs to.
  const tableColumns = new Map<string, string[]>()
  let mappedTable: string | null = null
  let readingColumns: string[] | null = null
  // Row event context.
  let change: ChangeEvent | null = null
  /** The row image the `@N=` lines fill: the last row's before or after image. */
  let target: RowImage | null = null

  let skipping = false
  const flushRows = (): void => {
    if (change) sink.event(change)
    change = null
    target = null
    skipping = false
  }

  const flushQuery = (): void => {
    if (!ev || ev.kind !== 'query') return
    const sql = sqlLines.join('\n').trim()
    sqlLines = []
    if (!sql) return
    const upper = sql.slice(0, 16).toUpperCase()
    if (
      upper.startsWith('BEGIN') ||
      upper.startsWith('COMMIT') ||
      upper.startsWith('ROLLBACK') ||
      upper.startsWith('XA ')
    ) {
      if (upper.startsWith('BEGIN')) trxThread = ev.thread
      else committedUs = null
      return
    }
    const epoch = timestamp ?? ev.time
    sink.event({
      time: iso(epoch),
      epoch,
      file,
      pos: ev.pos,
      endPos: ev.endPos,
      serverId: ev.serverId,
      thread: ev.thread,
      type: statementType(sql),
      db,
      table: statementTable(sql),
      sql,
      rows: [],
      gtid,
      ...(committedUs !== null ? { committed: isoMicros(committedUs) } : {}),
    })
  }

  const finishEvent = (): void => {
    flushRows()
    flushQuery()
    ev = null
    inRowsQuery = false
    mappedTable = null
    readingColumns = null
  }

  /** A line of `# Columns(`a` INT, …)`: the column it names (backtick-quoted, first). */
  const columnLine = (text: string): void => {
    const m = /`((?:[^`]|``)+)`/.exec(text)
    if (m && readingColumns) readingColumns.push(m[1]!.replace(/``/g, '`'))
    if (text.endsWith(')') || !m) readingColumns = null
  }

  let carry = ''

  /** A row image line `###   @N=value` at [s, e) of `text`; false when it is another row line. */
  const columnAt = (text: string, s: number, e: number): boolean => {
    if (
      text.charCodeAt(s + 4) !== 32 ||
      text.charCodeAt(s + 5) !== 32 ||
      text.charCodeAt(s + 6) !== 64 /* @ */
    )
      return false
    let i = s + 7
    let n = 0
    for (let c = text.charCodeAt(i) - 48; c >= 0 && c <= 9; c = text.charCodeAt(++i) - 48)
      n = n * 10 + c
    if (i === s + 7 || text.charCodeAt(i) !== 61 /* = */ || i >= e) return false
    if (!target) {
      sink.issue?.({
        code: 'BINLOG_BAD_ROW',
        message: 'A column value before its row header.',
        line: lineNo,
      })
      return true
    }
    target[columnKey(n)] = valueAt(text, i + 1, e)
    return true
  }

  const lineAt = (text: string, s: number, e: number): void => {
    lineNo++
    // Row images are most of the text: read them in place.
    if (
      text.charCodeAt(s) === 35 &&
      text.charCodeAt(s + 1) === 35 &&
      text.charCodeAt(s + 2) === 35 &&
      text.charCodeAt(s + 3) === 32
    ) {
      if (skipping) return
      if (ev && ev.kind === 'rows' && columnAt(text, s, e)) return
      return rowLine(text.slice(s, e))
    }
    dispatch(text.slice(s, e))
  }

  return {
    push(text: string): void {
      let start = 0
      let nl = text.indexOf('\n')
      if (carry.length > 0) {
        // The line the previous chunk cut: completed on its own (the chunk is not copied).
        if (nl === -1) {
          carry += text
          return
        }
        const line = carry + text.slice(0, nl)
        carry = ''
        lineAt(line, 0, line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length)
        start = nl + 1
        nl = text.indexOf('\n', start)
      }
      while (nl !== -1) {
        if (skipping) {
          // The row images of a rejected event: only counted (most of a filtered run).
          while (
            nl !== -1 &&
            text.charCodeAt(start) === 35 &&
            text.charCodeAt(start + 1) === 35 &&
            text.charCodeAt(start + 2) === 35
          ) {
            lineNo++
            start = nl + 1
            nl = text.indexOf('\n', start)
          }
          if (nl === -1) break
        }
        lineAt(text, start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl)
        start = nl + 1
        nl = text.indexOf('\n', start)
      }
      carry = text.slice(start)
    },
    line(text: string): void {
      lineAt(text, 0, text.length)
    },
    end(): void {
      if (carry.length > 0) {
        const last = carry
        carry = ''
        lineAt(last, 0, last.endsWith('\r') ? last.length - 1 : last.length)
      }
      // A Query event not ended by its `/*!*/;`: cut, even before its first line of SQL.
      if (ev && ev.kind === 'query') {
        sink.issue?.({
          code: 'BINLOG_TRUNCATED',
          message: 'The last statement is cut short.',
          line: lineNo,
        })
      }
      finishEvent()
    },
  }

  function dispatch(text: string): void {
    const c0 = text.charCodeAt(0)
    if (c0 === 35 /* # */) {
      const c1 = text.charCodeAt(1)
      if (c1 === 35 /* ## */ && text.startsWith('### ')) return rowLine(text)
      if (c1 === 32 /* '# ' */) {
        if (text.startsWith('# at ')) {
          finishEvent()
          positions.push(Number(text.slice(5)))
        } else if (inRowsQuery) {
          annotate.push(text.slice(2))
        } else if (readingColumns) {
          columnLine(text)
        } else if (mappedTable !== null && text.startsWith('# Columns(')) {
          readingColumns = []
          tableColumns.set(mappedTable, readingColumns)
          columnLine(text)
        } else if (text.startsWith('# immediate_commit_timestamp=')) {
          committedUs = Number.parseInt(text.slice(29), 10)
        } else if (committedUs === null && text.startsWith('# original_commit_timestamp=')) {
          committedUs = Number.parseInt(text.slice(28), 10)
        }
        return // '# Number of rows', '# End of log file', warnings: informative
      }
      if (c1 === 81 /* Q */ && text.startsWith('#Q> ')) {
        annotate.push(text.slice(4))
        return
      }
      if (c1 >= 48 && c1 <= 57) return header(text)
      return
    }
    if (!ev || ev.kind !== 'query') {
      // MySQL's GTID event names its transaction in a SET line.
      if (ev && text.startsWith("SET @@SESSION.GTID_NEXT= '")) {
        const id = text.slice(26, text.indexOf("'", 26))
        gtid = id === 'ANONYMOUS' || id === 'AUTOMATIC' ? null : id
      }
      return // transaction markers, other SET lines of GTID events, DELIMITER
    }
    // Inside a Query event: `use`, SET TIMESTAMP, session SETs, then the statement until /*!*/;
    if (text.startsWith('use `')) {
      db = unquoteIdent(text.slice(4, text.lastIndexOf('`') + 1))
      return
    }
    if (text.startsWith('SET TIMESTAMP=')) {
      timestamp = Number(text.slice(14, text.indexOf('/*')))
      return
    }
    if (
      sqlLines.length === 0 &&
      (text.startsWith('SET @@session.') ||
        text.startsWith('SET @@SESSION.') ||
        // Versioned session settings: `/*!\C utf8mb4 */`, MySQL 8's `/*!80013 SET … */`.
        (text.startsWith('/*!') && !text.startsWith('/*!*/;')))
    )
      return
    if (text.startsWith('/*!*/;')) {
      flushQuery()
      ev.kind = 'none' // one statement per Query event: what follows is not part of it
      return
    }
    if (text.endsWith('/*!*/;')) {
      sqlLines.push(text.slice(0, -6))
      flushQuery()
      ev.kind = 'none'
      return
    }
    sqlLines.push(text)
  }

  function header(text: string): void {
    const m = HEADER.exec(text)
    if (!m) return
    finishEvent()
    const time = headerEpoch(m)
    const rest = m[9]!
    const rows = ROWS_EVENT.exec(rest)
    // A statement of several row events (a big INSERT): mysqlbinlog prints all their `# at`
    // lines, then all their headers, then the rows. The statement starts at the first position.
    const pos = rows && rowGroupPos !== undefined ? rowGroupPos : (positions.shift() ?? null)
    positions.length = 0
    rowGroupPos = rows ? pos : undefined
    const base = {
      time,
      endPos: Number(m[8]),
      pos,
      serverId: Number(m[7]),
      thread: null,
      rowsType: null,
    }
    if (rows) {
      ev = {
        ...base,
        kind: 'rows',
        rowsType: rows[1] === 'Write' ? 'insert' : rows[1] === 'Update' ? 'update' : 'delete',
      }
      return
    }
    if (rest.startsWith('Query')) {
      const t = /thread_id=(\d+)/.exec(rest)
      ev = { ...base, kind: 'query', thread: t ? Number(t[1]) : null }
      timestamp = null
      sqlLines = []
      return
    }
    ev = { ...base, kind: 'none' }
    if (rest.startsWith('GTID')) {
      // MariaDB `GTID 0-1-436 trans`; MySQL `GTID	last_committed=…` (its id is in a SET line).
      const g = /^GTID (\d+-\d+-\d+)/.exec(rest)
      gtid = g ? g[1]! : null
      trxThread = null
      annotate = []
      committedUs = null
    } else if (rest.startsWith('Annotate_rows') || rest.startsWith('Rows_query')) {
      annotate = []
      inRowsQuery = rest.startsWith('Rows_query')
    } else if (rest.startsWith('Table_map')) {
      // The row images name their table themselves; with metadata, its columns follow.
      const t = /^Table_map: `((?:[^`]|``)+)`\.`((?:[^`]|``)+)`/.exec(rest)
      mappedTable = t ? `${t[1]!.replace(/``/g, '`')}.${t[2]!.replace(/``/g, '`')}` : null
    } else if (rest.startsWith('Xid') || rest.startsWith('XID')) {
      trxThread = null
    } else if (rest.startsWith('Rotate to ')) {
      // Several files decoded in one run: what follows belongs to the next one.
      const name = rest.slice(10).split(/\s+/)[0]!
      file = name
      sink.file?.(name)
    } else if (
      !/^(Start|Format_desc|Gtid list|Binlog checkpoint|Stop|Previous-GTIDs|Anonymous_GTID|Incident|Intvar|User_var|Rand|Heartbeat|Begin_load|Execute_load|Delete_file|Append_block|Ignorable|Transaction_payload)/i.test(
        rest,
      )
    ) {
      sink.issue?.({
        code: 'BINLOG_UNKNOWN_EVENT',
        message: `Unknown event: ${rest.slice(0, 80)}`,
        line: lineNo,
      })
    }
  }

  function rowLine(text: string): void {
    rowGroupPos = undefined // the rows of this statement: the next row event is another one
    if (skipping) return
    if (!ev || ev.kind !== 'rows') {
      sink.issue?.({
        code: 'BINLOG_BAD_ROW',
        message: 'A row image outside a row event.',
        line: lineNo,
      })
      return
    }
    const body = text.slice(4)
    if (body.startsWith('  @')) {
      if (!target) {
        sink.issue?.({
          code: 'BINLOG_BAD_ROW',
          message: 'A column value before its row header.',
          line: lineNo,
        })
        return
      }
      const eq = body.indexOf('=')
      target[body.slice(2, eq)] = parseValue(body.slice(eq + 1))
      return
    }
    const last = change?.rows[change.rows.length - 1]
    if (body === 'WHERE') {
      if (last) target = last.before ??= {}
      return
    }
    if (body === 'SET') {
      // An UPDATE's new values; an INSERT's values (its row was opened by the header).
      if (last && change!.type === 'update') target = last.after ??= {}
      return
    }
    const head = ROW_HEAD.exec(text)
    if (!head) {
      sink.issue?.({
        code: 'BINLOG_BAD_ROW',
        message: `Unexpected row line: ${text.slice(0, 80)}`,
        line: lineNo,
      })
      return
    }
    const type: ChangeType =
      head[1] === 'INSERT INTO' ? 'insert' : head[1] === 'UPDATE' ? 'update' : 'delete'
    if (!change && options.accept) {
      const db = head[2]!.replace(/``/g, '`')
      const tableName = head[3]!.replace(/``/g, '`')
      if (
        !options.accept({
          type,
          db,
          table: tableName,
          epoch: ev.time,
          thread: trxThread,
          pos: ev.pos,
          gtid,
        })
      ) {
        skipping = true
        return
      }
    }
    if (!change) {
      change = {
        time: iso(ev.time),
        epoch: ev.time,
        file,
        pos: ev.pos,
        endPos: ev.endPos,
        serverId: ev.serverId,
        thread: trxThread,
        type,
        db: head[2]!.replace(/``/g, '`'),
        table: head[3]!.replace(/``/g, '`'),
        sql: annotate.length > 0 ? annotate.join('\n') : null,
        rows: [],
        gtid,
      }
      const columns = tableColumns.get(`${change.db}.${change.table}`)
      if (columns && columns.length > 0) change.columns = columns
      if (committedUs !== null) change.committed = isoMicros(committedUs)
    }
    if (change.rows.length >= maxRows) {
      // The statement goes on: what is held so far leaves as a part, the next part starts.
      const next: ChangeEvent = { ...change, rows: [], part: (change.part ?? 1) + 1 }
      change.part ??= 1
      sink.event(change)
      change = next
    }
    // Each row of the event repeats the header line.
    const row = { before: type === 'insert' ? null : {}, after: type === 'delete' ? null : {} }
    change.rows.push(row)
    target = type === 'insert' ? row.after : row.before
  }
}

/** `1602670985532452` µs → `2020-10-14T10:23:05.532452Z`. */
function isoMicros(us: number): string {
  const seconds = Math.floor(us / 1e6)
  return `${iso(seconds).slice(0, -1)}.${String(us % 1e6).padStart(6, '0')}Z`
}

function iso(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace('.000Z', 'Z')
}

function unquoteIdent(text: string): string {
  return text.replace(/^`|`$/g, '').replace(/``/g, '`')
}

/** A value of a row image: a quoted string (backslash escapes), NULL, or a bare literal. */
export function parseValue(text: string): string | null {
  return valueAt(text, 0, text.length)
}

/** `\xNN` as mysqlbinlog writes the bytes it escapes. */
const HEX_ESCAPE = /\\x([0-9a-fA-F]{2})/g

/** `parseValue` of text[s, e), without cutting it out first. */
function valueAt(text: string, s: number, e: number): string | null {
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

function statementType(sql: string): ChangeType {
  for (const [re, type] of VERBS) if (re.test(sql)) return type
  return 'other'
}

const IDENT = '`(?:[^`]|``)+`|[A-Za-z0-9_$]+'
const TABLE_OF = new RegExp(
  `^\\s*(?:INSERT\\s+(?:IGNORE\\s+)?INTO|REPLACE\\s+INTO|UPDATE|DELETE\\s+FROM|(?:CREATE|ALTER|DROP|TRUNCATE)\\s+(?:TEMPORARY\\s+)?TABLE(?:\\s+IF\\s+(?:NOT\\s+)?EXISTS)?|RENAME\\s+TABLE)\\s+((?:${IDENT})(?:\\.(?:${IDENT}))?)`,
  'i',
)

function statementTable(sql: string): string | null {
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

/** The part of a filter that a row event's header can answer (type, table, time, thread). */
export function headerMatches(h: ChangeHeader, f: ChangeFilter): boolean {
  if (f.types && f.types.length > 0 && !f.types.includes(h.type)) return false
  if (f.table) {
    const dot = f.table.indexOf('.')
    const db = dot < 0 ? null : f.table.slice(0, dot)
    const table = dot < 0 ? f.table : f.table.slice(dot + 1)
    if ((table !== '*' && h.table !== table) || (db !== null && h.db !== db)) return false
  }
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
