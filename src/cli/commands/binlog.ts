// twb binlog list|find|events.
import { basename } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { parseArgs } from 'node:util'
import { createApiSession, type Services } from '../../main/services/api'
import { followJob } from '../follow-job'
import { eachChunk, localSource } from '../../main/services/platform'
import { decodeBinlog, type ChangeEvent, type ChangeFilter } from '../../core/binlog'
import { formatInstant, type DisplayZone } from '../../core/text'
import {
  UsageError,
  CliError,
  call,
  cliZone,
  serverClockOf,
  nothingUnderstood,
  positionals,
  noEvents,
  type Io,
} from '../common'

export async function binlogList(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  })
  const [server] = positionals(pos, 1, 'SERVER')
  const session = createApiSession(services, 'web', noEvents)
  const zone = await cliZone(io, serverClockOf(session, server!))
  const list = await call(session, 'binlog:list', { server: server! })
  const iso = (t: number | null): string | null =>
    t === null ? null : new Date(t * 1000).toISOString().replace('.000Z', 'Z')
  if (values.json) {
    const rows = list.map((b) => ({
      name: b.name,
      path: b.path,
      size: b.size,
      first: iso(b.first),
      last: iso(b.last),
      readable: b.readable,
      inIndex: b.inIndex,
    }))
    io.out(JSON.stringify(rows, null, 2) + '\n')
  } else {
    for (const b of list) {
      const at = (t: number | null): string => (t === null ? '?' : formatInstant(t * 1000, zone))
      const span = b.readable ? `${at(b.first)}  ${at(b.last)}` : 'unreadable'
      io.out(`${b.name}\t${String(b.size).padStart(12)}\t${span}\n`)
    }
  }
  return 0
}

/** The options of `twb binlog events` and `twb binlog find` that make a change filter. */
export const CHANGE_FILTER_OPTIONS = {
  json: { type: 'boolean' },
  table: { type: 'string' },
  type: { type: 'string', multiple: true },
  since: { type: 'string' },
  until: { type: 'string' },
  thread: { type: 'string' },
  value: { type: 'string' },
  text: { type: 'string' },
  'start-position': { type: 'string' },
  'stop-position': { type: 'string' },
} as const

