// A log opened at a moment (issue #20): the byte offset found by bisection with small reads
// (one round trip each, through one open file), then only the window read. A compressed
// rotation cannot be entered in the middle: it is read from its start, decompressed as it comes,
// and stops past the window.
import { createGunzip } from 'node:zlib'
import type { LogWindow } from '../../../shared/logs'
import { SEEK_PROBE_BYTES, seekWindow, type SeekSource } from '../../../core/logs'
import { lineTime, serverOffsetAt } from '../../../core/text'
import { serverClock, type RandomReader, type Target } from '../platform'

/** The lines `path` wrote from `atMs` for `minutes`, times placed in the server's zone if they have none. */
export function logWindow(
  target: Target,
  path: string,
  atMs: number,
  minutes = 5,
): Promise<LogWindow> {
  return logWindowBetween(target, path, atMs, atMs + minutes * 60_000)
}

/** The lines `path` wrote between two moments (epoch ms), found by seeking. */
export async function logWindowBetween(
  target: Target,
  path: string,
  atMs: number,
  toMs: number,
  /** The lines by batches as they come, never held whole (see `WindowOptions.onLines`). */
  stream?: { onLines(lines: string[]): void; maxBytes: number },
): Promise<LogWindow> {
  const began = performance.now()
  // Whether the server can compress the window (asked once per connection) is asked now, for
  // the window's read; the search does not wait for it.
  target.reads?.hasGzip().catch(() => undefined)
  // The server's zone (for times written without one) and the file, asked together. While
  // they are asked, the file's two ends are read: the search starts there.
  const [clock, reader] = await Promise.all([
    serverClock(target),
    path.endsWith('.gz') ? null : target.openReader(path).then(withEndsRead),
  ])
  const zone = serverOffsetAt(clock, atMs)
  const options = {
    fromMs: atMs,
    toMs,
    timeOf: (line: string) => lineTime(line, zone),
    ...(stream ? { onLines: stream.onLines, maxBytes: stream.maxBytes } : {}),
  }
  let w
  if (!reader) {
    w = await seekWindow(await decompressed(target, path), options)
  } else {
    try {
      // Small reads to find the moment, then its window as one stream (compressed over a slow
      // link by the target's reads).
      const source = {
        size: reader.size,
        read: (pos: number, len: number) => reader.read(pos, len),
        stream: (start: number, end: number) => target.readStream(path, { start, end }),
      }
      w = await seekWindow(source, options)
    } finally {
      await reader.close().catch(() => undefined)
    }
  }
  return {
    path,
    from: new Date(atMs).toISOString(),
    to: new Date(toMs).toISOString(),
    ...w,
    ms: Math.round(performance.now() - began),
  }
}

/**
 * `reader` with the first and the last `SEEK_PROBE_BYTES` already asked for (the search's first
 * reads): each is served once from what came back.
 */
function withEndsRead(reader: RandomReader): RandomReader {
  const early = new Map<string, Promise<Buffer>>()
  const ask = (pos: number): void => {
    const p = reader.read(pos, SEEK_PROBE_BYTES)
    p.catch(() => undefined)
    early.set(`${pos}:${SEEK_PROBE_BYTES}`, p)
  }
  ask(0)
  if (reader.size > 2 * SEEK_PROBE_BYTES) ask(reader.size - SEEK_PROBE_BYTES)
  return {
    size: reader.size,
    close: () => reader.close(),
    read: (pos, len) => {
      const key = `${pos}:${len}`
      const p = early.get(key)
      early.delete(key)
      return p ?? reader.read(pos, len)
    },
  }
}

/** A `.gz` rotation, decompressed in memory (rotations are small; 256 MB at most) to be searched. */
async function decompressed(target: Target, path: string): Promise<SeekSource> {
  const stream = (await target.readStream(path)).pipe(createGunzip())
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer)
    size += (chunk as Buffer).length
    if (size > 256 << 20) {
      stream.destroy()
      break
    }
  }
  const all = Buffer.concat(chunks)
  return { size: all.length, read: async (pos, len) => all.subarray(pos, pos + len) }
}
