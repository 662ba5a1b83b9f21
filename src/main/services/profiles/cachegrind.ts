import { existsSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { Worker } from 'node:worker_threads'
import { createGunzip } from 'node:zlib'
import {
  createCachegrindParser,
  ProfileFormatError,
  type ProfileModel,
} from '../../../core/profiles'
import { toProfileView, type ProfileViewCore } from '../../../core/profiles'
import type { ProfileWorkerReply, ProfileWorkerRequest } from '../../workers/protocol'
import { fromSystemError, ServiceError } from '../platform'
import type { Source } from '../platform'

const GZIP_MAGIC = [0x1f, 0x8b]

/**
 * Yields the bytes of a profile, gunzipped when it is gzip (Xdebug 3.1+ writes `.gz` by
 * default when built with zlib; the magic bytes decide, not the name).
 */
async function* profileBytes(source: Source, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  let stream: Readable
  try {
    stream = await source.open()
  } catch (err) {
    throw fromSystemError(err, source.name)
  }
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  let first: IteratorResult<Buffer>
  try {
    first = await iterator.next()
  } catch (err) {
    throw fromSystemError(err, source.name)
  }
  if (first.done) return
  const head = first.value
  const gzip = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]
  try {
    if (!gzip) {
      yield head
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
        if (signal?.aborted) break
        yield r.value
      }
      return
    }
    const gunzip = createGunzip()
    const feed = async (): Promise<void> => {
      try {
        gunzip.write(head)
        for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
          if (signal?.aborted) break
          if (!gunzip.write(r.value)) await new Promise((ok) => gunzip.once('drain', ok))
        }
        gunzip.end()
      } catch (err) {
        gunzip.destroy(err as Error)
      }
    }
    void feed()
    for await (const chunk of gunzip) yield chunk as Buffer
  } catch (err) {
    throw fromSystemError(err, source.name)
  } finally {
    stream.destroy()
  }
}

/** A corrupt profile, parsed here or in the worker: the message names the line. */
function badProfile(name: string, message: string, line: number | undefined): ServiceError {
  return new ServiceError('BAD_FORMAT', `${name}: not a readable Xdebug profile: ${message}.`, {
    line: String(line),
  })
}

function formatError(err: unknown, name: string): ServiceError {
  if (err instanceof ProfileFormatError) return badProfile(name, err.message, err.line)
  return fromSystemError(err, name)
}

/** Parses a profile on this thread (the CLI, and tests). */
export async function parseProfile(source: Source, signal?: AbortSignal): Promise<ProfileModel> {
  const parser = createCachegrindParser()
  try {
    for await (const chunk of profileBytes(source, signal)) parser.push(chunk)
    if (signal?.aborted) throw new ServiceError('CANCELLED', 'Cancelled.')
    return parser.end()
  } catch (err) {
    throw formatError(err, source.name)
  }
}

export interface ParsedProfile {
  view: ProfileViewCore
  parseMs: number
}

/** Bytes posted to the worker and not parsed yet: reading waits above this. */
const IN_FLIGHT = 16 * 1024 * 1024

/**
 * Parses a profile in a worker thread (so the server's other calls keep flowing while a
 * 250 MB file is read), fed with the bytes read here from the server. Without the built
 * worker (running from sources), it parses on this thread.
 */
export async function parseProfileView(
  source: Source,
  workerPath: string | null,
  signal?: AbortSignal,
): Promise<ParsedProfile> {
  const started = performance.now()
  if (!workerPath || !existsSync(workerPath)) {
    const model = await parseProfile(source, signal)
    return { view: toProfileView(model), parseMs: performance.now() - started }
  }
  const worker = new Worker(workerPath)
  let inFlight = 0
  let drained: (() => void) | null = null
  let answered = false
  const reply = new Promise<Exclude<ProfileWorkerReply, { ack: number }>>((resolve, reject) => {
    worker.on('message', (msg: ProfileWorkerReply) => {
      if ('ack' in msg) {
        inFlight -= msg.ack
        if (inFlight < IN_FLIGHT / 2 && drained) drained()
        return
      }
      answered = true
      drained?.()
      resolve(msg)
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      answered = true
      drained?.()
      reject(new ServiceError('INTERNAL', `the profile parser stopped (exit code ${code}).`))
    })
  })
  reply.catch(() => undefined)
  try {
    try {
      for await (const chunk of profileBytes(source, signal)) {
        if (answered) break // a corrupt line answers early
        const copy = new Uint8Array(chunk) // its own buffer, moved to the worker
        inFlight += copy.length
        worker.postMessage({ chunk: copy } satisfies ProfileWorkerRequest, [copy.buffer])
        if (inFlight > IN_FLIGHT && !answered) {
          await new Promise<void>((ok) => (drained = ok))
          drained = null
        }
      }
    } catch (err) {
      throw formatError(err, source.name)
    }
    if (signal?.aborted) throw new ServiceError('CANCELLED', 'Cancelled.')
    if (!answered) worker.postMessage({ end: true } satisfies ProfileWorkerRequest)
    const result = await reply
    if ('error' in result) {
      const e = result.error
      throw e.format
        ? badProfile(source.name, e.message, e.line)
        : new ServiceError('INTERNAL', `${source.name}: ${e.message}`)
    }
    return { view: result.view, parseMs: performance.now() - started }
  } finally {
    void worker.terminate()
  }
}
