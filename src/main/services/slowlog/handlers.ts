// The slow-log call: the slow logs analysed with the php-fpm master logs that name each request.
import type { SlowlogCalls } from '../../../shared/api'
import {
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
      // The php-fpm master logs name each slow request: found under /var/log unless given.
      const fpmLogs =
        r.fpmLogs !== undefined
          ? textList(r, 'fpmLogs', true)
          : (await discoverLogs(target).catch(() => []))
              .filter((l) => l.kind === 'php-fpm')
              .map((l) => l.path)
      return analyzeSlowlogs(
        paths.map((p) => targetSource(target, p)),
        fpmLogs.map((p) => targetSource(target, p)),
      )
    },
  }
}
