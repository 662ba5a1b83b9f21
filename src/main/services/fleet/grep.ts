// Fleet search (issue #22): a text or a pattern in the logs a path pattern names, across servers —
// each server's own window of those logs (the timeline's seek-by-time readers, its store's text
// filter), the matches of all merged by time by the caller, a server field on each.
import type { FleetGrepResult, ServerInfo } from '../../../shared/api'
import { classifyLogPath } from '../../../core/logs'
import { wildcard } from '../../../core/text'
import { NO_FILTER } from '../../../core/timeline'
import type { ServerRegistry } from '../platform'
import { buildTimeline, discover } from '../timeline'
import { eachServer, type FleetRunOptions } from './each-server'

/** Matches kept per server (the total is always said). */
export const FLEET_GREP_LIMIT = 10_000

/** What a fleet search looks for, where and when (epoch ms). */
export interface FleetGrepQuery {
  text: string
  regex: boolean
  log: string
  from: number
  to: number
}

/** A path pattern (`*` any part of a name) as a regular expression. */
export function logPattern(glob: string): RegExp {
  return wildcard(glob, '[^/]*')
}

async function grepServer(
  servers: ServerRegistry,
  info: ServerInfo,
  q: FleetGrepQuery,
): Promise<FleetGrepResult> {
  const began = performance.now()
  const target = servers.sshTarget(info.id)
  await target.connect()
  const found = discover(target)
  const pattern = logPattern(q.log)
  const sources = [
    ...new Set(
      (await found).logs
        .map((l) => classifyLogPath(l.path).base)
        .filter((base) => pattern.test(base)),
    ),
  ]
  const result: FleetGrepResult = {
    server: info.name,
    id: info.id,
    ok: true,
    records: [],
    total: 0,
    sources,
    ms: 0,
  }
  if (sources.length) {
    const built = await buildTimeline(
      target,
      { from: q.from, to: q.to, sources, limit: 0 },
      undefined,
      found,
    )
    try {
      const failed = built.timeline.sources.find((s) => s.error)
      if (failed) throw new Error(`${failed.path}: ${failed.error}`)
      const rows = built.store.rows(
        { ...NO_FILTER, text: q.text, regex: q.regex },
        0,
        FLEET_GREP_LIMIT,
      )
      result.records = rows.rows.map(({ id: _id, ...r }) => r)
      result.total = rows.total
    } finally {
      built.store.close()
    }
  }
  result.ms = Math.round(performance.now() - began)
  return result
}

/** The search on each server, a few at once, each result given as it comes. */
export function fleetGrep(
  servers: ServerRegistry,
  chosen: readonly ServerInfo[],
  q: FleetGrepQuery,
  onResult: (r: FleetGrepResult) => void,
  o: FleetRunOptions = {},
): Promise<FleetGrepResult[]> {
  return eachServer(
    chosen,
    (info) => grepServer(servers, info, q),
    (info, err, ms) => ({
      server: info.name,
      id: info.id,
      ok: false,
      error: err.message,
      records: [],
      total: 0,
      sources: [],
      ms,
    }),
    onResult,
    o,
  )
}
