// `twb logs stats` on access logs: counts read on the files' bytes, a big local file by two
// threads (one per core), compressed rotations read through gunzip.
import {
  ACCESS_FORMATS,
  createAccessStats,
  type AccessFormat,
  type AccessStats,
  type AccessStatsPartial,
} from '../../../core/logs'
import { splitLines } from '../../../core/text'
import { compileCustomFormat } from '../../../core/logs'
import type { CustomLogFormat } from '../../../shared/logs'
import { eachChunk, partSource, readInParts, type Source } from '../platform'
import type { PartRequest } from '../../workers/protocol'

/** What the access log worker is given. */
export interface AccessWorkerData {
  path: string
  start: number
  format: string
  /** The definition, when the format is the user's own. */
  custom?: CustomLogFormat
  zone?: string
}

/** The first lines of a source (its first chunks only), to detect its format. */
export async function headLines(source: Source, count = 200): Promise<string[]> {
  const parts: Buffer[] = []
  let size = 0
  const done = new AbortController()
  await eachChunk(
    source,
    (chunk) => {
      parts.push(chunk)
      size += chunk.length
      if (size >= 256 << 10) done.abort()
    },
    done.signal,
  )
  // CRLF too (a log saved on Windows): detection sees the lines the parsers see.
  return splitLines(Buffer.concat(parts).toString('utf8')).slice(0, count)
}

/**
 * Counts over access logs (one format for all). With `worker` (the built worker script), a big
 * local file is read by two threads, each half on its own core.
 */
export async function accessStats(
  sources: Source[],
  format: AccessFormat | null,
  options: {
    worker?: string
    splitMinBytes?: number
    signal?: AbortSignal
    /** The definition of `format` when it is the user's own (for the worker thread). */
    custom?: CustomLogFormat
    /** The zone of times written without one (`+01:00`). */
    zone?: string
  } = {},
): Promise<AccessStats> {
  const stats = createAccessStats(format, options.zone)
  for (const source of sources) {
    const second = await readInParts<AccessStatsPartial>(source, (chunk) => stats.bytes(chunk), {
      worker: format ? options.worker : undefined,
      minBytes: options.splitMinBytes,
      signal: options.signal,
      boundary: '\n',
      skip: 1,
      request: (path, start) =>
        ({
          kind: 'access',
          path,
          start,
          format: format!.name,
          ...(options.custom ? { custom: options.custom } : {}),
          ...(options.zone ? { zone: options.zone } : {}),
        }) satisfies PartRequest,
    })
    stats.end()
    if (second) stats.merge(second)
  }
  return stats.result()
}

/** The worker's side: counts its part of the file. */
export async function accessWorkerPart(data: AccessWorkerData): Promise<AccessStatsPartial> {
  const format = data.custom
    ? compileCustomFormat(data.custom)
    : ACCESS_FORMATS.find((f) => f.name === data.format)
  if (!format) throw new Error(`No access log format is named ${data.format}.`)
  const stats = createAccessStats(format, data.zone)
  await eachChunk(partSource(data.path, data.start), (chunk) => stats.bytes(chunk))
  stats.end()
  return stats.partial()
}
