// The slow-log call: the slow logs analysed with the php-fpm master logs that name each request.
import type { SlowlogCalls } from '../../../shared/api'
import {
  object,
  readStats,
  targetSource,
  type ReadStats,
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
      const costs: ReadStats[] = []
      const slowlogs = sources(paths).map((s) => ({
        ...s,
        open: async () => {
          const stream = await s.open()
          stream.once('end', () => {
            const c = readStats(stream)
            if (c) costs.push(c)
          })
          return stream
        },
      }))
      const report = await analyzeSlowlogs(
        slowlogs,
        sources(kind('fpmLogs', 'php-fpm')),
        sources(kind('accessLogs', 'php-access')),
      )
      if (costs.length === 0) return report
      const sum = (k: 'bytes' | 'wireBytes' | 'ms'): number => costs.reduce((n, c) => n + c[k], 0)
      const method = costs.find((c) => c.method !== 'sftp')?.method ?? 'sftp'
      return {
        ...report,
        cost: { method, bytes: sum('bytes'), wireBytes: sum('wireBytes'), ms: sum('ms') },
      }
    },
  }
}
