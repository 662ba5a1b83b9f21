// The fleet calls: the overview of every SSH server (or a group's), a search of their logs and
// the binlog finder across them, each as a job of one result per server.
import type { FleetCalls } from '../../../shared/fleet'
import { changeFilter } from '../binlog'
import type { SnapshotStore } from '../schema'
import { textPattern } from '../../../core/timeline'
import {
  flag,
  integer,
  object,
  optionalText,
  text,
  type CallHandlers,
  type Fields,
  type SessionContext,
  ServiceError,
} from '../platform'
import { FLEET_CONCURRENCY, FLEET_TIMEOUT_SEC, type FleetRunOptions } from './each-server'
import { fleetBinlog } from './binlog'
import { fleetGrep } from './grep'
import { fleetOverview } from './overview'

export function fleetHandlers(
  ctx: SessionContext,
  snapshots: SnapshotStore,
): CallHandlers<FleetCalls> {
  const { servers, jobs } = ctx
  /** The SSH servers of the request's group (all when none), and how to run across them. */
  const across = (r: Fields) => {
    const group = optionalText(r, 'group', 64)
    return {
      chosen: servers
        .list()
        .filter((s) => s.kind === 'ssh' && (group === undefined || s.group === group)),
      run: {
        concurrency: integer(r, 'concurrency', FLEET_CONCURRENCY, 1, 64),
        timeoutSec: integer(r, 'timeoutSec', FLEET_TIMEOUT_SEC, 1, 3600),
      } satisfies FleetRunOptions,
    }
  }
  return {
    'fleet:overview': async (req) => {
      const { chosen, run } = across(object(req))
      const job = jobs.start('fleet:overview', async (job) => {
        await fleetOverview(servers, snapshots, chosen, (row) => job.push(row), {
          ...run,
          signal: job.signal,
        })
      })
      return { job, servers: chosen.map((s) => s.name) }
    },
    'fleet:grep': async (req) => {
      const r = object(req)
      const { chosen, run } = across(r)
      const q = {
        text: text(r, 'text', 1000),
        regex: flag(r, 'regex', false),
        log: text(r, 'log', 1000),
        from: integer(r, 'from', 0, 0, 8.64e15),
        to: integer(r, 'to', 0, 0, 8.64e15),
      }
      const pattern = q.regex ? textPattern(q.text) : null
      if (typeof pattern === 'string') throw new ServiceError('BAD_REQUEST', pattern)
      const job = jobs.start('fleet:grep', async (job) => {
        await fleetGrep(servers, chosen, q, (res) => job.push(res), { ...run, signal: job.signal })
      })
      return { job, servers: chosen.map((s) => s.name) }
    },
    'fleet:binlog': async (req) => {
      const r = object(req)
      const { chosen, run } = across(r)
      const filter = changeFilter(r)
      if (filter.fromPos !== undefined || filter.toPos !== undefined || filter.gtid !== undefined)
        throw new ServiceError(
          'BAD_REQUEST',
          'Positions and GTIDs belong to one server: search them in its own Binlogs screen.',
        )
      const job = jobs.start('fleet:binlog', async (job) => {
        await fleetBinlog(servers, chosen, filter, (res) => job.push(res), {
          ...run,
          signal: job.signal,
        })
      })
      return { job, servers: chosen.map((s) => s.name) }
    },
  }
}
