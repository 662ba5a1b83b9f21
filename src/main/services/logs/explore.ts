// The explorer's read of an access log: its last megabytes, explored as they arrive (a built-in
// format: the parse overlaps the read, which over a slow link is most of the time), or read
// whole first (an error log, a format to define, a user's format run in a worker).
import { existsSync } from 'node:fs'
import { createGunzip } from 'node:zlib'
import {
  accessFormats,
  AccessExplorer,
  bestFormat,
  compileCustomFormat,
  detectErrorFormat,
  exploreAccess,
  exploreErrors,
  withZone,
  zoneText,
  type AccessFormat,
} from '../../../core/logs'
import type { AccessExploration, CustomLogFormat, LogsCalls, ReadCost } from '../../../shared/logs'
import type { PartRequest } from '../../workers/protocol'
import {
  fromSystemError,
  lineDecoder,
  partInWorker,
  readStats,
  serverZone,
  ServiceError,
} from '../platform'
import type { Target } from '../platform'

/** What the explorer read of a log: the exploration, how much of the file, and what it cost. */
export type LogExploration = LogsCalls['logs:explore']['res']

/** The lines a format is chosen on. */
const HEAD_LINES = 50

/**
 * Reads a web access log (its last `maxBytes`, or all of a rotated `.gz` up to that much text,
 * newest kept) and explores it: rows, histogram, tops, ban suspects.
 */
export async function exploreLog(
  target: Target,
  path: string,
  maxBytes = 16 << 20,
  options: {
    format?: string
    custom?: CustomLogFormat[]
    /** The built worker script: a custom format then runs there, within a time limit. */
    worker?: string
    /** That limit (5 s and 1 s per MB read by default). */
    limitMs?: number
  } = {},
): Promise<LogExploration> {
  const formats = accessFormats(options.custom)
  if (options.format && !formats.some((f) => f.name === options.format))
    throw new ServiceError(
      'NOT_FOUND',
      `No log format is named "${options.format}": ${formats.map((f) => f.name).join(', ')}.`,
    )
  // The first lines choose the format; then a built-in one explores each batch as it comes,
  // anything else keeps every line for the end.
  let lines: string[] = []
  let decided = false
  let format: AccessFormat | null = null
  let explorer: AccessExplorer | null = null
  let n = 0
  const decide = async (): Promise<void> => {
    decided = true
    format = options.format
      ? formats.find((f) => f.name === options.format)!
      : bestFormat(formats, lines.slice(0, HEAD_LINES))
    // HAProxy under an RFC 3164 header writes local times without a zone: the server's.
    if (format?.name === 'haproxy-http') {
      const offset = await serverZone(target)
      format = withZone(format, offset === null ? null : zoneText(offset))
    }
    const custom = options.custom?.some((f) => f.name === format?.name)
    if (format && !(custom && options.worker && existsSync(options.worker))) {
      explorer = new AccessExplorer(format)
      for (const line of lines) explorer.add(line, ++n)
      lines = []
    }
  }
  const read = await readLogEnd(target, path, maxBytes, async (batch) => {
    if (explorer) {
      for (const line of batch) explorer.add(line, ++n)
      return
    }
    for (const line of batch) lines.push(line)
    if (!decided && lines.length >= HEAD_LINES) await decide()
    // The decision may have made the explorer: it took the lines.
  })
  if (!decided) await decide()
  const { bytesRead, partial, cost } = read
  const done = { path, bytesRead, partial, ...(cost ? { cost } : {}) }
  if (explorer) return { ...(explorer as AccessExplorer).result(), ...done }
  if (!format) {
    // No access log format reads it: an error log, or the first lines to define its format.
    // The lines already read serve both: the file is not read again for its errors.
    const errorFormat = options.format ? null : detectErrorFormat(lines.slice(0, HEAD_LINES))
    // Local times without a zone are placed with the server's.
    const errors = errorFormat
      ? exploreErrors(lines, errorFormat, { zoneMinutes: (await serverZone(target)) ?? 0 })
      : undefined
    return {
      ...exploreAccess([], null),
      unparsed: lines.length,
      samples: lines.filter((l) => l.length > 0).slice(0, HEAD_LINES),
      ...(errors ? { errors } : {}),
      ...done,
    }
  }
  // A user's pattern may backtrack without end: it runs in a worker thread, stopped past a
  // limit that grows with the text (a built-in format is known to be linear).
  const def = options.custom!.find((f) => f.name === (format as AccessFormat).name)!
  const explored = await partInWorker<AccessExploration>(
    options.worker!,
    { kind: 'explore', lines, def } satisfies PartRequest,
    path,
    undefined,
    {
      ms: options.limitMs ?? EXPLORE_LIMIT_MS + (bytesRead >> 20) * 1000,
      error: () =>
        new ServiceError(
          'TIMEOUT',
          `The format "${def.name}" takes too long on ${path}: its pattern probably backtracks on some line (nested or overlapping repeats). Simplify it in Logs › Explore › Define a format.`,
        ),
    },
  )
  return { ...explored, ...done }
}

