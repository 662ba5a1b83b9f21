// twb fleet: every server at once.
import { parseArgs } from 'node:util'
import type { Services } from '../../main/services/api'
import type { FleetBinlogResult, FleetGrepResult, FleetRow } from '../../shared/fleet'
import { CliError, UsageError, zonedInstant, type Io } from '../common'
import { followJob } from '../follow-job'
import { CHANGE_FILTER_OPTIONS, changeFilterFrom } from './binlog'

const num = (n: number | null): string => (n === null ? '–' : n.toLocaleString('en'))
const mb = (n: number | null): string => (n === null ? '–' : `${(n / 1048576).toFixed(0)} MB`)

function textRow(r: FleetRow): string {
  if (!r.ok) return `${r.server.padEnd(24)} FAILED: ${r.error}`
  return [
    r.server.padEnd(24),
    `req/1h ${num(r.requests1h).padStart(8)}`,
    `5xx ${num(r.status5xx1h).padStart(5)}`,
    `408 ${num(r.bans408_1h).padStart(5)}`,
    `slow/24h ${num(r.slow24h).padStart(5)}`,
    `fatal/24h ${num(r.fatal24h).padStart(5)}`,
    `site ${mb(r.diskSiteBytes).padStart(8)}`,
    `logs ${mb(r.diskLogsBytes).padStart(8)}`,
    `ddl ${num(r.driftChanges).padStart(4)}`,
    `integrity/24h ${num(r.integrityNew).padStart(3)}`,
    `at-risk ${num(r.preprodAtRisk).padStart(5)}`,
    `cert ${num(r.certDays).padStart(4)} d`,
  ].join('  ')
}

/**
 * `twb fleet overview [--group G] [--concurrency N] [--timeout S] [--json]`: a row per server as
 * each answers (text), or all of them in the servers' order (JSON). Exit 1 when some failed.
 */
