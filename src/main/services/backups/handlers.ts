// The backup calls: the restore planner and the weight audit, each a job of one result.
import type { BackupCalls, BackupContract } from '../../../shared/api'
import { DEFAULT_CONTRACT } from '../../../shared/backups'
import {
  flag,
  integer,
  object,
  optionalText,
  ServiceError,
  sshServer,
  type CallHandlers,
  type Fields,
  type SessionContext,
} from '../platform'
import { backupPlan } from './plan'
import { backupWeight } from './weight'

/** A contract from a request (the defaults where it says nothing), checked. */
function contractOf(r: Fields): BackupContract {
  if (r.contract === undefined) return DEFAULT_CONTRACT
  const c = object(r.contract)
  const days = integer(c, 'days', DEFAULT_CONTRACT.days, 2, 10)
  if (days !== 2 && days !== 4 && days !== 10)
    throw new ServiceError('BAD_REQUEST', 'contract.days: 2, 4 or 10 days of file backups.')
  const hour = optionalText(c, 'hour', 5) ?? DEFAULT_CONTRACT.hour
  const m = /^(\d\d):(\d\d)$/.exec(hour)
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    throw new ServiceError('BAD_REQUEST', 'contract.hour: the daily backup time, HH:MM.')
  return { days, ha: flag(c, 'ha', false), hour }
}

export function backupHandlers(ctx: SessionContext): CallHandlers<BackupCalls> {
  const { servers, jobs } = ctx
  return {
    'backup:plan': async (req) => {
      const r = object(req)
      const server = sshServer(ctx, r, 'The restore planner works on an SSH server.')
      const at = integer(r, 'at', 0, 0, 8.64e15)
      const now = r.now === undefined ? undefined : integer(r, 'now', 0, 0, 8.64e15)
      const contract = contractOf(r)
      await servers.connect(server.id)
      const target = servers.sshTarget(server.id)
      const job = jobs.start('backup:plan', async (job) => {
        job.push(await backupPlan(target, server, at, contract, job.signal, now))
      })
      return { job }
    },
    'backup:weight': async (req) => {
      const r = object(req)
      const server = sshServer(ctx, r, 'The backup-weight audit works on an SSH server.')
      const minMb = integer(r, 'minMb', 10, 0, 1_000_000)
      await servers.connect(server.id)
      const target = servers.sshTarget(server.id)
      const job = jobs.start('backup:weight', async (job) => {
        job.push(await backupWeight(target, server.cmsRoot, minMb * 1024 * 1024))
      })
      return { job }
    },
  }
}
