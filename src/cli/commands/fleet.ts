// twb fleet: every server at once.
import { parseArgs } from 'node:util'
import type { Services } from '../../main/services/api'
import type { FleetRow } from '../../shared/fleet'
import { CliError, UsageError, type Io } from '../common'
import { followJob } from '../follow-job'

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
  ].join('  ')
}

/**
 * `twb fleet overview [--group G] [--concurrency N] [--timeout S] [--json]`: a row per server as
 * each answers (text), or all of them in the servers' order (JSON). Exit 1 when some failed.
 */
export async function fleet(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'overview') throw new UsageError('twb fleet overview [--group G] [--json]')
  const { values } = parseArgs({
    args: rest,
    options: {
      group: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  const int = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number`)
    return n
  }
  const concurrency = int(values.concurrency, '--concurrency')
  const timeoutSec = int(values.timeout, '--timeout')
  const rows: FleetRow[] = []
  const started = await followJob(
    services,
    'fleet:overview',
    {
      ...(values.group !== undefined ? { group: values.group } : {}),
      ...(concurrency ? { concurrency } : {}),
      ...(timeoutSec ? { timeoutSec } : {}),
    },
    {
      record: (r) => {
        rows.push(r)
        if (!values.json) io.out(textRow(r) + '\n')
      },
    },
  )
  if (started.servers.length === 0)
    throw new CliError(
      values.group !== undefined
        ? `no server in the group "${values.group}"`
        : 'no SSH server configured (twb server add)',
      2,
    )
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
