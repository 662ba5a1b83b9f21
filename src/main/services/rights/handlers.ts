// The rights calls: the supervisor's reset (a job) and the audit of what the login cannot fix.
import type { RightsCalls } from '../../../shared/api'
import { integer, object, sshServer, type CallHandlers, type SessionContext } from '../platform'
import { auditRights, DEFAULT_RESET_TIMEOUT_SEC, resetRights } from './rights'

export function rightsHandlers(ctx: SessionContext): CallHandlers<RightsCalls> {
  const { servers, jobs } = ctx
  return {
    'rights:reset': async (req) => {
      const r = object(req)
      const server = sshServer(
        ctx,
        r,
        'The demo server has no supervisor: rights can only be reset on an SSH server.',
      )
      const target = servers.sshTarget(server.id)
      await target.connect()
      const timeoutMs = integer(r, 'timeoutSec', DEFAULT_RESET_TIMEOUT_SEC, 5, 3600) * 1000
      return {
        job: jobs.start('rights:reset', (job) =>
          resetRights(target, server.cmsRoot, job, { timeoutMs }),
        ),
      }
    },
    'rights:audit': async (req) => {
      const server = sshServer(
        ctx,
        object(req),
        'The demo server has no owners to audit: use an SSH server.',
      )
      const connected = await servers.connect(server.id)
      return auditRights(servers.sshTarget(server.id), server.cmsRoot, connected.tools)
    },
  }
}