const ACROSS = {
  group: { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
} as const

/** The options every fleet command takes: a group, how many at once, each server's time limit. */
function across(values: { group?: string; concurrency?: string; timeout?: string }) {
  const int = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number`)
    return n
  }
  const concurrency = int(values.concurrency, '--concurrency')
  const timeoutSec = int(values.timeout, '--timeout')
  return {
    ...(values.group !== undefined ? { group: values.group } : {}),
    ...(concurrency ? { concurrency } : {}),
    ...(timeoutSec ? { timeoutSec } : {}),
  }
}

function noServer(group: string | undefined): CliError {
  return new CliError(
    group !== undefined
      ? `no server in the group "${group}"`
      : 'no SSH server configured (twb server add)',
    2,
  )
}

export async function fleet(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'grep') return fleetGrep(services, rest, io)
  if (sub === 'binlog') return fleetBinlog(services, rest, io)
  if (sub !== 'overview') throw new UsageError('twb fleet overview|grep|binlog … (see twb --help)')
  const { values } = parseArgs({ args: rest, options: ACROSS })
  const rows: FleetRow[] = []
  const started = await followJob(services, 'fleet:overview', across(values), {
    record: (r) => {
      rows.push(r)
      if (!values.json) io.out(textRow(r) + '\n')
    },
  })
  if (started.servers.length === 0) throw noServer(values.group)
  if (values.json) {
    const order = new Map(started.servers.map((name, i) => [name, i]))
    rows.sort((a, b) => order.get(a.server)! - order.get(b.server)!)
    io.out(JSON.stringify(rows, null, 2) + '\n')
  }
  const failed = rows.filter((r) => !r.ok)
  io.err(`${rows.length - failed.length} of ${rows.length} servers answered\n`)
  if (failed.length) throw new CliError(`${failed.length} of ${rows.length} servers failed`, 1)
  return 0
}

/**
 * `twb fleet grep TEXT --log PATH [--regex] [--since ISO] [--until ISO] [--group G] [--json]`:
 * the lines of the logs PATH names (`*` for any part of a name) holding TEXT (any case; a
 * JavaScript regular expression with --regex), on every server,
 * merged by time, each with its server. Exit 1 when some server failed, as the overview.
 */
async function fleetGrep(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...ACROSS,
      log: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      regex: { type: 'boolean', short: 'E' },
    },
  })
  const [text] = positionals
  if (!text || !values.log) throw new UsageError('twb fleet grep TEXT --log PATH [--since ISO]')
  const to = values.until ? zonedInstant(values.until, '--until') : Date.now()
  const from = values.since ? zonedInstant(values.since, '--since') : to - 3_600_000
  if (to <= from) throw new UsageError('--until must be after --since')
  const results: FleetGrepResult[] = []
  const started = await followJob(
    services,
    'fleet:grep',
    { ...across(values), text, regex: values.regex ?? false, log: values.log, from, to },
    { record: (r) => void results.push(r) },
  )
  if (started.servers.length === 0) throw noServer(values.group)
  const matches = results
    .flatMap((r) => r.records.map((rec) => ({ server: r.server, ...rec })))
    .sort((a, b) => a.time - b.time || a.server.localeCompare(b.server))
  if (values.json)
    io.out(
      JSON.stringify(
        matches.map((m) => ({ ...m, time: new Date(m.time).toISOString() })),
        null,
        2,
      ) + '\n',
    )
  else
    for (const m of matches)
      io.out(`${new Date(m.time).toISOString()}  ${m.server.padEnd(20)} ${m.text}\n`)
  for (const r of results) {
    if (!r.ok) io.err(`  ${r.server}: ${r.error}\n`)
    else if (r.total > r.records.length)
      io.err(`  ${r.server}: ${r.records.length} of ${r.total} matches kept\n`)
    else if (r.sources.length === 0) io.err(`  ${r.server}: no log matches ${values.log}\n`)
  }
  const failed = results.filter((r) => !r.ok)
  io.err(
    `${matches.length} matches on ${results.length - failed.length} of ${results.length} servers, from ${new Date(from).toISOString()} to ${new Date(to).toISOString()}\n`,
  )
  if (failed.length) throw new CliError(`${failed.length} of ${results.length} servers failed`, 1)
  return 0
}

/**
 * `twb fleet binlog [--table T] [--type K]... [--since ISO] [--until ISO] [--thread N]
 * [--value V] [--text S] [--group G] [--json]`: the binlog finder on every server (each decodes
 * its own binlogs of the span), the changes merged by time, each with its server; the last hour
 * when no --since is given. Exit 1 when some server failed, as the overview.
 */
async function fleetBinlog(services: Services, args: string[], io: Io): Promise<number> {
  const { 'start-position': _from, 'stop-position': _to, ...filterOptions } = CHANGE_FILTER_OPTIONS
  const { values } = parseArgs({ args, options: { ...filterOptions, ...ACROSS } })
  const filter = changeFilterFrom(values)
  const until = filter.until ?? Math.floor(Date.now() / 1000)
  const since = filter.since ?? until - 3600
  if (until <= since) throw new UsageError('--until must be after --since')
  const results: FleetBinlogResult[] = []
  const started = await followJob(
    services,
    'fleet:binlog',
    { ...across(values), ...filter, types: filter.types ?? [], since, until },
    { record: (r) => void results.push(r) },
  )
  if (started.servers.length === 0) throw noServer(values.group)
  const changes = results
    .flatMap((r) => r.events.map((e) => ({ server: r.server, ...e })))
    .sort((a, b) => a.epoch - b.epoch || a.server.localeCompare(b.server))
  if (values.json) io.out(JSON.stringify(changes, null, 2) + '\n')
  else
    for (const e of changes)
      io.out(
        `${e.time}  ${e.server.padEnd(20)} ${e.type.toUpperCase().padEnd(6)} ${e.db ?? ''}${e.table ? `.${e.table}` : ''} rows=${e.rows.length} ${e.file ?? '-'}:${e.pos ?? '?'}\n`,
      )
  for (const r of results) {
    if (!r.ok) io.err(`  ${r.server}: ${r.error}\n`)
    else if (r.total > r.events.length)
      io.err(`  ${r.server}: ${r.events.length} of ${r.total} changes kept\n`)
    for (const note of r.notes) io.err(`  ${r.server}: ${note}\n`)
  }
  const failed = results.filter((r) => !r.ok)
  io.err(
    `${changes.length} changes on ${results.length - failed.length} of ${results.length} servers, from ${new Date(since * 1000).toISOString()} to ${new Date(until * 1000).toISOString()}\n`,
  )
  if (failed.length) throw new CliError(`${failed.length} of ${results.length} servers failed`, 1)
  return 0
}
