import {
  createSlowlogReader,
  parseFpmAccess,
  parseFpmSlowWarning,
  type FpmAccess,
  type FpmSlowWarning,
  type SlowlogReader,
} from '../../../core/slowlog'
import {
  createSlowlogAnalyzer,
  type SlowlogAnalyzer,
  type SlowlogPartial,
  type SlowlogReport,
} from '../../../core/slowlog'
import { eachChunk, eachLine, partSource, readInParts, type Source } from '../platform'
import type { PartRequest } from '../../workers/protocol'

/** What the slow log worker is given. */
export interface SlowlogWorkerData {
  path: string
  start: number
  name: string
  warnings: FpmSlowWarning[]
  access: FpmAccess[]
  maxRequests?: number
}

/** What `parse` reads in every line of these logs, in order. */
async function recordsOf<T>(
  logs: readonly Source[],
  parse: (line: string) => T | null,
  signal?: AbortSignal,
): Promise<T[]> {
  const out: T[] = []
  for (const log of logs) {
    await eachLine(
      log,
      (line) => {
        const r = parse(line)
        if (r) out.push(r)
      },
      signal,
    )
  }
  return out
}

/** Feeds one slow log to a reader, answering its problems with the file's name. */
function readerFor(analyzer: SlowlogAnalyzer, name: string): SlowlogReader {
  return createSlowlogReader({
    entry: (e) => analyzer.entry(e),
    issue: (i) => analyzer.issue({ ...i, message: `${name}: ${i.message}` }),
  })
}

/**
 * Parses slow logs (and, first, the php-fpm master logs that name each slow request, and the
 * pools' access logs that time it) into one report. Several pools and rotated `.gz` files may be mixed. With `worker` (the built worker
 * script), a big local file is read by two threads, each half on its own core.
 */
export async function analyzeSlowlogs(
  slowlogs: readonly Source[],
  fpmLogs: readonly Source[] = [],
  accessLogs: readonly Source[] = [],
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
  const warnings = await recordsOf(fpmLogs, parseFpmSlowWarning, options.signal)
  for (const w of warnings) analyzer.warning(w)
  // Only requests of a second or more can have been traced: the rest is dropped as it is read.
  const access = await recordsOf(
    accessLogs,
    (line) => {
      const a = parseFpmAccess(line)
      return a && a.durationSec >= 1 ? a : null
    },
    options.signal,
  )
  for (const a of access) analyzer.access(a)
  for (const slow of slowlogs) {
    const reader = readerFor(analyzer, slow.name)
    const second = await readInParts<SlowlogPartial>(slow, (chunk) => reader.push(chunk), {
      worker: options.worker,
      minBytes: options.splitMinBytes,
      signal: options.signal,
      // An entry starts with its header after a blank line.
      boundary: '\n\n[',
      skip: 2,
      request: (path, start) =>
        ({
          kind: 'slowlog',
          path,
          start,
          name: slow.name,
          warnings,
          access,
          ...limits,
        }) satisfies PartRequest,
    })
    reader.end()
    if (second) analyzer.merge(second, reader.lines)
  }
  return analyzer.result()
}

/** The worker's side: analyses its part of the file and answers with the counts. */
export async function slowlogWorkerPart(data: SlowlogWorkerData): Promise<SlowlogPartial> {
  const analyzer = createSlowlogAnalyzer(data.maxRequests ? { maxRequests: data.maxRequests } : {})
  for (const w of data.warnings) analyzer.warning(w)
  for (const a of data.access) analyzer.access(a)
  const reader = readerFor(analyzer, data.name)
  await eachChunk(partSource(data.path, data.start), (chunk) => reader.push(chunk))
  reader.end()
  return analyzer.partial()
}
