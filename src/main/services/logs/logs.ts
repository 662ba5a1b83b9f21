import { posix } from 'node:path'
import { createGunzip } from 'node:zlib'
import type { FileEntry, LogFile, TailRequest } from '../../../shared/api'
import { classifyLogPath, compareLogPaths } from '../../../core/logs'
import { readBytes } from '../files'
import { ServiceError, fromSystemError } from '../platform'
import { pumpLines, type JobContext } from '../platform'
import { readStats, type Target } from '../platform'

export const LOG_ROOT = '/var/log'
const NOT_LOGS = /(?:-bin\.\d+|-bin\.index|\.pid|\.sock)$/
/** Where the platform writes its logs (DESIGN): listed together with /var/log. */
const PLATFORM_LOG_DIRS = ['nginx', 'apache2', 'haproxy', 'php', 'mysql']

/**
 * Lists the logs the login can read under /var/log (two levels deep, the platform's layout),
 * rotated and compressed ones included. Binary logs and the profiler folder are left to their
 * own screens.
 */
export async function discoverLogs(target: Target): Promise<LogFile[]> {
  const found: LogFile[] = []
  // The platform's own folders are asked at once with /var/log itself (a round trip saved on a
  // far server); one that is not there is never walked (only what /var/log lists is).
  const asked = new Map<string, Promise<FileEntry[]>>()
  const list = (dir: string): Promise<FileEntry[]> => {
    let p = asked.get(dir)
    if (!p) {
      p = target.list(dir)
      p.catch(() => undefined)
      asked.set(dir, p)
    }
    return p
  }
  list(LOG_ROOT)
  for (const dir of PLATFORM_LOG_DIRS) list(`${LOG_ROOT}/${dir}`)
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries
    try {
      entries = await list(dir)
    } catch (err) {
      if (dir === LOG_ROOT) throw err
      return // an unreadable sub-folder is skipped, the rest still listed
    }
    const dirs: Promise<void>[] = []
    for (const e of entries) {
      // The folders listed together: one round trip for all of them, not one each.
      if (e.type === 'dir' && depth < 2 && e.name !== 'profiler') dirs.push(walk(e.path, depth + 1))
      else if (e.type === 'file' && !NOT_LOGS.test(e.name)) {
        const info = classifyLogPath(e.path)
        found.push({ ...e, kind: info.kind, rotation: info.rotation, compressed: info.compressed })
      }
    }
    await Promise.all(dirs)
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
  // Read from a byte offset, counted on the bytes received (to the last end of line: every line
  // before it is delivered): after a lost connection the read resumes at the first byte not
  // delivered — no line lost, none twice, whatever the lines hold (CRLF, invalid UTF-8, a line
  // cut for its length).
  const path = target.commandPath(req.path)
  let offset = await startOfLastLines(target, req.path, lines)
  let outages = 0
  for (;;) {
    offset = await catchUp(target, req.path, offset, ctx, outages > 0)
    if (ctx.signal.aborted) return
    const argv = ['tail', '-c', `+${offset + 1}`, ...(req.follow ? ['-F'] : []), '--', path]
    const proc = target.exec(argv, { signal: ctx.signal })
    const errors: string[] = []
    const delivered = new Delivered(offset)
    proc.stderr.on('data', (b: Buffer) => {
      const text = b.toString('utf8')
      // tail -F follows a rotation: what comes next is the new file's, from its start.
      if (/has been replaced|has appeared|following new file/.test(text)) delivered.restart(0)
      else if (errors.join('').length < 4096) errors.push(text)
    })
    await pumpLines(proc.stdout, ctx, delivered.onBytes, { keepPartial: req.follow })
    offset = delivered.offset
    const result = await proc.exit
    if (ctx.signal.aborted) return
    if (result.code === null && result.signal === null && errors.length === 0) {
      // The connection dropped: wait for it to come back, then resume where the lines stopped.
      if (!(await reconnected(target, ctx.signal))) {
        throw new ServiceError(
          'CONNECTION_LOST',
          `The connection to the server was lost while reading ${req.path}; the lines already shown are kept.`,
        )
      }
      outages++
      ctx.progress(0, null, 'reconnected')
      offset = await afterOutage(target, req.path, offset, ctx)
      continue
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
    return
  }
}

/**
 * Where a read that resumes must start: the byte after the last newline received (every line
 * before it was delivered) — none lost, none twice, whatever the lines hold (CRLF, invalid
 * UTF-8, a line cut for its length).
 */
class Delivered {
  /** Bytes received since the read started at `base`. */
  received = 0
  constructor(
    public offset: number,
    private base = offset,
  ) {}
  readonly onBytes = (n: number, chunk: Buffer): void => {
    const nl = chunk.lastIndexOf(10)
    if (nl >= 0) this.offset = this.base + this.received + nl + 1
    this.received += n
  }
  /** The read goes on in another file (a rotation) from `base`. */
  restart(base: number): void {
    this.base = base
    this.received = 0
    this.offset = base
  }
}

/** A backlog smaller than this is left to `tail` (compressing it would not pay). */
export const CATCH_UP_BYTES = 1 << 20

/**
 * A big backlog — many last lines asked, or what was written during an outage — read the way the
 * link reads best (compressed on the server over a slow one, with what it cost said), up to its
 * last complete line; `tail` takes over from there. A failure here is left to `tail`, which
 * says it (or reconnects) from the last line delivered. Returns where `tail` resumes.
 */
export async function catchUp(
  target: Target,
  path: string,
  offset: number,
  ctx: JobContext,
  afterOutage: boolean,
): Promise<number> {
  if (!target.reads) return offset // a local file: tail reads the disk
  const delivered = new Delivered(offset)
  try {
    const { size } = await target.stat(path)
    if (size - offset < CATCH_UP_BYTES) return offset
    const stream = await target.readStream(path, { start: offset, end: size })
    await pumpLines(stream, ctx, delivered.onBytes, { keepPartial: true })
    const cost = readStats(stream)
    if (cost && !ctx.signal.aborted)
      ctx.progress(delivered.received, size - offset, 'read', {
        ...cost,
        afterOutage: afterOutage ? 1 : 0,
      })
  } catch {
    // tail reads from the last line delivered, and says what is wrong if it still is
  }
  return delivered.offset
}

/** The byte offset where the last `lines` lines of a file start (its end for 0). */
async function startOfLastLines(target: Target, path: string, lines: number): Promise<number> {
  const { size } = await target.stat(path)
  if (lines === 0 || size === 0) return size
  let end = size
  let newlines = 0
  // A final newline ends the last line, it does not start another.
  let skipLast = true
  while (end > 0) {
    const from = Math.max(0, end - (256 << 10))
    const bytes = await readBytes(target, path, from, end)
    for (let i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] !== 10) continue
      if (skipLast && from + i === size - 1) continue
      if (++newlines === lines) return from + i + 1
    }
    skipLast = false
    end = from
  }
  return 0
}

