import { posix } from 'node:path'
import { decodeBinlog, filterTableParts, PREFILTER_AWK, prefilterEnv } from '../../../core/binlog'
import type { ChangeEvent, ChangeFilter } from '../../../shared/binlog'
import { StringDecoder } from 'node:string_decoder'
import { ServiceError } from '../platform'
import type { JobContext } from '../platform'
import { commandOutput as output, gzippedCommand, serverZone, type Target } from '../platform'
import { createGunzip } from 'node:zlib'
import type { BinlogFile } from '../../../shared/api'
import { readBytes } from '../files'
import { binlogFirstTime, binlogLastTime } from '../../../core/binlog'

/** What the server's mysqlbinlog can do, from its `--help` (asked once per target). */
interface MysqlbinlogOptions {
  /** `--print-table-metadata` (MariaDB 10.5+, MySQL 8.0): column names from the binlog. */
  tableMetadata: boolean
  /** `--table` (MariaDB): the row events of one table only, the others not even decoded. */
  table: boolean
}
const mysqlbinlogOptions = new WeakMap<Target, Promise<MysqlbinlogOptions>>()
function optionsOf(target: Target): Promise<MysqlbinlogOptions> {
  let known = mysqlbinlogOptions.get(target)
  if (!known) {
    known = output(target, ['mysqlbinlog', '--no-defaults', '--help'])
      .then((help) => ({
        tableMetadata: help.includes('--print-table-metadata'),
        table: /--table=name/.test(help),
      }))
      .catch(() => ({ tableMetadata: false, table: false }))
    mysqlbinlogOptions.set(target, known)
  }
  return known
}

/**
 * The server's awk for the pre-filter, asked once per target (never assumed): mawk when it has
 * it (about twice gawk's speed on this text), else its awk; null when it has none.
 */
const awkSupport = new WeakMap<Target, Promise<string | null>>()
function awkOf(target: Target): Promise<string | null> {
  let known = awkSupport.get(target)
  if (!known) {
    known = output(target, ['sh', '-c', 'command -v mawk || command -v awk'])
      .then((path) => path.trim().split('\n')[0] || null)
      .catch(() => null)
    awkSupport.set(target, known)
  }
  return known
}

/**
 * `argv` with its output through the pre-filter run by `awk` (`env` holds its values; bytes,
 * not characters: LC_ALL=C), its own exit code kept (POSIX sh has no pipefail: the status goes
 * out on a spare descriptor).
 */
export function prefilteredCommand(
  argv: readonly string[],
  env: Record<string, string>,
  awk = 'awk',
): string[] {
  return [
    'env',
    'LC_ALL=C',
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    'sh',
    '-c',
    'a=$1; p=$2; shift 2; exec 4>&1; s=$( { { "$@"; echo $? >&3; } | "$a" "$p" >&4; } 3>&1 ); exit $s',
    'sh',
    awk,
    PREFILTER_AWK,
    ...argv,
  ]
}

/** Matching events kept per search; past it the search goes on counting and says how many more. */
export const MAX_FOUND = 5000

/** The one table mysqlbinlog can select itself (`--table`: a name, no star), or null. */
function selectedTable(filter: ChangeFilter): string | null {
  const { table } = filterTableParts(filter.table)
  return table !== null && !table.includes('*') ? table : null
}

/**
 * mysqlbinlog's command for `files`: `--no-defaults` first (a `default-character-set` client
 * setting otherwise breaks it, MDEV-15835), `TZ=UTC` for unambiguous header times, and what of
 * the filter mysqlbinlog can apply itself.
 */
function mysqlbinlogArgv(
  target: Target,
  files: readonly string[],
  filter: ChangeFilter,
  options: MysqlbinlogOptions,
): string[] {
  const table = selectedTable(filter)
  const { db } = filterTableParts(filter.table)
  return [
    'env',
    'TZ=UTC',
    'mysqlbinlog',
    '--no-defaults',
    '--base64-output=DECODE-ROWS',
    '-vv',
    // Column names from the binlog itself when the server logs them (binlog_row_metadata=FULL).
    ...(options.tableMetadata ? ['--print-table-metadata'] : []),
    // One table: MariaDB's mysqlbinlog skips the row events of the others without decoding them
    // (statements are all kept: the parser filters them, and everything else, again).
    ...(options.table && table !== null ? [`--table=${table}`] : []),
    ...(filter.since !== undefined ? ['--start-datetime', sqlTime(filter.since - 1)] : []),
    ...(filter.until !== undefined ? ['--stop-datetime', sqlTime(filter.until + 1)] : []),
    // A whole database: mysqlbinlog skips the others itself. A position range (one file) is
    // checked here on each event's position, not with --start/--stop-position: a row event's
    // position is its own, and mysqlbinlog started there has lost its Table_map ("Row event
    // for unknown table").
    ...(filter.table?.endsWith('.*') && db !== null && !db.includes('*') ? ['--database', db] : []),
    ...files.map((f) => target.commandPath(f)),
  ]
}

