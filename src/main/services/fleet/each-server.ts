// What every fleet query does: a capability's query on each server, a few at once, each within a
// time limit, each result given as it comes; a server that fails gets a result saying why and
// never holds the others back (DESIGN: a fleet query is a capability's query per server).
import type { ServerInfo } from '../../../shared/api'
import { ServiceError } from '../platform'

export const FLEET_CONCURRENCY = 8
export const FLEET_TIMEOUT_SEC = 60

export interface FleetRunOptions {
  /** Servers asked at once (8). */
  concurrency?: number
  /** Seconds a server may take (60). */
  timeoutSec?: number
  signal?: AbortSignal
}

/** `work` within `seconds`, or a ServiceError saying it did not answer. */
function within<T>(work: Promise<T>, seconds: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ServiceError('TIMEOUT', `${name} did not answer within ${seconds} s.`)),
      seconds * 1000,
    )
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

/**
 * `query` on each server, `concurrency` at once; a failure (or the time limit) becomes the
 * result `failed` makes of it. Each result goes to `onResult` as it comes; all are returned.
 */
export async function eachServer<R>(
  chosen: readonly ServerInfo[],
  query: (info: ServerInfo) => Promise<R>,
  failed: (info: ServerInfo, err: Error, ms: number) => R,
  onResult: (r: R) => void,
  o: FleetRunOptions = {},
): Promise<R[]> {
  const timeout = o.timeoutSec ?? FLEET_TIMEOUT_SEC
  const results: R[] = []
  const queue = [...chosen]
  const worker = async (): Promise<void> => {
    for (let s = queue.shift(); s && !o.signal?.aborted; s = queue.shift()) {
      const info = s
      const began = performance.now()
      const r = await within(query(info), timeout, info.name).catch((err: Error) =>
        failed(info, err, Math.round(performance.now() - began)),
      )
      results.push(r)
      onResult(r)
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(o.concurrency ?? FLEET_CONCURRENCY, queue.length) }, worker),
  )
  return results
}
