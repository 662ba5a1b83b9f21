// The streaming parser of mysqlbinlog's text (see mysqlbinlog-text.ts for the format and its traps).
import type { ChangeEvent, ChangeType, RowImage } from '../../shared/binlog'
import {
  BinlogParser,
  BinlogParserOptions,
  BinlogSink,
  HEADER,
  MAX_ROWS_PER_EVENT,
  Pending,
  ROWS_EVENT,
  ROW_HEAD,
  columnKey,
  headerEpoch,
  iso,
  isoMicros,
  parseValue,
  statementTable,
  statementType,
  unquoteIdent,
  valueAt,
} from './mysqlbinlog-text'

export class BinlogParserImpl implements BinlogParser {
  private readonly sink: BinlogSink
  private readonly options: BinlogParserOptions
  private lineNo: number
  private readonly maxRows: number
  private file: string | null
  private readonly positions: number[]
  /** The position of the first of consecutive row-event headers not followed by rows yet. */
  private rowGroupPos: number | null | undefined
  private ev: Pending | null
  // Transaction context.
  private gtid: string | null
  private trxThread: number | null
  private annotate: string[]
  // Query context.
  private db: string | null
  private timestamp: number | null
  private sqlLines: string[]
  // MySQL 8: the transaction's commit time in microseconds.
  private committedUs: number | null
  // Rows_query: the `# ` lines after its header are the original statement.
  private inRowsQuery: boolean
  // Table_map with metadata: `db.table` → column names, and the table a `# Columns(` belongs to.
  private readonly tableColumns: Map<string, string[]>
  private mappedTable: string | null
  private readingColumns: string[] | null
  // Row event context.
  private change: ChangeEvent | null
  /** The row image the `@N=` lines fill: the last row's before or after image. */
  private target: RowImage | null
  private skipping: boolean
  private carry: string

  private readonly flushRows = (): void => {
    if (this.change) this.sink.event(this.change)
    this.change = null
    this.target = null
    this.skipping = false
  }

  private readonly flushQuery = (): void => {
    if (!this.ev || this.ev.kind !== 'query') return
    const sql = this.sqlLines.join('\n').trim()
    this.sqlLines = []
    if (!sql) return
    const upper = sql.slice(0, 16).toUpperCase()
    if (
      upper.startsWith('BEGIN') ||
      upper.startsWith('COMMIT') ||
      upper.startsWith('ROLLBACK') ||
      upper.startsWith('XA ')
    ) {
      if (upper.startsWith('BEGIN')) this.trxThread = this.ev.thread
      else this.committedUs = null
      return
    }
    const epoch = this.timestamp ?? this.ev.time
    this.sink.event({
      time: iso(epoch),
      epoch,
      file: this.file,
      pos: this.ev.pos,
      endPos: this.ev.endPos,
      serverId: this.ev.serverId,
      thread: this.ev.thread,
      type: statementType(sql),
      db: this.db,
      table: statementTable(sql),
      sql,
      rows: [],
      gtid: this.gtid,
      ...(this.committedUs !== null ? { committed: isoMicros(this.committedUs) } : {}),
    })
  }

  private readonly finishEvent = (): void => {
    this.flushRows()
    this.flushQuery()
    this.ev = null
    this.inRowsQuery = false
    this.mappedTable = null
    this.readingColumns = null
  }

