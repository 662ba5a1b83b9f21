import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { createLineSplitter } from '../../core/line-splitter'
import {
  createSlowlogReader,
  parseFpmSlowWarning,
  type FpmSlowWarning,
  type SlowlogReader,
} from '../../core/php-fpm-slowlog'
import {
  createSlowlogAnalyzer,
  type SlowlogAnalyzer,
  type SlowlogPartial,
  type SlowlogReport,
} from '../../core/slowlog-analysis'
import { fromSystemError } from './errors'
import { partInWorker, splitPoint } from './file-parts'
import type { Target } from './target'

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

/** Feeds a source's lines to `onLine`, in bounded memory. */
export async function eachLine(
  source: Source,
  onLine: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const decoder = new StringDecoder('utf8')
  const splitter = createLineSplitter(onLine)
  await eachChunk(source, (chunk) => splitter.push(decoder.write(chunk)), signal)
  if (signal?.aborted) return
  splitter.push(decoder.end())
  splitter.end()
}

/** What the slow log worker is given. */
export interface SlowlogWorkerData {
  path: string
  start: number
  name: string
  warnings: FpmSlowWarning[]
  maxRequests?: number
}

/** Feeds one slow log to a reader, answering its problems with the file's name. */
function readerFor(analyzer: SlowlogAnalyzer, name: string): SlowlogReader {
  return createSlowlogReader({
    entry: (e) => analyzer.entry(e),
    issue: (i) => analyzer.issue({ ...i, message: `${name}: ${i.message}` }),
  })
}

/**
 * Parses slow logs (and, first, the php-fpm master logs that name each slow request) into one
 * report. Several pools and rotated `.gz` files may be mixed. With `worker` (the built worker
 * script), a big local file is read by two threads, each half on its own core.
 */
export async function analyzeSlowlogs(
  slowlogs: Source[],
  fpmLogs: Source[] = [],
  options: {
    maxRequests?: number
    signal?: AbortSignal
    /** The built worker script: big local files are then read by two threads. */
    worker?: string
    /** Size from which a local file is split between two threads (32 MB). */
    splitMinBytes?: number
  } = {},
): Promise<SlowlogReport> {
  const limits = options.maxRequests ? { maxRequests: options.maxRequests } : {}
  const analyzer = createSlowlogAnalyzer(limits)
  const warnings: FpmSlowWarning[] = []
  for (const fpm of fpmLogs) {
    await eachLine(
      fpm,
      (line) => {
        const w = parseFpmSlowWarning(line)
        if (w) warnings.push(w)
      },
      options.signal,
    )
  }
  for (const w of warnings) analyzer.warning(w)
  for (const slow of slowlogs) {
    const reader = readerFor(analyzer, slow.name)
    const path = slow.path
    // An entry starts with its header after a blank line.
    const split = path
      ? await splitPoint(path, {
          ...(options.worker ? { worker: options.worker } : {}),
          ...(options.splitMinBytes ? { minBytes: options.splitMinBytes } : {}),
          boundary: '\n\n[',
          skip: 2,
        })
      : null
    if (path && split !== null && options.worker) {
      const second = partInWorker<SlowlogPartial>(
        options.worker,
        { kind: 'slowlog', path, start: split, name: slow.name, warnings, ...limits },
        slow.name,
        options.signal,
      )
      const first: Source = {
        name: slow.name,
        open: async () => createReadStream(path, { end: split - 1, highWaterMark: 1 << 20 }),
      }
      await eachChunk(first, (chunk) => reader.push(chunk), options.signal)
      reader.end()
      if (options.signal?.aborted) break
      analyzer.merge(await second, reader.lines)
      continue
    }
    await eachChunk(slow, (chunk) => reader.push(chunk), options.signal)
    reader.end()
  }
  return analyzer.result()
}

/** The worker's side: analyses its part of the file and answers with the counts. */
export async function slowlogWorkerPart(data: SlowlogWorkerData): Promise<SlowlogPartial> {
  const analyzer = createSlowlogAnalyzer(data.maxRequests ? { maxRequests: data.maxRequests } : {})
  for (const w of data.warnings) analyzer.warning(w)
  const reader = readerFor(analyzer, data.name)
  for await (const chunk of createReadStream(data.path, {
    start: data.start,
    highWaterMark: 1 << 20,
  }))
    reader.push(chunk as Buffer)
  reader.end()
  return analyzer.partial()
}
