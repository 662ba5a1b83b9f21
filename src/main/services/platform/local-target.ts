import { spawn } from 'node:child_process'
import { createReadStream } from 'node:fs'
import {
  copyFile,
  lstat,
  open,
  readdir,
  realpath,
  stat,
  writeFile,
  type FileHandle,
} from 'node:fs/promises'
import { posix, resolve, sep } from 'node:path'
import { Readable } from 'node:stream'
import type { FileEntry, FileType } from '../../../shared/api'
import { ServiceError, fromSystemError } from './errors'
import type { ExecHandle, FileWriter, RandomReader, ReadRange, Target } from './target'

/**
 * A target rooted at a local folder shaped like a jail (the embedded demo, or local files).
 * A server path `/var/log/x` maps to `<root>/var/log/x`; nothing outside the root is reachable,
 * symbolic links included.
 */
export class LocalTarget implements Target {
  private readonly root: string

  constructor(
    readonly id: string,
    root: string,
    /** The zone of the data (the demo's): commands run with it as TZ, as on its server. */
    readonly dataZone?: string,
  ) {
    this.root = resolve(root)
  }

  commandPath(path: string): string {
    return this.mapPath(path)
  }

  exec(argv: readonly string[], options: { signal?: AbortSignal } = {}): ExecHandle {
    const [cmd, ...args] = argv
    if (cmd === undefined) throw new Error('empty command')
    const child = spawn(cmd, args, {
      cwd: this.root,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(this.dataZone ? { env: { ...process.env, TZ: this.dataZone } } : {}),
    })
    const exit = new Promise<{ code: number | null; signal: string | null }>((done) => {
      child.once('error', (err: NodeJS.ErrnoException) => {
        const message =
          err.code === 'ENOENT' ? `${cmd}: command not found on this machine.` : err.message
        child.stderr.emit('data', Buffer.from(message + '\n'))
        done({ code: null, signal: null })
      })
      child.once('close', (code, signal) => done({ code, signal }))
    })
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    }
    options.signal?.addEventListener('abort', kill, { once: true })
    return { stdout: child.stdout, stderr: child.stderr, exit, kill }
  }

  async stat(path: string): Promise<FileEntry> {
    const host = this.mapPath(path)
    let st
    try {
      st = await lstat(host)
    } catch (err) {
      throw fromSystemError(err, path)
    }
    if (!st.isSymbolicLink()) return entry(posix.normalize(path), kindOf(st), st)
    // A link is described by its target when that stays inside the root, else by itself.
    try {
      await this.safePath(path)
      const followed = await stat(host)
      return entry(posix.normalize(path), followed.isDirectory() ? 'dir' : 'link', followed)
    } catch {
      return entry(posix.normalize(path), 'link', st)
    }
  }

  async list(path: string): Promise<FileEntry[]> {
    const host = await this.safePath(path)
    const dir = posix.normalize(path)
    try {
      const names = await readdir(host)
      const entries = await Promise.all(
        names.map(async (name) => {
          const child = posix.join(dir, name)
          try {
            return await this.stat(child)
          } catch {
            return { name, path: child, type: 'other' as const, size: 0, mtimeMs: 0, mode: 0 }
          }
        }),
      )
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    } catch (err) {
      throw fromSystemError(err, path)
    }
  }

  async readStream(path: string, range: ReadRange = {}): Promise<Readable> {
    const host = await this.safePath(path)
    const st = await this.stat(path)
    if (st.type === 'dir')
      throw new ServiceError('NOT_A_FILE', `${path}: is a directory, not a file.`)
    const end = range.end !== undefined ? range.end - 1 : undefined
    if (end !== undefined && end < (range.start ?? 0)) return Readable.from([])
    return createReadStream(host, { start: range.start ?? 0, end })
  }

  async openReader(path: string): Promise<RandomReader> {
    const host = await this.safePath(path)
    let handle: FileHandle
    try {
      handle = await open(host, 'r')
    } catch (err) {
      throw fromSystemError(err, path)
    }
    const { size } = await handle.stat()
    return {
      size,
      read: async (position, length) => {
        const len = Math.max(0, Math.min(length, size - position))
        const buf = Buffer.allocUnsafe(len)
        const { bytesRead } = await handle.read(buf, 0, len, position)
        return buf.subarray(0, bytesRead)
      },
      close: () => handle.close(),
    }
  }

  async writeFile(path: string, data: string | Buffer): Promise<void> {
    const host = this.mapPath(path)
    await this.safePath(posix.dirname(path))
    try {
      await writeFile(host, data)
    } catch (err) {
      throw fromSystemError(err, path)
    }
  }

  async openWriter(path: string, exclusive: boolean): Promise<FileWriter> {
    const host = this.mapPath(path)
    await this.safePath(posix.dirname(path))
    let handle: FileHandle
    try {
      handle = await open(host, exclusive ? 'wx' : 'w')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new ServiceError('CONFLICT', `${path} already exists.`)
      throw fromSystemError(err, path)
    }
    return {
      write: async (data, position) => void (await handle.write(data, 0, data.length, position)),
      close: () => handle.close(),
    }
  }

  async download(
    path: string,
    localPath: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<undefined> {
    const host = await this.safePath(path)
    const st = await this.stat(path)
    try {
      await copyFile(host, localPath)
    } catch (err) {
      throw fromSystemError(err, path)
    }
    onProgress?.(st.size, st.size)
    return undefined
  }

  async close(): Promise<void> {}

  private mapPath(path: string): string {
    if (!path.startsWith('/')) {
      throw new ServiceError('BAD_REQUEST', `${path}: a server path must be absolute.`)
    }
    const host = resolve(this.root, '.' + posix.normalize(path))
    if (host !== this.root && !host.startsWith(this.root + sep)) {
      throw new ServiceError('OUTSIDE_ROOT', `${path}: outside the server's root.`)
    }
    return host
  }

  /** Maps and checks that the real path (links resolved) stays inside the root. */
  private async safePath(path: string): Promise<string> {
    const host = this.mapPath(path)
    let real: string
    try {
      real = await realpath(host)
    } catch (err) {
      throw fromSystemError(err, path)
    }
    const realRoot = await realpath(this.root)
    if (real !== realRoot && !real.startsWith(realRoot + sep)) {
      throw new ServiceError('OUTSIDE_ROOT', `${path}: leads outside the server's root.`)
    }
    return host
  }
}

function kindOf(st: { isFile(): boolean; isDirectory(): boolean }): FileType {
  return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other'
}

function entry(
  path: string,
  type: FileType,
  st: { size: number; mtimeMs: number; mode: number; uid: number; gid: number },
): FileEntry {
  return {
    name: posix.basename(path) || '/',
    path,
    type,
    size: st.size,
    mtimeMs: Math.round(st.mtimeMs),
    mode: st.mode & 0o7777,
    uid: st.uid,
    gid: st.gid,
  }
}
