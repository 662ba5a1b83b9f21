// The clone calls: analysis (a dry run), the copy (a job of steps), its verification, the saved
// reports, and the site URL rewritten in a copied database.
import { TransferEstimator, clockDuration } from '../../../core/clone'
import { join } from 'node:path'
import type { CloneCalls, CloneRequest, ServerInfo } from '../../../shared/api'
import {
  flag,
  integer,
  object,
  optionalText,
  ServiceError,
  sshServer,
  text,
  type CallHandlers,
  type Fields,
  type SessionContext,
} from '../platform'
import { downloadFolder } from '../files'
import { parseMysqlUrl } from '../schema'
import {
  analyseClone,
  checkCloneDestination,
  cloneDestinationFor,
  cloneSite,
  cloneSourceFor,
  verifyClone,
} from './clone'
import { listCloneReports, saveCloneReport } from './reports'
import { rewriteSiteUrl } from './url-rewrite'

const NO_LOGIN = 'The demo server has no SSH login to clone from.'

export function cloneHandlers(ctx: SessionContext): CallHandlers<CloneCalls> {
  const { servers, jobs } = ctx
  return {
    'clone:analyse': async (req) => {
      const r = object(req)
      const server = sshServer(ctx, r, NO_LOGIN)
      return analyseClone(cloneSourceFor(servers, server.id), {
        excludeImages: flag(r, 'excludeImages', false),
      })
    },
    'clone:run': async (req) => {
      const r = object(req)
      const server = sshServer(ctx, r, NO_LOGIN)
      const request = cloneRequest(ctx, r, server)
      const source = cloneSourceFor(servers, server.id)
      const toServer = optionalText(r, 'toServer', 200)
      const dest = toServer
        ? cloneDestinationFor(servers, toServer, flag(r, 'confirmProduction', false))
        : undefined
      await checkCloneDestination(source, request, dest)
      const job = jobs.start('clone:run', async (job) => {
        // Time left from the measured rate (rsync's own follows the current file).
        const estimate = new TransferEstimator()
        const report = await cloneSite(
          source,
          request,
          {
            step: (s) => void job.push(s),
            files: (p) => {
              const e = estimate.update(p.bytes, p.percent, Date.now())
              job.progress(p.percent, 100, 'transfer', {
                bytes: p.bytes,
                rate: p.rate,
                eta: e.etaSec === null ? '…' : clockDuration(e.etaSec),
              })
            },
            table: (t) => void job.push({ step: 'table', table: t.table, index: t.tables }),
          },
          job.signal,
          dest,
        )
        const file = saveCloneReport(ctx.info.dataDir, report)
        job.push({ step: 'done', report, file })
      })
      return { job, to: request.to }
    },
    'clone:verify': async (req) => {
      const r = object(req)
      const server = sshServer(ctx, r, NO_LOGIN)
      const toServer = optionalText(r, 'toServer', 200)
      const dest = toServer ? cloneDestinationFor(servers, toServer, true) : undefined
      return verifyClone(
        cloneSourceFor(servers, server.id),
        cloneRequest(ctx, r, server),
        undefined,
        dest,
      )
    },
    'clone:rewrite-url': async (req) => {
      const r = object(req)
      return rewriteSiteUrl(parseMysqlUrl(text(r, 'dbUrl')), {
        from: text(r, 'from'),
        to: text(r, 'to'),
        ...(optionalText(r, 'prefix', 64) ? { prefix: optionalText(r, 'prefix', 64)! } : {}),
        apply: flag(r, 'apply', false),
      })
    },
    'clone:reports': async (req) =>
      listCloneReports(ctx.info.dataDir, servers.info(text(object(req), 'server')).name),
  }
}

/** A clone's destination from a request: a local folder, and a database URL or dump file. */
function cloneRequest(ctx: SessionContext, r: Fields, server: ServerInfo): CloneRequest {
  if (optionalText(r, 'toServer', 200) && !optionalText(r, 'to', 4096)) {
    throw new ServiceError('BAD_REQUEST', 'Which folder on the destination server?')
  }
  const to =
    optionalText(r, 'to', 4096) || join(downloadFolder(ctx.downloadsDir, server.name), 'site')
  if (!to.startsWith('/'))
    throw new ServiceError('BAD_REQUEST', 'The destination is an absolute folder path.')
  const dbUrl = optionalText(r, 'dbUrl', 4096)
  const dbDump = optionalText(r, 'dbDump', 4096)
  if (dbUrl && dbDump)
    throw new ServiceError('BAD_REQUEST', 'Choose a database or a dump file, not both.')
  if (dbDump && !dbDump.startsWith('/'))
    throw new ServiceError('BAD_REQUEST', 'The dump file is an absolute path.')
  const bw = r.bwlimitKBps === undefined ? 0 : integer(r, 'bwlimitKBps', 0, 0, 10_000_000)
  return {
    to,
    ...(dbUrl ? { dbTo: parseMysqlUrl(dbUrl) } : {}),
    ...(dbDump ? { dbDump } : {}),
    ...(flag(r, 'excludeImages', false) ? { excludeImages: true } : {}),
    ...(bw > 0 ? { bwlimitKBps: bw } : {}),
    ...(flag(r, 'dryRun', false) ? { dryRun: true } : {}),
    ...(flag(r, 'forceIntoNonEmpty', false) ? { forceIntoNonEmpty: true } : {}),
  }
}
