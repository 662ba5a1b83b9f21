// The timeline calls: its sources on a server, a window of them merged by time (kept in main,
// this session's), pages of the rows a filter keeps, key jumps, follow.
import {
  TIMELINE_KINDS,
  type TimelineCalls,
  type TimelineFilter,
  type TimelineJump,
  type TimelineKind,
} from '../../../shared/timeline'
import { textPattern } from '../../../core/timeline'
import {
  flag,
  integer,
  object,
  oneOf,
  optionalText,
  ServiceError,
  text,
  type CallHandlers,
  type Fields,
  type SessionContext,
} from '../platform'
import {
  buildTimeline,
  followTimeline,
  TIMELINE_LIMIT,
  timelineSources,
  type BuiltTimeline,
} from './timeline'

/** Timelines a session keeps (the one on screen, the one being built): older ones are closed. */
const KEPT = 3

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

/** A list filter as the view sends it, checked. */
function filterOf(req: Fields): TimelineFilter {
  const f = object(req.filter)
  const narrow = f.narrow
  if (
    narrow !== undefined &&
    narrow !== null &&
    !(Array.isArray(narrow) && narrow.length === 2 && narrow.every((x) => Number.isFinite(x)))
  )
    throw new ServiceError('BAD_REQUEST', 'filter.narrow: two epoch milliseconds were expected.')
  const status = f.status ?? null
  if (status !== null && ![1, 2, 3, 4, 5].includes(status as number))
    throw new ServiceError('BAD_REQUEST', 'filter.status: a status class from 1 to 5 was expected.')
  const words = optionalText(f, 'text', 1000) ?? ''
  const regex = flag(f, 'regex', false)
  const pattern = regex && words.trim() ? textPattern(words.trim()) : null
  if (typeof pattern === 'string') throw new ServiceError('BAD_REQUEST', pattern)
  return {
    text: words,
    regex,
    problems: flag(f, 'problems', false),
    status: status as number | null,
    level:
      (f.level === null ? undefined : oneOf(f, 'level', ['warning', 'error'] as const)) ?? null,
    table: optionalText(f, 'table', 200) ?? '',
    hidden: texts(f, 'hidden'),
    narrow: (narrow as [number, number] | null | undefined) ?? null,
  }
}

export function timelineHandlers(ctx: SessionContext): {
  handlers: CallHandlers<TimelineCalls>
  dispose(): void
} {
  const { servers, settings } = ctx
  const built = new Map<string, BuiltTimeline & { server: string }>()
  const get = (r: Fields): BuiltTimeline & { server: string } => {
    const t = built.get(text(r, 'id', 100))
    if (!t)
      throw new ServiceError('NOT_FOUND', 'This timeline is no longer kept: show its window again.')
    return t
  }
  const keep = (t: BuiltTimeline, server: string): void => {
    built.set(t.timeline.id, { ...t, server })
    while (built.size > KEPT) {
      const [oldest, old] = built.entries().next().value!
      old.store.close()
      built.delete(oldest)
    }
  }
  const handlers: CallHandlers<TimelineCalls> = {
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
      const server = text(r, 'server')
      const t = await buildTimeline(servers.target(server), {
        from: integer(r, 'from', 0, 0, 8.64e15),
        to: integer(r, 'to', 0, 0, 8.64e15),
        sources: texts(r, 'sources'),
        kinds: kinds as TimelineKind[],
        limit: integer(r, 'limit', TIMELINE_LIMIT, 0, 1_000_000),
        custom: (await settings.get()).logFormats,
      })
      keep(t, server)
      return t.timeline
    },
    'timeline:rows': async (req) => {
      const r = object(req)
      return get(r).store.rows(
        filterOf(r),
        integer(r, 'start', 0, 0),
        integer(r, 'count', 100, 0, 5000),
      )
    },
    'timeline:jump': async (req) => {
      const r = object(req)
      const to = oneOf(r, 'to', ['any', 'error', '5xx', 'write', 'slow'] as const)
      if (!to)
        throw new ServiceError('BAD_REQUEST', '"to" must be one of any, error, 5xx, write, slow.')
      return get(r).store.jump(
        filterOf(r),
        integer(r, 'from', -1, -1),
        to as TimelineJump,
        flag(r, 'backwards', false),
      )
    },
    'timeline:follow': async (req) => {
      const t = get(object(req))
      return followTimeline(servers.target(t.server), t, Date.now())
    },
    'timeline:close': async (req) => {
      const r = object(req)
      const t = built.get(text(r, 'id', 100))
      t?.store.close()
      built.delete(text(r, 'id', 100))
      return null
    },
  }
  return {
    handlers,
    dispose: () => {
      for (const t of built.values()) t.store.close()
      built.clear()
    },
  }
}
