// twb backup plan|weight: the restore planner and the backup-weight audit.
import { parseArgs } from 'node:util'
import type { Services } from '../../main/services/api'
import type { BackupContract, BackupPlan, BackupWeight, RestorePoint } from '../../shared/api'
import { DEFAULT_CONTRACT } from '../../shared/api'
import { UsageError, zonedInstant, type Io } from '../common'
import { followJob } from '../follow-job'

const iso = (ms: number): string => new Date(ms).toISOString()
const point = (p: RestorePoint | null) =>
  p && { point: iso(p.at), kind: p.kind, kept: iso(p.keptUntil) }
const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`

export async function backup(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'plan') return plan(services, rest, io)
  if (sub === 'weight') return weight(services, rest, io)
  throw new UsageError('twb backup plan|weight … (see twb --help)')
}

/**
 * `twb backup plan --server NAME --at ISO [--contract 2|4|10] [--ha] [--backup-hour HH:MM]
 * [--now ISO] [--json]`: the newest backups before the moment and what a restore would lose.
 */
async function plan(services: Services, args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      server: { type: 'string' },
      at: { type: 'string' },
      contract: { type: 'string' },
      ha: { type: 'boolean' },
      'backup-hour': { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  if (!values.server || !values.at)
    throw new UsageError('twb backup plan --server NAME --at ISO [--contract 2|4|10]')
  const days = Number(values.contract ?? DEFAULT_CONTRACT.days)
  if (days !== 2 && days !== 4 && days !== 10) throw new UsageError('--contract is 2, 4 or 10')
  // Said on the command line, else the contract saved for the server (else the default).
  const given = values.contract !== undefined || values.ha || values['backup-hour'] !== undefined
  const contract: BackupContract | undefined = given
    ? { days, ha: values.ha ?? false, hour: values['backup-hour'] ?? DEFAULT_CONTRACT.hour }
    : undefined
  let result: BackupPlan | undefined
  await followJob(
    services,
    'backup:plan',
    {
      server: values.server,
      at: zonedInstant(values.at, '--at'),
      ...(contract ? { contract } : {}),
      ...(values.now ? { now: zonedInstant(values.now, '--now') } : {}),
    },
    { record: (r) => void (result = r) },
  )
  const p = result!
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          at: iso(p.at),
          contract: p.contract,
          files: point(p.files),
          database: point(p.database),
          oldestFiles: point(p.oldestFiles),
          oldestDatabase: point(p.oldestDatabase),
          lostWrites: p.lostWrites,
          changedFiles: p.changedFiles,
          notes: p.notes,
          request: `Subject: ${p.request.subject}\n\n${p.request.body}`,
        },
        null,
        2,
      ) + '\n',
    )
  } else {
    const line = (label: string, r: RestorePoint | null): string =>
      `${label}${r ? `${iso(r.at)} (${r.kind}, kept until ${iso(r.keptUntil)})` : 'none that old'}\n`
    io.out(line('Files:    ', p.files))
    io.out(line('Database: ', p.database))
    io.out(`Files changed since: ${p.changedFiles ?? 'unknown'}\n`)
    io.out(`Writes lost by a database restore (${p.lostWrites?.length ?? 'unknown'} tables):\n`)
    for (const t of p.lostWrites ?? [])
      io.out(`  ${t.table.padEnd(40)} +${t.inserts} ~${t.updates} -${t.deletes}\n`)
    for (const n of p.notes) io.err(`${n}\n`)
    io.out(`\nSubject: ${p.request.subject}\n\n${p.request.body}\n`)
  }
  return 0
}

/** `twb backup weight --server NAME [--min-mb N] [--json]`: what weighs on the host's backups. */
async function weight(services: Services, args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      server: { type: 'string' },
      'min-mb': { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  if (!values.server) throw new UsageError('twb backup weight --server NAME [--min-mb N]')
  const minMb = values['min-mb'] === undefined ? 10 : Number(values['min-mb'])
  if (!Number.isFinite(minMb) || minMb < 0) throw new UsageError('--min-mb takes a number')
  let result: BackupWeight | undefined
  await followJob(
    services,
    'backup:weight',
    { server: values.server, minMb },
    { record: (r) => void (result = r) },
  )
  const w = result!
  if (values.json) io.out(JSON.stringify(w.items, null, 2) + '\n')
  else
    for (const i of w.items)
      io.out(
        `${mb(i.bytes).padStart(10)}  ${i.kind.padEnd(9)} ${i.path}  (backups: +${mb(i.backupWeight[0])} to +${mb(i.backupWeight[1])})\n    ${i.action}\n`,
      )
  for (const n of w.notes) io.err(`${n}\n`)
  const total = w.items.reduce((a, i) => a + i.bytes, 0)
  io.err(
    `${w.items.length} items, ${mb(total)} in ${w.root}: ${mb(total * 35)} to ${mb(total * 70)} of backups (${w.scanned} files of ${minMb} MB or more looked at)\n`,
  )
  return 0
}