export function changeFilterFrom(values: {
  table?: string | undefined
  type?: string[] | undefined
  since?: string | undefined
  until?: string | undefined
  thread?: string | undefined
  value?: string | undefined
  text?: string | undefined
  'start-position'?: string | undefined
  'stop-position'?: string | undefined
}): ChangeFilter {
  const position = (option: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined
    if (!/^\d+$/.test(text)) throw new UsageError(`${option} takes a binlog position (# at N)`)
    return Number(text)
  }
  const fromPos = position('--start-position', values['start-position'])
  const toPos = position('--stop-position', values['stop-position'])
  const types = (values.type ?? []).map((t) => t.toLowerCase())
  if (types.some((t) => !['insert', 'update', 'delete', 'ddl', 'other'].includes(t))) {
    throw new UsageError('--type is insert, update, delete, ddl or other')
  }
  const time = (option: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined
    const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`)
    if (!Number.isFinite(ms))
      throw new UsageError(`${option} takes an ISO date and time, e.g. 2026-11-28T13:22:00Z`)
    return ms / 1000
  }
  if (values.thread !== undefined && !/^\d+$/.test(values.thread))
    throw new UsageError('--thread takes a connection id')
  return {
    types: types as ChangeFilter['types'],
    ...(values.table ? { table: values.table } : {}),
    ...(values.since ? { since: time('--since', values.since)! } : {}),
    ...(values.until ? { until: time('--until', values.until)! } : {}),
    ...(values.thread ? { thread: Number(values.thread) } : {}),
    ...(values.value !== undefined ? { value: values.value } : {}),
    ...(values.text ? { text: values.text } : {}),
    ...(fromPos !== undefined ? { fromPos } : {}),
    ...(toPos !== undefined ? { toPos } : {}),
  }
}

/** Prints change events as they come: a JSON array, or one line each. */
export function changePrinter(
  io: Io,
  json: boolean,
  zone: DisplayZone,
): { event(e: ChangeEvent): void; end(): void } {
  let count = 0
  return {
    event(e) {
      if (json) io.out(`${count === 0 ? '[\n' : ',\n'}${JSON.stringify(e)}`)
      else
        io.out(
          `${formatInstant(e.epoch * 1000, zone)} ${e.file ?? '-'}:${e.pos ?? '?'} thread=${e.thread ?? '-'} ${e.type.toUpperCase()} ${e.db ?? ''}${e.table ? `.${e.table}` : ''} rows=${e.rows.length}${e.part ? ` part=${e.part}` : ''} ${(e.sql ?? '').replace(/\s+/g, ' ').slice(0, 120)}\n`,
        )
      count++
    },
    end() {
      if (json) io.out(count === 0 ? '[]\n' : '\n]\n')
    },
  }
}

export async function binlog(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'events') throw new UsageError('expected "twb binlog events [FILE|-]"')
  const { values, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: CHANGE_FILTER_OPTIONS,
  })
  if (pos.length > 1) throw new UsageError('expected one FILE (or - for stdin)')
  const file = pos[0] ?? '-'
  const filter = changeFilterFrom(values)
  const printer = changePrinter(io, values.json ?? false, await cliZone(io))
  let sawBinlogText = false
  let cut = false
  const currentFile: string | null =
    file === '-'
      ? null
      : basename(file)
          .replace(/\.(txt|sql)$/, '')
          .replace(/\.vv?$/, '')
  const parser = decodeBinlog(
    filter,
    {
      change: (e) => printer.event(e),
      issue: (i) => {
        if (i.code === 'BINLOG_TRUNCATED') cut = true
        io.err(`line ${i.line}: ${i.message}\n`)
      },
    },
    currentFile ? { file: currentFile } : {},
  )
  const source =
    file === '-' ? { name: 'stdin', open: async () => process.stdin } : localSource(file)
  const decoder = new StringDecoder('utf8')
  let bytes = 0
  await eachChunk(source, (chunk) => {
    bytes += chunk.length
    const text = decoder.write(chunk)
    // mysqlbinlog's output starts with its /*! settings and DELIMITER, and has a # at per event.
    if (!sawBinlogText && /(^|\n)(# at \d|DELIMITER |\/\*!\d)/.test(text)) sawBinlogText = true
    parser.push(text)
  })
  parser.push(decoder.end())
  parser.end()
  printer.end()
  if (bytes > 0 && !sawBinlogText)
    throw nothingUnderstood(
      file === '-' ? 'stdin' : file,
      'not mysqlbinlog output (no "# at POS" line): decode a binary log first with TZ=UTC mysqlbinlog --no-defaults --base64-output=DECODE-ROWS -vv FILE.',
    )
  // What was read is printed; a cut input is still not a complete answer.
  return cut ? 1 : 0
}

/** `twb binlog find --server NAME [FILE...]`: decoded on the server, as the finder does. */
export async function binlogFind(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals: names } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...CHANGE_FILTER_OPTIONS, server: { type: 'string' } },
  })
  if (!values.server) throw new UsageError('expected --server NAME')
  const filter = changeFilterFrom(values)
  const session = createApiSession(services, 'web', noEvents)
  const zone = await cliZone(io, serverClockOf(session, values.server))
  const printer = changePrinter(io, values.json ?? false, zone)
  const list = await call(session, 'binlog:list', { server: values.server })
  const files = names.length
    ? names.map((n) => {
        const b = list.find((x) => x.name === n || x.path === n)
        if (!b) throw new CliError(`no binlog named ${n} in /var/log/mysql`, 1)
        return b.path
      })
    : list.filter((b) => b.readable).map((b) => b.path)
  if (files.length === 0) throw new CliError('no readable binlog in /var/log/mysql', 1)
  try {
    await followJob(
      services,
      'binlog:find',
      { server: values.server, files, ...filter, types: filter.types ?? [] },
      {
        record: (e) => printer.event(e),
        progress: (p) => {
          if (!values.json && p.code === 'found') io.err(`\r${foundText(p.values ?? {})}`)
        },
      },
    )
  } finally {
    if (!values.json) io.err('\n')
    printer.end()
  }
  return 0
}

/** The finder's count, in words: `12 found`, or `6000 found; the first 5000 are listed`. */
export function foundText(v: Record<string, string | number>): string {
  return v.listed !== undefined && v.listed !== v.found
    ? `${v.found} found; the first ${v.listed} are listed`
    : `${v.found ?? 0} found`
}
