// Byte sources (a server file, a local one for the CLI) read in bounded memory, and a big local
// file read by two threads: the main thread reads the first part while a worker reads the
// second and answers with its counts (merged by the caller).
import { createReadStream, existsSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import { Worker } from 'node:worker_threads'
import { createGunzip } from 'node:zlib'
import { createLineSplitter } from '../../../core/text'
import { fromSystemError } from './errors'
import type { Target } from './target'
import type { PartReply } from '../../workers/protocol'
import type { ReadCost } from '../../../shared/logs'
import { readStats } from './remote-read'

/** A named byte source: a server file, or a local one for the CLI. */
export interface Source {
  name: string
  open(): Promise<Readable>
  /** The file's path when it is local (it can then be read in parts, by several threads). */
  path?: string
}

export function localSource(path: string): Source {
  return {
    name: path,
    path,
    open: async () => createReadStream(path, { highWaterMark: 1 << 20 }),
  }
}

export function targetSource(target: Target, path: string): Source {
  return { name: path, open: () => target.readStream(path) }
}

/**
 * `sources` whose reads say what they cost over the link, summed over the files once read (the
 * UI shows bytes, bytes on the wire, throughput); undefined for local files (the demo).
 */
export function costedSources(sources: Source[]): {
  sources: Source[]
  cost(): ReadCost | undefined
} {
  const costs: ReadCost[] = []
  return {
    sources: sources.map((s) => ({
      ...s,
      open: async () => {
        const stream = await s.open()
        stream.once('end', () => {
          const c = readStats(stream)
          if (c) costs.push(c)
        })
        return stream
      },
    })),
    cost: () => {
      if (costs.length === 0) return undefined
      const sum = (k: 'bytes' | 'wireBytes' | 'ms'): number => costs.reduce((n, c) => n + c[k], 0)
      const method = costs.find((c) => c.method !== 'sftp')?.method ?? 'sftp'
      return { method, bytes: sum('bytes'), wireBytes: sum('wireBytes'), ms: sum('ms') }
    },
  }
}

/** Opens a source (gunzipped when named `.gz`). */
async function openSource(source: Source): Promise<Readable> {
  let stream: Readable
  try {
    stream = await source.open()
  } catch (err) {
    throw fromSystemError(err, source.name)
  }
  return source.name.endsWith('.gz') ? stream.pipe(createGunzip()) : stream
}

/** Feeds a source's chunks to `onChunk`, in bounded memory; stops when `signal` aborts. */
export async function eachChunk(
  source: Source,
  onChunk: (chunk: Buffer) => void,
  signal?: AbortSignal,
): Promise<void> {
  const stream = await openSource(source)
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) {
        stream.destroy()
        return
      }
      onChunk(chunk as Buffer)
    }
  } catch (err) {
    throw fromSystemError(err, source.name)
  }
}

/**
 * Bytes to whole lines for `onLine`: UTF-8 decoded (a character cut between two chunks kept
 * whole), LF or CRLF. `write` each chunk, then `end` for the last line.
 */
export function lineDecoder(onLine: (line: string) => void): {
  write(chunk: Buffer): void
  end(): void
} {
  const decoder = new StringDecoder('utf8')
  const splitter = createLineSplitter(onLine)
  return {
    write: (chunk) => splitter.push(decoder.write(chunk)),
    end: () => {
      splitter.push(decoder.end())
      splitter.end()
    },
  }
}

/** Feeds a source's lines to `onLine`, in bounded memory. */
export async function eachLine(
  source: Source,
  onLine: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const lines = lineDecoder(onLine)
  await eachChunk(source, (chunk) => lines.write(chunk), signal)
  if (signal?.aborted) return
  lines.end()
}

/** Below this size a local file is read by one thread (a worker costs ~50 ms to start). */
export const SPLIT_MIN_BYTES = 32 << 20

/** What the analysis worker is asked (workers/protocol.ts has the kinds): plain data. */
export type PartRequestData = { kind: string; [field: string]: unknown }

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
  request: PartRequestData,
  name: string,
  signal?: AbortSignal,
  /** Stopped past this, with this error (a user's pattern that never ends, say). */
  limit?: { ms: number; error: () => Error },
): Promise<T> {
  const worker = new Worker(workerPath, { workerData: request })
  const stop = (): void => void worker.terminate()
  signal?.addEventListener('abort', stop)
  let timer: NodeJS.Timeout | undefined
  const answer = new Promise<T>((resolve, reject) => {
    if (limit)
      timer = setTimeout(() => {
        reject(limit.error())
        void worker.terminate()
      }, limit.ms)
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
    clearTimeout(timer)
    signal?.removeEventListener('abort', stop)
    void worker.terminate()
  })
  answer.catch(() => undefined) // awaited by the caller, after its own part; not unhandled meanwhile
  return answer
}

/**
 * Feeds a source's chunks to `onChunk`. A big local file (see splitPoint) is cut in two: the
 * first part is read here while the worker reads the second (`request` for its start) and
 * answers with its counts, returned for the caller to merge; null when read whole here (or
 * cancelled).
 */
export async function readInParts<T>(
  source: Source,
  onChunk: (chunk: Buffer) => void,
  options: {
    worker?: string | undefined
    minBytes?: number | undefined
    signal?: AbortSignal | undefined
    /** Where a part may start: after `boundary`, `skip` bytes into it. */
    boundary: string
    skip: number
    request: (path: string, start: number) => PartRequestData
  },
): Promise<T | null> {
  const path = source.path
  const split = path
    ? await splitPoint(path, {
        ...(options.worker ? { worker: options.worker } : {}),
        ...(options.minBytes ? { minBytes: options.minBytes } : {}),
        boundary: options.boundary,
        skip: options.skip,
      })
    : null
  if (!path || split === null || !options.worker) {
    await eachChunk(source, onChunk, options.signal)
    return null
  }
  const second = partInWorker<T>(
    options.worker,
    options.request(path, split),
    source.name,
    options.signal,
  )
  await eachChunk(partSource(path, 0, split), onChunk, options.signal)
  return options.signal?.aborted ? null : await second
}

/** The bytes [start, end) of a local file (to its end without `end`), as a source. */
export function partSource(path: string, start: number, end?: number): Source {
  return {
    name: path,
    open: async () =>
      createReadStream(path, {
        start,
        ...(end !== undefined ? { end: end - 1 } : {}),
        highWaterMark: 1 << 20,
      }),
  }
}