  /** A line of `# Columns(`a` INT, …)`: the column it names (backtick-quoted, first). */
  private readonly columnLine = (text: string): void => {
    const m = /`((?:[^`]|``)+)`/.exec(text)
    if (m && this.readingColumns) this.readingColumns.push(m[1]!.replace(/``/g, '`'))
    if (text.endsWith(')') || !m) this.readingColumns = null
  }

  /** A row image line `###   @N=value` at [s, e) of `text`; false when it is another row line. */
  private readonly columnAt = (text: string, s: number, e: number): boolean => {
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
    if (!this.target) {
      this.sink.issue?.({
        code: 'BINLOG_BAD_ROW',
        message: 'A column value before its row header.',
        line: this.lineNo,
      })
      return true
    }
    this.target[columnKey(n)] = valueAt(text, i + 1, e)
    return true
  }

  private readonly lineAt = (text: string, s: number, e: number): void => {
    this.lineNo++
    // Row images are most of the text: read them in place.
    if (
      text.charCodeAt(s) === 35 &&
      text.charCodeAt(s + 1) === 35 &&
      text.charCodeAt(s + 2) === 35 &&
      text.charCodeAt(s + 3) === 32
    ) {
      if (this.skipping) return
      if (this.ev && this.ev.kind === 'rows' && this.columnAt(text, s, e)) return
      return this.rowLine(text.slice(s, e))
    }
    this.dispatch(text.slice(s, e))
  }

  private readonly dispatch = (text: string): void => {
    const c0 = text.charCodeAt(0)
    if (c0 === 35 /* # */) {
      const c1 = text.charCodeAt(1)
      if (c1 === 35 /* ## */ && text.startsWith('### ')) return this.rowLine(text)
      if (c1 === 32 /* '# ' */) {
        if (text.startsWith('# at ')) {
          this.finishEvent()
          this.positions.push(Number(text.slice(5)))
        } else if (this.inRowsQuery) {
          this.annotate.push(text.slice(2))
        } else if (this.readingColumns) {
          this.columnLine(text)
        } else if (this.mappedTable !== null && text.startsWith('# Columns(')) {
          this.readingColumns = []
          this.tableColumns.set(this.mappedTable, this.readingColumns)
          this.columnLine(text)
        } else if (text.startsWith('# immediate_commit_timestamp=')) {
          this.committedUs = Number.parseInt(text.slice(29), 10)
        } else if (this.committedUs === null && text.startsWith('# original_commit_timestamp=')) {
          this.committedUs = Number.parseInt(text.slice(28), 10)
        }
        return // '# Number of rows', '# End of log file', warnings: informative
      }
      if (c1 === 81 /* Q */ && text.startsWith('#Q> ')) {
        this.annotate.push(text.slice(4))
        return
      }
      if (c1 >= 48 && c1 <= 57) return this.header(text)
      return
    }
    if (!this.ev || this.ev.kind !== 'query') {
      // MySQL's GTID event names its transaction in a SET line.
      if (this.ev && text.startsWith("SET @@SESSION.GTID_NEXT= '")) {
        const id = text.slice(26, text.indexOf("'", 26))
        this.gtid = id === 'ANONYMOUS' || id === 'AUTOMATIC' ? null : id
      }
      return // transaction markers, other SET lines of GTID events, DELIMITER
    }
    // Inside a Query event: `use`, SET TIMESTAMP, session SETs, then the statement until /*!*/;
    if (text.startsWith('use `')) {
      this.db = unquoteIdent(text.slice(4, text.lastIndexOf('`') + 1))
      return
    }
    if (text.startsWith('SET TIMESTAMP=')) {
      this.timestamp = Number(text.slice(14, text.indexOf('/*')))
      return
    }
    if (
      this.sqlLines.length === 0 &&
      (text.startsWith('SET @@session.') ||
        text.startsWith('SET @@SESSION.') ||
        // Versioned session settings: `/*!\C utf8mb4 */`, MySQL 8's `/*!80013 SET … */`.
        (text.startsWith('/*!') && !text.startsWith('/*!*/;')))
    )
      return
    if (text.startsWith('/*!*/;')) {
      this.flushQuery()
      this.ev.kind = 'none' // one statement per Query event: what follows is not part of it
      return
    }
    if (text.endsWith('/*!*/;')) {
      this.sqlLines.push(text.slice(0, -6))
      this.flushQuery()
      this.ev.kind = 'none'
      return
    }
    this.sqlLines.push(text)
  }

  private readonly header = (text: string): void => {
    const m = HEADER.exec(text)
    if (!m) return
    this.finishEvent()
    const time = headerEpoch(m)
    const rest = m[9]!
    const rows = ROWS_EVENT.exec(rest)
    // A statement of several row events (a big INSERT): mysqlbinlog prints all their `# at`
    // lines, then all their headers, then the rows. The statement starts at the first position.
    const pos =
      rows && this.rowGroupPos !== undefined ? this.rowGroupPos : (this.positions.shift() ?? null)
    this.positions.length = 0
    this.rowGroupPos = rows ? pos : undefined
    const base = {
      time,
      endPos: Number(m[8]),
      pos,
      serverId: Number(m[7]),
      thread: null,
      rowsType: null,
    }
    if (rows) {
      this.ev = {
        ...base,
        kind: 'rows',
        rowsType: rows[1] === 'Write' ? 'insert' : rows[1] === 'Update' ? 'update' : 'delete',
      }
      return
    }
    if (rest.startsWith('Query')) {
      const t = /thread_id=(\d+)/.exec(rest)
      this.ev = { ...base, kind: 'query', thread: t ? Number(t[1]) : null }
      this.timestamp = null
      this.sqlLines = []
      return
    }
    this.ev = { ...base, kind: 'none' }
    if (rest.startsWith('GTID')) {
      // MariaDB `GTID 0-1-436 trans`; MySQL `GTID	last_committed=…` (its id is in a SET line).
      const g = /^GTID (\d+-\d+-\d+)/.exec(rest)
      this.gtid = g ? g[1]! : null
      this.trxThread = null
      this.annotate = []
      this.committedUs = null
    } else if (rest.startsWith('Annotate_rows') || rest.startsWith('Rows_query')) {
      this.annotate = []
      this.inRowsQuery = rest.startsWith('Rows_query')
    } else if (rest.startsWith('Table_map')) {
      // The row images name their table themselves; with metadata, its columns follow.
      const t = /^Table_map: `((?:[^`]|``)+)`\.`((?:[^`]|``)+)`/.exec(rest)
      this.mappedTable = t ? `${t[1]!.replace(/``/g, '`')}.${t[2]!.replace(/``/g, '`')}` : null
    } else if (rest.startsWith('Xid') || rest.startsWith('XID')) {
      this.trxThread = null
    } else if (rest.startsWith('Rotate to ')) {
      // Several files decoded in one run: what follows belongs to the next one.
      const name = rest.slice(10).split(/\s+/)[0]!
      this.file = name
      this.sink.file?.(name)
    } else if (
      !/^(Start|Format_desc|Gtid list|Binlog checkpoint|Stop|Previous-GTIDs|Anonymous_GTID|Incident|Intvar|User_var|Rand|Heartbeat|Begin_load|Execute_load|Delete_file|Append_block|Ignorable|Transaction_payload)/i.test(
        rest,
      )
    ) {
      this.sink.issue?.({
        code: 'BINLOG_UNKNOWN_EVENT',
        message: `Unknown event: ${rest.slice(0, 80)}`,
        line: this.lineNo,
      })
    }
  }

  private readonly rowLine = (text: string): void => {
    this.rowGroupPos = undefined // the rows of this statement: the next row event is another one
    if (this.skipping) return
    if (!this.ev || this.ev.kind !== 'rows') {
      this.sink.issue?.({
        code: 'BINLOG_BAD_ROW',
        message: 'A row image outside a row event.',
        line: this.lineNo,
      })
      return
    }
    const body = text.slice(4)
    if (body.startsWith('  @')) {
      if (!this.target) {
        this.sink.issue?.({
          code: 'BINLOG_BAD_ROW',
          message: 'A column value before its row header.',
          line: this.lineNo,
        })
        return
      }
      const eq = body.indexOf('=')
      this.target[body.slice(2, eq)] = parseValue(body.slice(eq + 1))
      return
    }
    const last = this.change?.rows[this.change.rows.length - 1]
    if (body === 'WHERE') {
      if (last) this.target = last.before ??= {}
      return
    }
    if (body === 'SET') {
      // An UPDATE's new values; an INSERT's values (its row was opened by the header).
      if (last && this.change!.type === 'update') this.target = last.after ??= {}
      return
    }
    const head = ROW_HEAD.exec(text)
    if (!head) {
      this.sink.issue?.({
        code: 'BINLOG_BAD_ROW',
        message: `Unexpected row line: ${text.slice(0, 80)}`,
        line: this.lineNo,
      })
      return
    }
    const type: ChangeType =
      head[1] === 'INSERT INTO' ? 'insert' : head[1] === 'UPDATE' ? 'update' : 'delete'
    if (!this.change && this.options.accept) {
      const db = head[2]!.replace(/``/g, '`')
      const tableName = head[3]!.replace(/``/g, '`')
      if (
        !this.options.accept({
          type,
          db,
          table: tableName,
          epoch: this.ev.time,
          thread: this.trxThread,
          pos: this.ev.pos,
          gtid: this.gtid,
        })
      ) {
        this.skipping = true
        return
      }
    }
    if (!this.change) {
      this.change = {
        time: iso(this.ev.time),
        epoch: this.ev.time,
        file: this.file,
        pos: this.ev.pos,
        endPos: this.ev.endPos,
        serverId: this.ev.serverId,
        thread: this.trxThread,
        type,
        db: head[2]!.replace(/``/g, '`'),
        table: head[3]!.replace(/``/g, '`'),
        sql: this.annotate.length > 0 ? this.annotate.join('\n') : null,
        rows: [],
        gtid: this.gtid,
      }
      const columns = this.tableColumns.get(`${this.change.db}.${this.change.table}`)
      if (columns && columns.length > 0) this.change.columns = columns
      if (this.committedUs !== null) this.change.committed = isoMicros(this.committedUs)
    }
    if (this.change.rows.length >= this.maxRows) {
      // The statement goes on: what is held so far leaves as a part, the next part starts.
      const next: ChangeEvent = { ...this.change, rows: [], part: (this.change.part ?? 1) + 1 }
      this.change.part ??= 1
      this.sink.event(this.change)
      this.change = next
    }
    // Each row of the event repeats the header line.
    const row = { before: type === 'insert' ? null : {}, after: type === 'delete' ? null : {} }
    this.change.rows.push(row)
    this.target = type === 'insert' ? row.after : row.before
  }

  constructor(sink: BinlogSink, options: BinlogParserOptions = {}) {
    this.sink = sink
    this.options = options
    this.lineNo = 0
    this.maxRows = this.options.maxRows ?? MAX_ROWS_PER_EVENT
    this.file = this.options.file ?? null
    this.positions = []
    this.ev = null
    this.gtid = null
    this.trxThread = null
    this.annotate = []
    this.db = null
    this.timestamp = null
    this.sqlLines = []
    this.committedUs = null
    this.inRowsQuery = false
    this.tableColumns = new Map<string, string[]>()
    this.mappedTable = null
    this.readingColumns = null
    this.change = null
    this.target = null
    this.skipping = false
    this.carry = ''
  }

  push(text: string): void {
    let start = 0
    let nl = text.indexOf('\n')
    if (this.carry.length > 0) {
      // The line the previous chunk cut: completed on its own (the chunk is not copied).
      if (nl === -1) {
        this.carry += text
        return
      }
      const line = this.carry + text.slice(0, nl)
      this.carry = ''
      this.lineAt(line, 0, line.charCodeAt(line.length - 1) === 13 ? line.length - 1 : line.length)
      start = nl + 1
      nl = text.indexOf('\n', start)
    }
    while (nl !== -1) {
      if (this.skipping) {
        // The row images of a rejected event: only counted (most of a filtered run).
        while (
          nl !== -1 &&
          text.charCodeAt(start) === 35 &&
          text.charCodeAt(start + 1) === 35 &&
          text.charCodeAt(start + 2) === 35
        ) {
          this.lineNo++
          start = nl + 1
          nl = text.indexOf('\n', start)
        }
        if (nl === -1) break
      }
      this.lineAt(text, start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl)
      start = nl + 1
      nl = text.indexOf('\n', start)
    }
    this.carry = text.slice(start)
  }

  line(text: string): void {
    this.lineAt(text, 0, text.length)
  }

  end(): void {
    if (this.carry.length > 0) {
      const last = this.carry
      this.carry = ''
      this.lineAt(last, 0, last.endsWith('\r') ? last.length - 1 : last.length)
    }
    // A Query event not ended by its `/*!*/;`: cut, even before its first line of SQL.
    if (this.ev && this.ev.kind === 'query') {
      this.sink.issue?.({
        code: 'BINLOG_TRUNCATED',
        message: 'The last statement is cut short.',
        line: this.lineNo,
      })
    }
    this.finishEvent()
  }
}
