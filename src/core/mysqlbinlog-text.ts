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

import { forEachLine } from './line-splitter'

export type ChangeType = 'insert' | 'update' | 'delete' | 'ddl' | 'other'

export type RowImage = Record<string, string | null>

export interface ChangeEvent {
  /** ISO 8601 UTC (the header time, or SET TIMESTAMP when the statement gives it). */
  time: string
  epoch: number
  file: string | null
  pos: number | null
  endPos: number
  serverId: number
  /** Connection id: from Query events only (MariaDB ROW transactions carry none). */
  thread: number | null
  type: ChangeType
  db: string | null
  table: string | null
  /** The statement: the SQL of a Query event, or the original SQL of a row event (Annotate_rows / Rows_query). */
  sql: string | null
  rows: { before: RowImage | null; after: RowImage | null }[]
  gtid: string | null
}

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
  line(text: string): void
  end(): void
}

/** What is known of a row event before its row images are read: enough to reject it cheaply. */
export interface ChangeHeader {
  type: ChangeType
  db: string | null
  table: string | null
  epoch: number
  thread: number | null
}

export function createBinlogParser(
  sink: BinlogSink,
  options: {
    file?: string
    /** Row events this rejects are skipped without decoding their row images (the hot path). */
    accept?: (header: ChangeHeader) => boolean
  } = {},
): BinlogParser {
  let lineNo = 0
  let file: string | null = options.file ?? null
  const positions: number[] = []
  let ev: Pending | null = null
  // Transaction context.
  let gtid: string | null = null
  let trxThread: number | null = null
  let annotate: string[] = []
  // Query context.
  let db: string | null = null
  let timestamp: number | null = null
  let sqlLines: string[] = []
  // Row event context.
  let change: ChangeEvent | null = null
  let image: 'before' | 'after' | null = null

  let skipping = false
  const flushRows = (): void => {
    if (change) sink.event(change)
    change = null
    image = null
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
    })
  }

  const finishEvent = (): void => {
    flushRows()
    flushQuery()
    ev = null
  }

  return {
    line(text: string): void {
      lineNo++
      const c0 = text.charCodeAt(0)
      if (c0 === 35 /* # */) {
        const c1 = text.charCodeAt(1)
        if (c1 === 35 /* ## */ && text.startsWith('### ')) return rowLine(text)
        if (c1 === 32 /* '# ' */) {
          if (text.startsWith('# at ')) {
            finishEvent()
            positions.push(Number(text.slice(5)))
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
      if (!ev || ev.kind !== 'query') return // transaction markers, SET lines of GTID events, DELIMITER
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
          text.startsWith('/*!\\C') ||
          text.startsWith('SET @@SESSION.'))
      )
        return
      if (text.startsWith('/*!*/;')) {
        flushQuery()
        return
      }
      if (text.endsWith('/*!*/;')) {
        sqlLines.push(text.slice(0, -6))
        flushQuery()
        return
      }
      sqlLines.push(text)
    },
    end(): void {
      if (ev && ev.kind === 'query' && sqlLines.length > 0) {
        sink.issue?.({
          code: 'BINLOG_TRUNCATED',
          message: 'The last statement is cut short.',
          line: lineNo,
        })
      }
      finishEvent()
    },
  }

  function header(text: string): void {
    const m = HEADER.exec(text)
    if (!m) return
    finishEvent()
    const time = headerEpoch(m)
    const rest = m[9]!
    const pos = positions.shift() ?? null
    positions.length = 0
    const base = {
      time,
      endPos: Number(m[8]),
      pos,
      serverId: Number(m[7]),
      thread: null,
      rowsType: null,
    }
    const rows = ROWS_EVENT.exec(rest)
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
    } else if (rest.startsWith('Annotate_rows') || rest.startsWith('Rows_query')) {
      annotate = []
    } else if (rest.startsWith('Table_map')) {
      // The row images name their table themselves.
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
      if (!change || !image) {
        sink.issue?.({
          code: 'BINLOG_BAD_ROW',
          message: 'A column value before its row header.',
          line: lineNo,
        })
        return
      }
      const eq = body.indexOf('=')
      const key = body.slice(2, eq)
      const value = parseValue(body.slice(eq + 1))
      const rows = change.rows
      const row = rows[rows.length - 1]!
      const target = (row[image] ??= {})
      target[key] = value
      return
    }
    if (body === 'WHERE') {
      image = 'before'
      return
    }
    if (body === 'SET') {
      // An UPDATE's new values; an INSERT's values (its row was opened by the header).
      if (change && change.type === 'update') image = 'after'
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
      if (!options.accept({ type, db, table: tableName, epoch: ev.time, thread: trxThread })) {
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
    }
    // Each row of the event repeats the header line.
    change.rows.push({
      before: type === 'insert' ? null : {},
      after: type === 'delete' ? null : {},
    })
    image = type === 'insert' ? 'after' : 'before'
  }
}

function iso(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace('.000Z', 'Z')
}

function unquoteIdent(text: string): string {
  return text.replace(/^`|`$/g, '').replace(/``/g, '`')
}

/** A value of a row image: a quoted string (backslash escapes), NULL, or a bare literal. */
export function parseValue(text: string): string | null {
  if (text.charCodeAt(0) === 39 /* ' */) {
    // Copy runs between escapes in one piece; most values have none.
    let out = ''
    let i = 1
    for (;;) {
      const quote = text.indexOf("'", i)
      const slash = text.indexOf('\\', i)
      if (quote === -1) return out + text.slice(i)
      if (slash === -1 || quote < slash) return out + text.slice(i, quote)
      const n = text[slash + 1] ?? ''
      out +=
        text.slice(i, slash) +
        (n === 'n'
          ? '\n'
          : n === 't'
            ? '\t'
            : n === 'r'
              ? '\r'
              : n === '0'
                ? '\0'
                : n === 'Z'
                  ? '\x1a'
                  : n)
      i = slash + 2
    }
  }
  const comment = text.indexOf(' /*')
  const raw = (comment >= 0 ? text.slice(0, comment) : text).trim()
  return raw === 'NULL' ? null : raw
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
  forEachLine(text, (line) => parser.line(line))
  parser.end()
  return { events, issues }
}

export interface ChangeFilter {
  types?: ChangeType[]
  /** `db.table` or `table`. */
  table?: string
  since?: number
  until?: number
  thread?: number
  /** A value present in the before or after image. */
  value?: string
  text?: string
}

/** The part of a filter that a row event's header can answer (type, table, time, thread). */
export function headerMatches(h: ChangeHeader, f: ChangeFilter): boolean {
  if (f.types && f.types.length > 0 && !f.types.includes(h.type)) return false
  if (f.table) {
    const [a, b] = f.table.includes('.') ? f.table.split('.') : [null, f.table]
    if (h.table !== b || (a !== null && h.db !== a)) return false
  }
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
