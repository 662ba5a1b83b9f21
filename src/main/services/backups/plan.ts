// The restore planner (issue #23): from a moment, the newest backups the host still has before it
// and what a restore to them would lose — the writes since the database point, counted per table
// from the binlogs (decoded on the server, counts only), and the files changed since the files
// point — with the mail that asks the host for it.
import type { BackupContract, BackupPlan, LostWrites, RestorePoint } from '../../../shared/backups'
import type { ChangeEvent, ServerInfo } from '../../../shared/api'
import { databasePoints, filePoints, newestBefore } from '../../../core/backups'
import { formatInstant, serverOffsetAt, type DisplayZone } from '../../../core/text'
import { changesOver, listBinlogs } from '../binlog'
import { serverClock, ServiceError, type SshTarget } from '../platform'

/** Per table, the rows inserted, updated and deleted after `since` (epoch s), all binlogs read. */
async function lostWrites(
  target: SshTarget,
  since: number,
  until: number,
  notes: string[],
  signal: AbortSignal,
): Promise<LostWrites[] | null> {
  const binlogs = await listBinlogs(target).catch((err: ServiceError) => {
    notes.push(`The binlogs cannot be listed (${err.message}): the writes since are not counted.`)
    return null
  })
  if (!binlogs) return null
  if (binlogs.length === 0) {
    notes.push('No binary log on this server: the writes since the backup cannot be counted.')
    return null
  }
  const tables = new Map<string, LostWrites>()
  const count = (e: ChangeEvent): void => {
    if (e.type !== 'insert' && e.type !== 'update' && e.type !== 'delete') return
    const table = `${e.db ?? '?'}.${e.table ?? '?'}`
    const t = tables.get(table) ?? { table, inserts: 0, updates: 0, deletes: 0 }
    // Rows where the binlog has them (ROW format); a statement counts once.
    const n = Math.max(1, e.rows.length)
    if (e.type === 'insert') t.inserts += n
    else if (e.type === 'update') t.updates += n
    else t.deletes += n
    tables.set(table, t)
  }
  const over = await changesOver(
    target,
    binlogs,
    { since, until, types: ['insert', 'update', 'delete'] },
    signal,
    count,
  )
  if (over.beginsAfter !== null)
    notes.push(
      `The binlogs begin at ${new Date(over.beginsAfter * 1000).toISOString()}, after the backup: the writes before that are not counted (at least the figures shown).`,
    )
  if (over.unreadable) notes.push(`${over.unreadable} Their writes are not counted.`)
  const total = (t: LostWrites): number => t.inserts + t.updates + t.deletes
  return [...tables.values()].sort((a, b) => total(b) - total(a) || a.table.localeCompare(b.table))
}

/** The site's files changed since `at` (the server's find, counted here). */
async function changedFiles(
  target: SshTarget,
  root: string,
  at: number,
  notes: string[],
): Promise<number | null> {
  const minutes = Math.max(1, Math.ceil((Date.now() - at) / 60_000))
  const r = await target.run(
    ['find', target.commandPath(root), '-type', 'f', '-mmin', `-${minutes}`],
    {
      maxBytes: 256 << 20,
    },
  )
  if (r.code === 127) {
    notes.push('This server has no find: the files changed since are not counted.')
    return null
  }
  const n = r.stdout.split('\n').filter(Boolean).length
  if (r.code !== 0)
    notes.push(`find could not read everything (at least ${n} files): ${r.stderr.split('\n')[0]}`)
  return n
}

function requestMail(
  info: ServerInfo,
  plan: Omit<BackupPlan, 'request'>,
  zone: DisplayZone,
): { subject: string; body: string } {
  const when = (p: RestorePoint | null): string =>
    p ? `${formatInstant(p.at, zone)} (${new Date(p.at).toISOString()})` : 'none that old'
  const lost = (plan.lostWrites ?? []).slice(0, 10)
  const body = [
    'Hello,',
    '',
    `Please restore the database of ${info.name} (${info.address}, site ${info.cmsRoot}) to its backup of ${when(plan.database)}.`,
    '',
    `We want the state just before ${formatInstant(plan.at, zone)}.`,
    ...(lost.length
      ? [
          '',
          'We know the restore loses the writes made since that backup; the largest, from the binary logs:',
          ...lost.map(
            (t) =>
              `- ${t.table}: ${t.inserts} inserted, ${t.updates} updated, ${t.deletes} deleted`,
          ),
        ]
      : []),
    ...(plan.files
      ? [
          '',
          `The files are not to be restored (their newest backup before that moment: ${when(plan.files)}; ${plan.changedFiles ?? 'an unknown number of'} files changed since).`,
        ]
      : []),
    '',
    'Thank you.',
  ].join('\n')
  return { subject: `Restore request: database of ${info.name} to ${when(plan.database)}`, body }
}

/** The plan for a restore to just before `at`. */
export async function backupPlan(
  target: SshTarget,
  info: ServerInfo,
  at: number,
  contract: BackupContract,
  signal: AbortSignal,
  asOf?: number,
): Promise<BackupPlan> {
  const now = asOf ?? Date.now()
  if (at > now)
    throw new ServiceError('BAD_REQUEST', 'The moment is after now: nothing to restore.')
  const clock = await serverClock(target)
  const offsetAt = (ms: number): number => serverOffsetAt(clock, ms)
  const files = filePoints(contract, now, offsetAt)
  const dbs = databasePoints(contract, now, offsetAt)
  const notes: string[] = []
  const plan: Omit<BackupPlan, 'request'> = {
    at,
    now,
    contract,
    files: newestBefore(files, at),
    database: newestBefore(dbs, at),
    oldestFiles: files.at(-1) ?? null,
    oldestDatabase: dbs.at(-1) ?? null,
    lostWrites: null,
    changedFiles: null,
    notes,
  }
  if (!plan.database)
    notes.push('The host keeps no database backup that old: no restore can go back there.')
  if (!plan.files) notes.push('The host keeps no file backup that old.')
  const [lost, changed] = await Promise.all([
    plan.database
      ? lostWrites(
          target,
          Math.floor(plan.database.at / 1000),
          Math.ceil(now / 1000),
          notes,
          signal,
        )
      : null,
    plan.files ? changedFiles(target, info.cmsRoot, plan.files.at, notes) : null,
  ])
  plan.lostWrites = lost
  plan.changedFiles = changed
  const zone: DisplayZone =
    clock.source === 'unknown'
      ? { mode: 'utc', name: null, fixedMin: 0 }
      : { mode: 'server', name: clock.zone, fixedMin: clock.offsetMin }
  return { ...plan, request: requestMail(info, plan, zone) }
}
