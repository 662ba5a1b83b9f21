import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { createLineSplitter } from '../../core/line-splitter'
import { createSlowlogParser, parseFpmSlowWarning } from '../../core/php-fpm-slowlog'
import { createSlowlogAnalyzer, type SlowlogReport } from '../../core/slowlog-analysis'
import { fromSystemError } from './errors'
import type { Target } from './target'

/** A named byte source: a server file, or a local one for the CLI. */
export interface Source {
  name: string
  open(): Promise<Readable>
}

export function localSource(path: string): Source {
  return { name: path, open: async () => createReadStream(path, { highWaterMark: 1 << 20 }) }
}

export function targetSource(target: Target, path: string): Source {
  return { name: path, open: () => target.readStream(path) }
}

/** Feeds a source's lines (gunzipped when named `.gz`) to `onLine`, in bounded memory. */
export async function eachLine(
  source: Source,
  onLine: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  let stream: Readable
  try {
    stream = await source.open()
  } catch (err) {
    throw fromSystemError(err, source.name)
  }
  if (source.name.endsWith('.gz')) stream = stream.pipe(createGunzip())
  const decoder = new StringDecoder('utf8')
  const splitter = createLineSplitter(onLine)
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) {
        stream.destroy()
        return
      }
      splitter.push(decoder.write(chunk as Buffer))
    }
  } catch (err) {
    throw fromSystemError(err, source.name)
  }
  splitter.push(decoder.end())
  splitter.end()
}

/**
 * Parses slow logs (and, first, the php-fpm master logs that name each slow request) into one
 * report. Several pools and rotated `.gz` files may be mixed.
 */
export async function analyzeSlowlogs(
  slowlogs: Source[],
  fpmLogs: Source[] = [],
  options: { maxRequests?: number; signal?: AbortSignal } = {},
): Promise<SlowlogReport> {
  const analyzer = createSlowlogAnalyzer(
    options.maxRequests ? { maxRequests: options.maxRequests } : {},
  )
  for (const fpm of fpmLogs) {
    await eachLine(
      fpm,
      (line) => {
        const w = parseFpmSlowWarning(line)
        if (w) analyzer.warning(w)
      },
      options.signal,
    )
  }
  for (const slow of slowlogs) {
    const parser = createSlowlogParser({
      entry: (e) => analyzer.entry(e),
      issue: (i) => analyzer.issue({ ...i, message: `${slow.name}: ${i.message}` }),
    })
    await eachLine(slow, (line) => parser.line(line), options.signal)
    parser.end()
  }
  return analyzer.result()
}
