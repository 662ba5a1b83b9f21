import { posix } from 'node:path'
import { createGunzip } from 'node:zlib'
import type { LogFile, TailRequest } from '../../shared/api'
import { classifyLogPath, compareLogPaths } from '../../core/log-files'
import { detectAccessFormat } from '../../core/access-log'
import { exploreAccess } from '../../core/access-explore'
import type { AccessExploration } from '../../shared/logs'
import { readRange } from './files'
import { ServiceError, fromSystemError } from './errors'
import { pumpLines, type JobContext } from './jobs'
import type { Target } from './target'

export const LOG_ROOT = '/var/log'
const NOT_LOGS = /(?:-bin\.\d+|-bin\.index|\.pid|\.sock)$/

/**
 * Lists the logs the login can read under /var/log (two levels deep, the platform's layout),
 * rotated and compressed ones included. Binary logs and the profiler folder are left to their
 * own screens.
 */
export async function discoverLogs(target: Target): Promise<LogFile[]> {
  const found: LogFile[] = []
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries
    try {
      entries = await target.list(dir)
    } catch (err) {
      if (dir === LOG_ROOT) throw err
      return // an unreadable sub-folder is skipped, the rest still listed
    }
    for (const e of entries) {
      if (e.type === 'dir' && depth < 2 && e.name !== 'profiler') await walk(e.path, depth + 1)
      else if (e.type === 'file' && !NOT_LOGS.test(e.name)) {
        const info = classifyLogPath(e.path)
        found.push({ ...e, kind: info.kind, rotation: info.rotation, compressed: info.compressed })
      }
    }
  }
  await walk(LOG_ROOT, 0)
  return found.sort((a, b) => compareLogPaths(a.path, b.path))
}

/** Checks a tail request before its job starts, so that a bad path fails the call itself. */
export async function prepareTail(target: Target, req: TailRequest): Promise<void> {
  const st = await target.stat(req.path)
  if (st.type === 'dir')
    throw new ServiceError('NOT_A_FILE', `${req.path}: is a directory, not a log file.`)
}

/**
 * `tail -n N [-F]` semantics over any target: the last lines, then (when following) every new
 * line, across rotations. Compressed rotations are read whole (they never grow).
 */
export async function runTail(target: Target, req: TailRequest, ctx: JobContext): Promise<void> {
  const lines = Math.max(0, Math.min(req.lines, 1_000_000))
  if (req.path.endsWith('.gz')) {
    const ring: string[] = []
    const source = (await target.readStream(req.path)).pipe(createGunzip())
    const collect: JobContext = {
      ...ctx,
      push: (line) => {
        ring.push(line)
        if (ring.length >= 2 * lines + 1024) ring.splice(0, ring.length - lines)
        return true
      },
    }
    try {
      await pumpLines(source, collect)
    } catch (err) {
      throw fromSystemError(err, req.path)
    }
    for (const line of ring.slice(-lines || ring.length)) if (!ctx.push(line)) await ctx.drained()
    return
  }
  const argv = [
    'tail',
    '-n',
    String(lines),
    ...(req.follow ? ['-F'] : []),
    '--',
    target.commandPath(req.path),
  ]
  const proc = target.exec(argv, { signal: ctx.signal })
  const errors: string[] = []
  proc.stderr.on('data', (b: Buffer) => {
    if (errors.join('').length < 4096) errors.push(b.toString('utf8'))
  })
  await pumpLines(proc.stdout, ctx)
  const result = await proc.exit
  if (ctx.signal.aborted) return
  if (result.code === null && result.signal === null && errors.length === 0) {
    throw new ServiceError(
      'CONNECTION_LOST',
      `The connection to the server was lost while reading ${req.path}; the lines already shown are kept.`,
    )
  }
  if (result.code !== 0) {
    const text = errors.join('').trim()
    if (/not found/.test(text))
      throw new ServiceError('MISSING_TOOL', `The server has no "tail" command: ${text}`)
    throw new ServiceError(
      'IO',
      `tail ${posix.basename(req.path)} failed: ${text || `exit code ${result.code}`}`,
    )
  }
}

/** What the explorer read of a log: the exploration, and how much of the file it covers. */
export type LogExploration = AccessExploration & {
  path: string
  /** Bytes of text read: the whole file, or its end. */
  bytesRead: number
  /** True when only the end of the file was read. */
  partial: boolean
}

/**
 * Reads a web access log (its last `maxBytes`, or all of a rotated `.gz` up to that much text,
 * newest kept) and explores it: rows, histogram, tops, ban suspects.
 */
export async function exploreLog(
  target: Target,
  path: string,
  maxBytes = 16 << 20,
): Promise<LogExploration> {
  let text: string
  let partial = false
  try {
    if (path.endsWith('.gz')) {
      const chunks: Buffer[] = []
      let total = 0
      const stream = (await target.readStream(path)).pipe(createGunzip())
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer)
        total += (chunk as Buffer).length
        while (total - chunks[0]!.length > maxBytes) {
          total -= chunks.shift()!.length
          partial = true
        }
      }
      text = Buffer.concat(chunks).toString('utf8')
      if (partial) text = text.slice(text.indexOf('\n') + 1)
    } else {
      const { size } = await target.stat(path)
      const start = Math.max(0, size - maxBytes)
      partial = start > 0
      text = (await readRange(target, path, start, maxBytes)).text
      // A line cut by the start of the range is not a request.
      if (partial) text = text.slice(text.indexOf('\n') + 1)
    }
  } catch (err) {
    throw err instanceof ServiceError ? err : fromSystemError(err, path)
  }
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const format = detectAccessFormat(lines.slice(0, 50))
  if (!format)
    throw new ServiceError(
      'BAD_FORMAT',
      `${path}: no access log format reads its lines (HAProxy httplog, Apache/nginx combined, vhost_combined). Error logs are read in the tail view.`,
    )
  return {
    ...exploreAccess(lines, format),
    path,
    bytesRead: Buffer.byteLength(text),
    partial,
  }
}