/** The base time a custom format may take over a log, plus one second per MB. */
export const EXPLORE_LIMIT_MS = 5_000

/** What the explore worker is given: the lines and the user's format. */
export interface ExploreWorkerData {
  lines: string[]
  def: CustomLogFormat
}

/** The worker's side: the exploration with the user's format. */
export async function exploreWorkerPart(data: ExploreWorkerData): Promise<AccessExploration> {
  return exploreAccess(data.lines, compileCustomFormat(data.def))
}

/**
 * The last `maxBytes` of a file (all of it for Infinity), from its first whole line, and what
 * reading them cost. Read to the end of the file: no character is cut at the end of the range.
 */
export async function readFileEnd(
  target: Target,
  path: string,
  maxBytes: number,
): Promise<{ bytes: Buffer; partial: boolean; cost?: ReadCost }> {
  const parts: Buffer[] = []
  const end = await eachFileEnd(target, path, maxBytes, (chunk) => void parts.push(chunk))
  return {
    bytes: Buffer.concat(parts),
    partial: end.partial,
    ...(end.cost ? { cost: end.cost } : {}),
  }
}

/**
 * The last `maxBytes` of a file as they arrive, from its first whole line (a range starting in
 * the middle of a line skips to the next; one without any newline is given whole).
 */
async function eachFileEnd(
  target: Target,
  path: string,
  maxBytes: number,
  onChunk: (chunk: Buffer) => void | Promise<void>,
): Promise<{ partial: boolean; cost?: ReadCost }> {
  const { size } = await target.stat(path)
  const start = Math.max(0, size - maxBytes)
  const stream = await target.readStream(path, { start, end: size })
  // A line cut by the start of the range is not a whole line.
  let held: Buffer[] | null = start > 0 ? [] : null
  for await (const data of stream) {
    let chunk = data as Buffer
    if (held) {
      const nl = chunk.indexOf(0x0a)
      if (nl === -1) {
        held.push(chunk)
        continue
      }
      held = null
      chunk = chunk.subarray(nl + 1)
    }
    if (chunk.length > 0) await onChunk(chunk)
  }
  if (held) for (const chunk of held) await onChunk(chunk)
  const cost = readStats(stream)
  return { partial: start > 0, ...(cost ? { cost: { ...cost } } : {}) }
}

/**
 * The last `maxBytes` of a log as lines, given by batches as they are read (a `.gz`: all of it
 * up to that much text, the newest kept, given at the end), and what was read.
 */
async function readLogEnd(
  target: Target,
  path: string,
  maxBytes: number,
  onLines: (lines: string[]) => void | Promise<void>,
): Promise<{ bytesRead: number; partial: boolean; cost?: ReadCost }> {
  let batch: string[] = []
  const lines = lineDecoder((line) => void batch.push(line))
  let bytesRead = 0
  /** The lines completed so far, handed on. */
  const give = async (): Promise<void> => {
    if (batch.length === 0) return
    const given = batch
    batch = []
    await onLines(given)
  }
  try {
    if (path.endsWith('.gz')) {
      const chunks: Buffer[] = []
      let total = 0
      let partial = false
      const stream = (await target.readStream(path)).pipe(createGunzip())
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer)
        total += (chunk as Buffer).length
        while (total - chunks[0]!.length > maxBytes) {
          total -= chunks.shift()!.length
          partial = true
        }
      }
      let bytes = Buffer.concat(chunks)
      if (partial) bytes = bytes.subarray(bytes.indexOf(0x0a) + 1)
      lines.write(bytes)
      lines.end()
      await give()
      return { bytesRead: bytes.length, partial }
    }
    const end = await eachFileEnd(target, path, maxBytes, async (chunk) => {
      bytesRead += chunk.length
      lines.write(chunk)
      await give()
    })
    lines.end()
    await give()
    return { bytesRead, ...end }
  } catch (err) {
    throw err instanceof ServiceError ? err : fromSystemError(err, path)
  }
}