/** Waits (a minute at most) for a dropped SSH connection to come back; false if it does not. */
async function reconnected(target: Target, signal: AbortSignal): Promise<boolean> {
  const ssh = target as Partial<{ connect(): Promise<unknown> }>
  if (typeof ssh.connect !== 'function') return false
  for (let waited = 0; waited < 60_000 && !signal.aborted; waited += 1000) {
    try {
      await ssh.connect()
      return true
    } catch {
      await new Promise((ok) => setTimeout(ok, 1000))
    }
  }
  return false
}

/**
 * After an outage: if the log was rotated meanwhile (now shorter than the offset), the rest of
 * the old file (`.1`) is delivered first and the new one read from its start.
 */
async function afterOutage(
  target: Target,
  path: string,
  offset: number,
  ctx: JobContext,
): Promise<number> {
  const { size } = await target.stat(path)
  if (size >= offset) return offset
  try {
    const old = await target.stat(`${path}.1`)
    if (old.size > offset) {
      const rest = (await readBytes(target, `${path}.1`, offset, old.size)).toString('utf8')
      for (const line of rest.split('\n').slice(0, rest.endsWith('\n') ? -1 : undefined))
        if (!ctx.push(line.endsWith('\r') ? line.slice(0, -1) : line)) await ctx.drained()
    }
  } catch {
    // no rotated file to finish: the new one is read from its start
  }
  return 0
}

/**
 * Searches a log and all its rotations (`.1`, `.2.gz`…) on the server with zgrep — the filter runs
 * there, so a multi-GB history is never downloaded. The pattern is one argument (never a shell
 * word); `fixed` searches it as text, else as an extended regular expression. Oldest file first.
 */
export async function runSearch(
  target: Target,
  req: { path: string; pattern: string; fixed: boolean; ignoreCase: boolean },
  ctx: JobContext,
): Promise<void> {
  const base = classifyLogPath(req.path).base
  const dir = posix.dirname(base)
  const family = (await target.list(dir))
    .filter((e) => e.type === 'file' && classifyLogPath(e.path).base === base)
    .sort((a, b) => classifyLogPath(b.path).rotation - classifyLogPath(a.path).rotation)
  if (family.length === 0)
    throw new ServiceError('NOT_FOUND', `${req.path}: no such log (nor rotations of it).`)
  const argv = [
    'zgrep',
    '-H',
    ...(req.fixed ? ['-F'] : ['-E']),
    ...(req.ignoreCase ? ['-i'] : []),
    '-e',
    req.pattern,
    '--',
    ...family.map((f) => target.commandPath(f.path)),
  ]
  const proc = target.exec(argv, { signal: ctx.signal })
  const errors: string[] = []
  proc.stderr.on('data', (b: Buffer) => {
    if (errors.join('').length < 4096) errors.push(b.toString('utf8'))
  })
  await pumpLines(proc.stdout, ctx)
  const result = await proc.exit
  if (ctx.signal.aborted) return
  // grep: 0 found, 1 none found, 2 trouble.
  if (result.code === 0 || result.code === 1) return
  const text = errors.join('').trim()
  if (result.code === 127 || /not found/.test(text))
    throw new ServiceError(
      'MISSING_TOOL',
      'The server has no "zgrep" (gzip): install it to search the rotations.',
    )
  if (result.code === null)
    throw new ServiceError(
      'CONNECTION_LOST',
      `The connection was lost during the search; the lines found so far are kept.`,
    )
  throw new ServiceError('BAD_REQUEST', `The search failed: ${text || `exit code ${result.code}`}`)
}
