import type { Readable } from 'node:stream'
import type { FileEntry } from '../../../shared/api'
import { ServiceError } from './errors'

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
  /**
   * Writes a whole file (created or replaced). Only ever called for an explicit user action:
   * nothing writes to a server on its own.
   */
  writeFile(path: string, data: string | Buffer): Promise<void>
  /** Opens a file for writing by pieces (uploads); `exclusive` refuses to replace an existing file. */
  openWriter(path: string, exclusive: boolean): Promise<FileWriter>
  /** Copies a server file to a local path, reporting bytes done; several requests in flight. */
  download(
    path: string,
    localPath: string,
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<void>
  close(): Promise<void>
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

/** The server's time zone now (`date +%z`), in minutes east of UTC; null when it cannot say. */
export async function serverZone(target: Target): Promise<number | null> {
  try {
    const m = /^([+-])(\d{2})(\d{2})$/.exec((await commandOutput(target, ['date', '+%z'])).trim())
    if (!m) return null
    const minutes = Number(m[2]) * 60 + Number(m[3])
    return m[1] === '-' ? -minutes : minutes
  } catch {
    return null
  }
}