/**
 * Decodes binary logs on the server with mysqlbinlog and streams the matching change events
 * (one JSON object per line) into the job. `--no-defaults` must be mysqlbinlog's first option:
 * a `default-character-set` client setting otherwise breaks it (MDEV-15835). `TZ=UTC` makes
 * the header times unambiguous. Cancelling ends the remote mysqlbinlog.
 */
export async function findChanges(
  target: Target,
  files: string[],
  filter: ChangeFilter,
  ctx: JobContext<ChangeEvent>,
  /** Events given to the job (past it, counted only). */
  keep = MAX_FOUND,
): Promise<void> {
  // What the server has is asked together (each a round trip), once per connection.
  const awk = awkOf(target)
  const [sizes, options] = await Promise.all([
    Promise.all(files.map(async (f) => (await target.stat(f)).size)),
    optionsOf(target),
    awk,
    target.reads?.hasGzip(),
  ])
  const total = sizes.reduce((a, b) => a + b, 0)
  const argv = mysqlbinlogArgv(target, files, filter, options)
  // One table named: MariaDB's mysqlbinlog selects it itself (`--table`), else the awk may.
  const table = filterTableParts(filter.table).table
  const selected = options.table && selectedTable(filter) !== null
  let fileIndex = 0
  let found = 0
  let lastReport = 0
  // What the decoded text cost on the wire: its bytes, those that crossed, since when.
  let wire = 0
  let decoded = 0
  const began = Date.now()
  // (A local target — the demo — has no link to speak of.)
  const cost = (): Record<string, number | string> =>
    target.reads
      ? {
          text: decoded,
          wire,
          ms: Date.now() - began,
          method: compressed ? 'gzip' : 'sftp',
          ...(filtered || selected ? { filtered: 'server' } : {}),
        }
      : {}
  const parser = decodeBinlog(
    filter,
    {
      seen: (e) => {
        const done = sizes.slice(0, fileIndex).reduce((a, b) => a + b, 0) + (e.endPos ?? 0)
        if (Date.now() - lastReport > 200) {
          lastReport = Date.now()
          ctx.progress(Math.min(done, total), total, 'found', { found, ...cost() })
        }
      },
      change: (e) => {
        found++
        if (found <= keep) ctx.push(e)
      },
      file: () => {
        fileIndex++
      },
    },
    { file: posix.basename(files[0] ?? '') },
  )
  // The decoded text is several times the binlog: over a slow link it is compressed on the
  // server (its gzip) and decoded here as it comes; the filter stays here, the definition.
  const compressed =
    target.reads !== undefined &&
    (await target.reads.compressOutput({ path: files[0]!, size: sizes[0] ?? 0 }))
  // Over a slow link (or for a table mysqlbinlog cannot select itself), the row images the
  // filter cannot want are dropped on the server by its awk, before the wire and the parser; the
  // parser filters what is kept again. On a fast link the parser here is faster than awk there.
  const pushdown = prefilterEnv(filter)
  const awkPath = await awk
  const filtered =
    pushdown !== null && awkPath !== null && (compressed || (table !== null && !selected))
  const command = filtered ? prefilteredCommand(argv, pushdown, awkPath) : argv
  const proc = target.exec(compressed ? gzippedCommand(command) : command, { signal: ctx.signal })
  const errors: string[] = []
  proc.stderr.on('data', (b: Buffer) => {
    if (errors.join('').length < 8192) errors.push(b.toString('utf8'))
  })
  const decoder = new StringDecoder('utf8')
  const out = compressed ? proc.stdout.pipe(createGunzip()) : proc.stdout
  proc.stdout.on('data', (b: Buffer) => (wire += b.length))
  await new Promise<void>((resolve, reject) => {
    out.on('data', (b: Buffer) => {
      decoded += b.length
      parser.push(decoder.write(b))
    })
    out.once('end', resolve)
    // Cancelled: the stream was cut on purpose; its half a gzip member is no error.
    out.once('error', (err) =>
      ctx.signal.aborted
        ? resolve()
        : reject(
            new ServiceError(
              'CONNECTION_LOST',
              `The decoded binlog stopped midway (${err.message}): the connection may have dropped. The events decoded so far are kept.`,
            ),
          ),
    )
  })
  parser.push(decoder.end())
  parser.end()
  const result = await proc.exit
  if (ctx.signal.aborted) return
  ctx.progress(total, total, 'found', {
    found,
    listed: Math.min(found, keep),
    ...cost(),
  })
  failure(result.code, errors.join('').trim())
}

/** The change events of the binlogs that cover a filter's time span, collected. */
export interface ChangesOver {
  events: ChangeEvent[]
  /** All that matched (`events` holds the first MAX_FOUND). */
  found: number
  /** The binlogs decoded. */
  files: BinlogFile[]
  /** Why some binlogs of the span could not be read (their changes are missing), if so. */
  unreadable: string | null
  /** The earliest binlog event (epoch s) when it is after `since`: what came before is not there. */
  beginsAfter: number | null
}

