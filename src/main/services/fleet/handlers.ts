// The fleet calls: the overview of every SSH server (or a group's) as a job of rows.
import type { FleetCalls } from '../../../shared/fleet'
import { integer, object, optionalText, type CallHandlers, type SessionContext } from '../platform'
import { FLEET_CONCURRENCY, FLEET_TIMEOUT_SEC, fleetOverview } from './overview'

export function fleetHandlers(ctx: SessionContext): CallHandlers<FleetCalls> {
  const { servers, jobs } = ctx
  return {
    'fleet:overview': async (req) => {
      const r = object(req)
      const group = optionalText(r, 'group', 64)
      const chosen = servers
        .list()
        .filter((s) => s.kind === 'ssh' && (group === undefined || s.group === group))
      const concurrency = integer(r, 'concurrency', FLEET_CONCURRENCY, 1, 64)
      const timeoutSec = integer(r, 'timeoutSec', FLEET_TIMEOUT_SEC, 1, 3600)
      const job = jobs.start('fleet:overview', async (job) => {
        await fleetOverview(servers, chosen, (row) => job.push(row), {
          concurrency,
          timeoutSec,
          signal: job.signal,
        })
      })
      return { job, servers: chosen.map((s) => s.name) }
    },
  }
}
