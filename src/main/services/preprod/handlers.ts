// The preprod calls: the changes a daily rebuild would erase, and saving them locally.
import { join } from 'node:path'
import type { PreprodCalls } from '../../../shared/api'
import {
  integer,
  object,
  sshServer,
  textList,
  type CallHandlers,
  type SessionContext,
} from '../platform'
import { downloadFolder } from '../files'
import { atRiskChanges, saveFiles } from './preprod'

export function preprodHandlers(ctx: SessionContext): CallHandlers<PreprodCalls> {
  const { servers, jobs } = ctx
  return {
    'preprod:changes': async (req) => {
      const r = object(req)
      const server = sshServer(ctx, r, 'The at-risk scan works on an SSH server.')
      await servers.connect(server.id)
      const since = r.since === undefined ? undefined : integer(r, 'since', 0, 0)
      return atRiskChanges(servers.sshTarget(server.id), server.cmsRoot, since)
    },
    'preprod:save': async (req) => {
      const r = object(req)
      const server = sshServer(ctx, r, 'Saving at-risk changes works on an SSH server.')
      const paths = textList(r, 'paths')
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
      const to = join(downloadFolder(ctx.downloadsDir, server.name), `preprod-${stamp}`)
      const target = servers.sshTarget(server.id)
      return {
        job: jobs.start('preprod:save', (job) => saveFiles(target, server.cmsRoot, paths, to, job)),
        to,
      }
    },
  }
}
