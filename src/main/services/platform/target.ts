import type { Readable } from 'node:stream'
import type { FileEntry, ServerClock } from '../../../shared/api'
import { knownZone, serverOffsetAt, zoneOffsetAt } from '../../../core/text'
import { ServiceError } from './errors'
import type { RemoteReads } from './remote-read'
import type { ReadCost } from '../../../shared/logs'

export interface ExecResult {
  code: number | null
  signal: string | null
}

export interface ExecHandle {
  readonly stdout: Readable
  readonly stderr: Readable
  /** Settles when the command has ended (never rejects: a failure to start is code null + stderr). */
  readonly exit: Promise<ExecResult>
  /** Ends the command; the remote or local process must not outlive it. */
  kill(): void
}

export interface FileWriter {
  write(data: Buffer, position: number): Promise<void>
  close(): Promise<void>
}

/** Reads anywhere in one file (seek by time): opened once, then one request per read. */
export interface RandomReader {
  readonly size: number
  /** Up to `length` bytes from `position` (fewer at the end of the file). */
  read(position: number, length: number): Promise<Buffer>
  close(): Promise<void>
}

export interface ReadRange {
  start?: number
  /** Exclusive. */
  end?: number
}

/**
 * Everything that touches a server: the SSH target and the local one (the demo) share it.
 * Paths are the server's own absolute paths (inside the jail).
 */
export interface Target {
  readonly id: string
  /** Runs a command from an argument array (quoted by the target, never concatenated). */
  exec(argv: readonly string[], options?: { signal?: AbortSignal }): ExecHandle
  /** The path as a command run by `exec` must see it. */
  commandPath(path: string): string
  stat(path: string): Promise<FileEntry>
  list(path: string): Promise<FileEntry[]>
  readStream(path: string, range?: ReadRange): Promise<Readable>
  /** Opens a file for reads anywhere in it (a seek by time costs one round trip per read). */
  openReader(path: string): Promise<RandomReader>
  /**
   * Writes a whole file (created or replaced). Only ever called for an explicit user action:
   * nothing writes to a server on its own.
   */
  writeFile(path: string, data: string | Buffer): Promise<void>
  /** Opens a file for writing by pieces (uploads); `exclusive` refuses to replace an existing file. */
  openWriter(path: string, exclusive: boolean): Promise<FileWriter>
  /**
   * Copies a server file to a local path, reporting bytes done; several requests in flight.
   * Resolves with what the copy cost on the wire (none for a local file).
   */
  download(
    path: string,
    localPath: string,
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<ReadCost | undefined>
  close(): Promise<void>
  /** How big reads and outputs cross the wire (SSH targets; a local one reads its disk). */
  readonly reads?: RemoteReads
  /** The zone of the data a local target serves (the demo's): its commands run in it. */
  readonly dataZone?: string | undefined
}

/**
 * What a command prints (its first `maxBytes` kept), for grep-like commands: exit codes in `ok`
 * (0 found, 1 none by default) are answers, any other is a failure.
 */
export async function commandOutput(
  target: Target,
  argv: string[],
  maxBytes = 4 << 20,
  ok: readonly number[] = [0, 1],
): Promise<string> {
  const proc = target.exec(argv)
  const parts: Buffer[] = []
  let size = 0
  proc.stdout.on('data', (b: Buffer) => {
    if (size < maxBytes) parts.push(b)
    size += b.length
  })
  proc.stderr.resume()
  const r = await proc.exit
  if (r.code === null || !ok.includes(r.code)) {
    throw new ServiceError('IO', `${argv[0]} failed on the server (exit code ${r.code ?? 'none'}).`)
  }
  return Buffer.concat(parts).toString('utf8')
}

const clocks = new WeakMap<Target, Promise<ServerClock>>()

/** The server's zone, read once per target (a reconnection makes a new one). */
export function serverClock(target: Target): Promise<ServerClock> {
  let c = clocks.get(target)
  if (!c) clocks.set(target, (c = readClock(target)))
  return c
}

/** The server's offset from UTC now, in minutes east; null when it cannot say. */
export async function serverZone(target: Target): Promise<number | null> {
  const c = await serverClock(target)
  return c.source === 'unknown' ? null : serverOffsetAt(c, Date.now())
}

/**
 * What `date` says on the server (its offset) and the zone's name when the server gives one
 * that agrees: `$TZ`, else `/etc/timezone`. The demo's zone is its data's.
 */
async function readClock(target: Target): Promise<ServerClock> {
  const now = Date.now()
  if (target.dataZone) {
    return {
      zone: target.dataZone,
      offsetMin: zoneOffsetAt(target.dataZone, now),
      source: 'demo-data',
    }
  }
  let out: string
  try {
    // One command (one round trip): the offset, $TZ, and /etc/timezone read by the shell itself.
    out = await commandOutput(
      target,
      [
        'sh',
        '-c',
        'date +%z; printf "%s\\n" "$TZ"; read -r z 2>/dev/null < /etc/timezone; printf "%s\\n" "$z"',
      ],
      4096,
      [0],
    )
  } catch {
    return { zone: null, offsetMin: 0, source: 'unknown' }
  }
  const [date = '', tz = '', named = ''] = out.split('\n')
  const m = /^([+-])(\d{2})(\d{2})$/.exec(date.trim())
  if (!m) return { zone: null, offsetMin: 0, source: 'unknown' }
  const offsetMin = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
  const agrees = (name: string): boolean =>
    name !== '' && knownZone(name) && zoneOffsetAt(name, now) === offsetMin
  let zone: string | null = agrees(tz.trim().replace(/^:/, '')) ? tz.trim().replace(/^:/, '') : null
  if (!zone && agrees(named.trim())) zone = named.trim()
  return { zone, offsetMin, source: 'server' }
}