/**
 * The changes `filter` selects in the binlogs that cover its span (`since`/`until`, a second of
 * slack each side; every binlog without them), decoded on the server and collected — or, given
 * `each`, each handed to it and none kept nor cut: what the timeline's window, the fleet's finder
 * and the restore planner's count ask of a server. Cancelled with `signal`.
 */
export async function changesOver(
  target: Target,
  binlogs: readonly BinlogFile[],
  filter: ChangeFilter,
  signal: AbortSignal = new AbortController().signal,
  each?: (e: ChangeEvent) => void,
): Promise<ChangesOver> {
  const covering = binlogs.filter(
    (b) =>
      (filter.until === undefined || b.first === null || b.first <= filter.until + 1) &&
      (filter.since === undefined || b.last === null || b.last >= filter.since - 1),
  )
  const files = covering.filter((b) => b.readable !== false)
  const missing = covering.length - files.length
  const earliest = Math.min(...binlogs.map((b) => b.first ?? Infinity))
  const result: ChangesOver = {
    events: [],
    found: 0,
    files,
    // Said, not silently empty: the span's binlogs this login cannot read.
    unreadable:
      missing > 0
        ? `${missing} of ${covering.length} binary logs cannot be read by this login (permission denied): their changes are missing.`
        : null,
    beginsAfter:
      filter.since !== undefined && Number.isFinite(earliest) && earliest > filter.since
        ? earliest
        : null,
  }
  if (files.length === 0) return result
  await findChanges(
    target,
    files.map((f) => f.path),
    filter,
    {
      id: 'changes-over',
      signal,
      push: (e) => (each ? each(e) : result.events.push(e), true),
      drained: async () => undefined,
      progress: (_done, _total, _code, values) => {
        if (typeof values?.found === 'number') result.found = values.found
      },
    },
    each ? Infinity : MAX_FOUND,
  )
  result.found = Math.max(result.found, result.events.length)
  return result
}

/** Why mysqlbinlog stopped (what was decoded before stays listed), as the error to show. */
function failure(code: number | null, text: string): void {
  if (code === 127 || /not found/.test(text)) {
    throw new ServiceError(
      'MISSING_TOOL',
      'This server has no mysqlbinlog: install mariadb-client (or mysql-client) where the binary logs are, or decode them elsewhere with "twb binlog events".',
    )
  }
  if (code !== 0) {
    const reason = /Permission denied/i.test(text)
      ? 'permission denied: the login cannot read these binary logs'
      : /unknown (variable|option)/i.test(text)
        ? `mysqlbinlog refused an option (${text.split('\n')[0]})`
        : text.split('\n').slice(0, 3).join(' ') || `exit code ${code}`
    throw new ServiceError(
      'IO',
      `mysqlbinlog stopped: ${reason}. The events decoded so far are kept.`,
    )
  }
}

function sqlTime(epoch: number): string {
  return new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

export const MYSQL_LOG_DIR = '/var/log/mysql'
const BINLOG_NAME = /-bin\.\d+$/
const TAIL_BYTES = 64 * 1024

/**
 * The binary logs with their first and last event times, read from the first and last bytes of
 * each file (no decoding), in the order of the `.index` file when it is readable.
 */

export { serverZone }

export async function listBinlogs(target: Target, dir = MYSQL_LOG_DIR): Promise<BinlogFile[]> {
  const entries = await target.list(dir)
  const logs = entries.filter((e) => e.type === 'file' && BINLOG_NAME.test(e.name))
  const index = entries.find((e) => e.type === 'file' && /-bin\.index$/.test(e.name))
  let order: string[] = []
  if (index) {
    try {
      const text = (await readBytes(target, index.path, 0, 1 << 20)).toString('utf8')
      order = text
        .split('\n')
        .map((l) => posix.basename(l.trim()))
        .filter(Boolean)
    } catch {
      // unreadable index: the names give the order
    }
  }
  const rank = (name: string): number => {
    const i = order.indexOf(name)
    return i === -1 ? order.length : i
  }
  const out = await Promise.all(
    logs.map(async (e): Promise<BinlogFile> => {
      let first: number | null = null
      let last: number | null = null
      let readable = true
      try {
        // A small file is read once: its tail is all of it.
        const start = Math.max(0, e.size - TAIL_BYTES)
        const tail = await readBytes(target, e.path, start, e.size)
        const head = start === 0 ? tail : await readBytes(target, e.path, 0, 512)
        first = binlogFirstTime(head)
        last = binlogLastTime(tail, start, e.size)
      } catch {
        readable = false // listed anyway: decoding it will say why
      }
      return {
        ...e,
        first,
        last,
        readable,
        inIndex: order.length > 0 ? order.includes(e.name) : null,
      }
    }),
  )
  return out.sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : 1))
}

/** Collects what a command prints, up to `maxBytes`; grep's "no match" (1) is not an error. */
