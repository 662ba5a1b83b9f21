// The timeline calls: its sources on a server, and a window of them merged by time.
import { TIMELINE_KINDS, type TimelineCalls, type TimelineKind } from '../../../shared/timeline'
import {
  integer,
  object,
  ServiceError,
  text,
  type CallHandlers,
  type SessionContext,
} from '../platform'
import { buildTimeline, TIMELINE_LIMIT, timelineSources } from './timeline'

/** A list of short texts, or none. */
function texts(r: Record<string, unknown>, key: string, max = 200): string[] {
  const v = r[key]
  if (v === undefined || v === null) return []
  if (
    !Array.isArray(v) ||
    v.length > max ||
    v.some((x) => typeof x !== 'string' || x.length > 4096)
  )
    throw new ServiceError('BAD_REQUEST', `${key}: a list of paths was expected.`)
  return v as string[]
}

export function timelineHandlers(ctx: SessionContext): CallHandlers<TimelineCalls> {
  const { servers, settings } = ctx
  return {
    'timeline:sources': async (req) => timelineSources(servers.target(text(object(req), 'server'))),
    'timeline:build': async (req) => {
      const r = object(req)
      const kinds = texts(r, 'kinds', 10)
      const bad = kinds.find((k) => !TIMELINE_KINDS.includes(k as TimelineKind))
      if (bad)
        throw new ServiceError(
          'BAD_REQUEST',
          `kinds: "${bad}" is not one of ${TIMELINE_KINDS.join(', ')}.`,
        )
      return buildTimeline(servers.target(text(r, 'server')), {
        from: integer(r, 'from', 0, 0, 8.64e15),
        to: integer(r, 'to', 0, 0, 8.64e15),
        sources: texts(r, 'sources'),
        kinds: kinds as TimelineKind[],
        limit: integer(r, 'limit', TIMELINE_LIMIT, 1, 1_000_000),
        custom: (await settings.get()).logFormats,
      })
    },
  }
}
