// Which web request most likely wrote a binlog event, from the requests and slow-log entries
// logged around it — or none: a direct connection (cron, CLI, another client). The evidence and
// the confidence are said, never hidden behind a single answer.
import type {
  CorrelatedRequest,
  CorrelatedRequests,
  CorrelatedSlowEntry,
} from '../../shared/binlog'

export type Confidence = 'high' | 'medium' | 'low'

export interface WriterVerdict {
  kind: 'request' | 'direct'
  confidence: Confidence
  /** The request most likely to have written it (kind 'request'). */
  request?: CorrelatedRequest
  /** Other requests that could have (several writes around the same second). */
  others: CorrelatedRequest[]
  /** A slow-log entry of the same script around the event: PHP was still running then. */
  slow?: CorrelatedSlowEntry
  /** Why, in order: codes the UI words. */
  evidence: WriterEvidence[]
}

export type WriterEvidence =
  | { code: 'write-request'; method: string; path: string; offsetSec: number }
  | { code: 'several-writes'; n: number }
  | { code: 'only-reads'; n: number }
  | { code: 'slow-entry'; script: string; offsetSec: number }
  | { code: 'no-request'; windowSec: number }
  | { code: 'logs-skipped'; logs: string[] }

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Whether a request could have run at the event's second: its log time is its start (HAProxy,
 * Apache) or its end (nginx), so it could have been running within its duration either side,
 * plus a second of rounding.
 */
function couldHaveRun(r: CorrelatedRequest): boolean {
  const span = Math.max(1, Math.ceil((r.durationMs ?? 1000) / 1000)) + 1
  return Math.abs(r.offsetSec) <= span
}

/** One request logged by several logs (HAProxy and nginx): kept once, the nearest line. */
function distinct(requests: CorrelatedRequest[]): CorrelatedRequest[] {
  const kept: CorrelatedRequest[] = []
  const sorted = [...requests].sort((a, b) => Math.abs(a.offsetSec) - Math.abs(b.offsetSec))
  for (const r of sorted) {
    const same = kept.some(
      (k) =>
        k.method === r.method &&
        k.path === r.path &&
        k.ip === r.ip &&
        Math.abs(k.offsetSec - r.offsetSec) <= 2,
    )
    if (!same) kept.push(r)
  }
  return kept
}

const scriptOf = (path: string): string => {
  const p = path.split('?')[0] ?? ''
  const name = p.slice(p.lastIndexOf('/') + 1)
  return name.endsWith('.php') ? name : 'index.php' // pretty URLs run the front controller
}

export function writerVerdict(around: CorrelatedRequests, windowSec: number): WriterVerdict {
  const evidence: WriterEvidence[] = []
  const possible = distinct(around.requests.filter(couldHaveRun))
  const writes = possible.filter((r) => WRITES.has(r.method.toUpperCase()))
  if (around.skipped.length > 0) evidence.push({ code: 'logs-skipped', logs: around.skipped })
  if (writes.length === 0) {
    if (possible.length > 0) evidence.unshift({ code: 'only-reads', n: possible.length })
    else evidence.unshift({ code: 'no-request', windowSec })
    // A page view can write (options, sessions, cron spawned by WordPress): reads lower the
    // confidence in "direct", they do not make a writer.
    return {
      kind: 'direct',
      confidence: around.skipped.length > 0 || possible.length > 0 ? 'low' : 'medium',
      others: possible,
      evidence,
    }
  }
  const [best, ...rest] = writes as [CorrelatedRequest, ...CorrelatedRequest[]]
  evidence.unshift({
    code: 'write-request',
    method: best.method,
    path: best.path,
    offsetSec: best.offsetSec,
  })
  if (rest.length > 0) evidence.push({ code: 'several-writes', n: writes.length })
  const slow = around.slow.find(
    (s) => s.script.endsWith(`/${scriptOf(best.path)}`) && Math.abs(s.offsetSec) <= windowSec,
  )
  if (slow) evidence.push({ code: 'slow-entry', script: slow.script, offsetSec: slow.offsetSec })
  const confidence: Confidence =
    rest.length > 0 ? 'low' : Math.abs(best.offsetSec) <= 1 || slow ? 'high' : 'medium'
  return {
    kind: 'request',
    confidence,
    request: best,
    others: rest,
    ...(slow ? { slow } : {}),
    evidence,
  }
}
