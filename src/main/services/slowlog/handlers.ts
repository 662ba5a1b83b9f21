// The slow-log call: the slow logs analysed with the php-fpm master logs that name each request.
import type { SlowlogCalls } from '../../../shared/api'
import {
  costedSources,
  object,
  targetSource,
  text,
  textList,
  type CallHandlers,
  type SessionContext,
} from '../platform'
import { discoverLogs } from '../logs'
import { analyzeSlowlogs } from './slowlog'

export function slowlogHandlers(ctx: SessionContext): CallHandlers<SlowlogCalls> {
  return {
    'slowlog:analyze': async (req) => {
      const r = object(req)
      const target = ctx.servers.target(text(r, 'server'))
      const paths = textList(r, 'paths')
      // The php-fpm master logs name each slow request, the pools' access logs time it: found
      // under /var/log unless given.
      const found =
        r.fpmLogs === undefined || r.accessLogs === undefined
          ? await discoverLogs(target).catch(() => [])
          : []
      const kind = (name: 'fpmLogs' | 'accessLogs', k: string): string[] =>
        r[name] !== undefined
          ? textList(r, name, true)
          : found.filter((l) => l.kind === k).map((l) => l.path)
      const sources = (list: string[]) => list.map((p) => targetSource(target, p))
      // What reading the slow logs themselves cost over the link, summed over the files.
      const slowlogs = costedSources(sources(paths))
      const report = await analyzeSlowlogs(
        slowlogs.sources,
        sources(kind('fpmLogs', 'php-fpm')),
        sources(kind('accessLogs', 'php-access')),
      )
      const cost = slowlogs.cost()
      return cost ? { ...report, cost } : report
    },
  }
}
