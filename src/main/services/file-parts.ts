// A big local file read by two threads: the main thread reads the first part while a worker
// reads the second, and the worker answers with its counts (merged by the caller).
import { existsSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { Worker } from 'node:worker_threads'
import { fromSystemError } from './errors'

/** Below this size a local file is read by one thread (a worker costs ~50 ms to start). */
export const SPLIT_MIN_BYTES = 32 << 20

/** What the analysis worker is asked: which analysis, on which part of which file. */
export type PartRequest =
  | ({ kind: 'slowlog' } & import('./slowlog').SlowlogWorkerData)
  | ({ kind: 'access' } & import('./access-stats').AccessWorkerData)

export type PartReply<T> = { partial: T } | { error: string; code?: string }

/**
 * Where a local file can be cut in two: the first place near its middle where `boundary`
 * (searched for in its bytes) is found, plus `skip` bytes; null for a small file, a compressed
 * one, or none found.
 */
export async function splitPoint(
  path: string,
  options: { worker?: string; minBytes?: number; boundary: string; skip: number },
): Promise<number | null> {
  if (!options.worker || path.endsWith('.gz') || !existsSync(options.worker)) return null
  const handle = await open(path, 'r').catch(() => null)
  if (!handle) return null // the reading itself will say what is wrong with the file
  try {
    const { size } = await handle.stat()
    if (size < (options.minBytes ?? SPLIT_MIN_BYTES)) return null
    const probe = Buffer.alloc(1 << 18)
    const from = Math.floor(size / 2)
    const { bytesRead } = await handle.read(probe, 0, probe.length, from)
    const at = probe.subarray(0, bytesRead).indexOf(options.boundary)
    return at < 0 ? null : from + at + options.skip
  } catch {
    return null
  } finally {
    await handle.close()
  }
}

/** Runs one part in the worker thread; its errors are the file's (named `name`). */
export function partInWorker<T>(
  workerPath: string,
  request: PartRequest,
  name: string,
  signal?: AbortSignal,
): Promise<T> {
  const worker = new Worker(workerPath, { workerData: request })
  const stop = (): void => void worker.terminate()
  signal?.addEventListener('abort', stop)
  const answer = new Promise<T>((resolve, reject) => {
    worker.once('message', (reply: PartReply<T>) => {
      if ('partial' in reply) resolve(reply.partial)
      else {
        const err = Object.assign(new Error(reply.error), reply.code ? { code: reply.code } : {})
        reject(fromSystemError(err, name))
      }
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`The analysis worker stopped (code ${code}).`)))
  }).finally(() => {
    signal?.removeEventListener('abort', stop)
    void worker.terminate()
  })
  answer.catch(() => undefined) // awaited by the caller, after its own part; not unhandled meanwhile
  return answer
}
