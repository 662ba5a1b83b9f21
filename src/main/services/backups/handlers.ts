// The backup calls: the restore planner and the weight audit, each a job of one result.
import type { BackupCalls, BackupContract } from '../../../shared/api'
import { DEFAULT_CONTRACT } from '../../../shared/backups'
import { checkContract } from '../../../core/backups'
import {
  integer,
  object,
  ServiceError,
  optionalText,
  sshServer,
  text,
  writableServer,
  type CallHandlers,
  type Fields,
  type SessionContext,
} from '../platform'
import { backupPlan } from './plan'
import { backupWeight } from './weight'
import {
  compareSnapshots,
  listSnapshots,
  pruneSnapshots,
  restoreFile,
  restoreTable,
  takeSnapshot,
} from './snapshots'
import { cloneSourceFor } from '../clone'
import { parseMysqlUrl } from '../schema'

/** The request's contract, else the one saved for the server, else the default. */
async function contractOf(ctx: SessionContext, r: Fields, server: string): Promise<BackupContract> {
  if (r.contract === undefined)
    return (await ctx.settings.get()).backupContracts?.[server] ?? DEFAULT_CONTRACT
  try {
    return checkContract(r.contract)
  } catch (err) {
    throw new ServiceError('BAD_REQUEST', (err as Error).message)
  }
}

export function backupHandlers(ctx: SessionContext): CallHandlers<BackupCalls> {
  const { servers, jobs } = ctx
  return {
    'backup:plan': async (req) => {
      const r = object(req)
      const server = sshServer(ctx, r, 'The restore planner works on an SSH server.')
      const at = integer(r, 'at', 0, 0, 8.64e15)
      const now = r.now === undefined ? undefined : integer(r, 'now', 0, 0, 8.64e15)
      const contract = await contractOf(ctx, r, server.id)
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
    'snapshot:take': async (req) => {
      const r = object(req)
      const server = sshServer(ctx, r, 'A snapshot is taken of an SSH server.')
      const keep = r.keep === undefined ? undefined : integer(r, 'keep', 5, 1, 1000)
      await servers.connect(server.id)
      const src = cloneSourceFor(servers, server.id)
      const job = jobs.start('snapshot:take', async (job) => {
        const snap = await takeSnapshot(src, job.signal)
        const pruned = keep ? await pruneSnapshots(servers.dataDir, server.name, keep) : []
        job.push({ ...snap, pruned })
      })
      return { job }
    },
    'snapshot:compare': async (req) => {
      const r = object(req)
      return compareSnapshots(
        servers.dataDir,
        servers.info(text(r, 'server')).name,
        text(r, 'from', 100),
        text(r, 'to', 100),
      )
    },
    'snapshot:restore-file': async (req) => {
      const r = object(req)
      const source = servers.info(text(r, 'server'))
      // Written to a server: an explicit action, and a production only once confirmed.
      const into = writableServer(
        ctx,
        { ...r, server: optionalText(r, 'to', 200) ?? source.id },
        'file restore',
      )
      if (into.kind !== 'ssh')
        throw new ServiceError('BAD_REQUEST', 'A file is restored to an SSH server.')
      await servers.connect(into.id)
      return restoreFile(servers.dataDir, source.name, text(r, 'id', 100), text(r, 'path', 4096), {
        target: servers.sshTarget(into.id),
        login: servers.systemSshLogin(into.id),
        root: into.cmsRoot,
      })
    },
    'snapshot:list': async (req) =>
      listSnapshots(servers.dataDir, servers.info(text(object(req), 'server')).name),
    'snapshot:restore-table': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const db = parseMysqlUrl(text(r, 'dbUrl', 2000))
      const done = await restoreTable(
        servers.dataDir,
        server.name,
        text(r, 'id', 100),
        text(r, 'table', 64),
        db,
      )
      return { ...done, into: `mysql://${db.user}@${db.host}:${db.port}/${db.database}` }
    },
  }
}
