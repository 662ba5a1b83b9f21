// The logs calls: discovery, exploration, search over the rotations, the live tail.
import type { LogsCalls } from '../../../shared/api'
import {
  flag,
  integer,
  object,
  optionalText,
  text,
  type CallHandlers,
  type SessionContext,
} from '../platform'
import { exploreLog } from './explore'
import { discoverLogs, prepareTail, runSearch, runTail } from './logs'
import { logWindow } from './window'

export function logsHandlers(ctx: SessionContext): CallHandlers<LogsCalls> {
  const { servers, settings, jobs } = ctx
  return {
    'logs:discover': async (req) => discoverLogs(servers.target(text(object(req), 'server'))),
    'logs:explore': async (req) => {
      const r = object(req)
      const format = optionalText(r, 'format', 100)
      return exploreLog(
        servers.target(text(r, 'server')),
        text(r, 'path'),
        integer(r, 'mb', 16, 1, 256) << 20,
        {
          custom: (await settings.get()).logFormats,
          ...(format ? { format } : {}),
          ...(ctx.partWorker ? { worker: ctx.partWorker } : {}),
        },
      )
    },
    'logs:window': async (req) => {
      const r = object(req)
      return logWindow(
        servers.target(text(r, 'server')),
        text(r, 'path'),
        integer(r, 'at', 0, 0, 8.64e15),
        integer(r, 'minutes', 5, 1, 24 * 60),
      )
    },
    'logs:search': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const search = {
        path: text(r, 'path'),
        pattern: text(r, 'pattern', 4096),
        fixed: flag(r, 'fixed', true),
        ignoreCase: flag(r, 'ignoreCase', false),
      }
      return { job: jobs.start('logs:search', (job) => runSearch(target, search, job)) }
    },
    'tail:start': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const tail = {
        server: text(r, 'server'),
        path: text(r, 'path'),
        lines: integer(r, 'lines', 1000, 0, 1_000_000),
        follow: flag(r, 'follow', true),
      }
      await prepareTail(target, tail)
      return { job: jobs.start('tail:start', (job) => runTail(target, tail, job)) }
    },
  }
}
