// SFTP operations of an SSH target: entries with their owners, writers, fast downloads; every
// failure named by its path.
import { createWriteStream } from 'node:fs'
import { posix } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { SFTPWrapper, Stats } from 'ssh2'
import type { FileEntry, FileType } from '../../../shared/api'
import { ServiceError } from './errors'
import type { FileWriter, RandomReader } from './target'

export async function sftpStat(sftp: SFTPWrapper, path: string): Promise<FileEntry> {
  const st = await sftpCall<Stats>(path, (cb) => sftp.lstat(path, cb))
  if (st.isSymbolicLink()) {
    try {
      const target = await sftpCall<Stats>(path, (cb) => sftp.stat(path, cb))
      return toEntry(posix.normalize(path), target.isDirectory() ? 'dir' : 'link', target)
    } catch {
      return toEntry(posix.normalize(path), 'link', st)
    }
  }
  return toEntry(posix.normalize(path), typeOf(st), st)
}

type DirItem = { filename: string; longname: string; attrs: Stats }

/**
 * A folder's entries: opened, read to its end, and closed without waiting for the close (one
 * round trip less per folder than ssh2's readdir(path), which answers after the close).
 */
async function readWholeDir(sftp: SFTPWrapper, dir: string): Promise<DirItem[]> {
  const handle = await sftpCall<Buffer>(dir, (cb) => sftp.opendir(dir, cb))
  const items: DirItem[] = []
  try {
    for (;;) {
      const more = await new Promise<DirItem[] | null>((resolve, reject) =>
        sftp.readdir(handle, (err, list) => {
          // End of the folder: status 1 (EOF).
          if (err && (err as Error & { code?: number }).code === 1) resolve(null)
          else if (err) reject(err)
          else resolve(list as DirItem[])
        }),
      )
      if (!more) break
      items.push(...more)
    }
  } catch (err) {
    sftp.close(handle, () => undefined)
    throw sftpError(dir, err as Error)
  }
  sftp.close(handle, () => undefined)
  return items
}

export async function sftpList(sftp: SFTPWrapper, path: string): Promise<FileEntry[]> {
  const dir = posix.normalize(path)
  const items = await readWholeDir(sftp, dir)
  const entries = await Promise.all(
    items
      .filter((i) => i.filename !== '.' && i.filename !== '..')
      .map(async (i) => {
        const full = posix.join(dir, i.filename)
        const owner = ownerOf(i.longname)
        if (i.attrs.isSymbolicLink()) {
          try {
            return { ...(await sftpStat(sftp, full)), ...owner }
          } catch {
            return { ...toEntry(full, 'link', i.attrs), ...owner }
          }
        }
        return { ...toEntry(full, typeOf(i.attrs), i.attrs), ...owner }
      }),
  )
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

export async function sftpOpenWriter(
  sftp: SFTPWrapper,
  path: string,
  exclusive: boolean,
): Promise<FileWriter> {
  let handle: Buffer
  try {
    handle = await sftpCall<Buffer>(path, (cb) => sftp.open(path, exclusive ? 'wx' : 'w', cb))
  } catch (err) {
    // OpenSSH answers a plain failure when O_EXCL meets an existing file.
    if (
      exclusive &&
      (err as ServiceError).code === 'IO' &&
      (await sftpStat(sftp, path).then(
        () => true,
        () => false,
      ))
    ) {
      throw new ServiceError('CONFLICT', `${path} already exists.`)
    }
    throw err
  }
  return {
    write: (data, position) =>
      sftpCall<void>(path, (cb) =>
        sftp.write(handle, data, 0, data.length, position, (err) => cb(err, undefined)),
      ),
    close: () => sftpCall<void>(path, (cb) => sftp.close(handle, (err) => cb(err, undefined))),
  }
}

/** SFTP download with many reads in flight (ssh2 fastGet), so latency does not bound speed. */
export async function sftpDownload(
  sftp: SFTPWrapper,
  path: string,
  localPath: string,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let aborted = false
    signal?.addEventListener('abort', () => (aborted = true), { once: true })
    sftp.fastGet(
      path,
      localPath,
      {
        // Measured on loopback (bench/README.md): 32 KB requests crawl at a fifth of scp's
        // speed; 96 KB with 128 in flight gets within reach of it.
        concurrency: 128,
        chunkSize: 96 * 1024,
        step: (done, _chunk, total) => {
          onProgress?.(done, total)
          if (aborted) reject(new ServiceError('CANCELLED', 'Download cancelled.'))
        },
      },
      (err) => {
        if (aborted) return reject(new ServiceError('CANCELLED', 'Download cancelled.'))
        if (!err) return resolve()
        const code = (err as Error & { code?: number }).code
        if (code === 3) reject(new ServiceError('PERMISSION_DENIED', `${path}: permission denied.`))
        else reject(new ServiceError('IO', `${path}: download failed: ${err.message}`))
      },
    )
  })
}

export function checkPath(path: string): void {
  if (!path.startsWith('/'))
    throw new ServiceError('BAD_REQUEST', `${path}: a server path must be absolute.`)
}

/** Wraps an SFTP call, mapping its status codes to messages a user can act on. */
export function sftpCall<T>(
  path: string,
  fn: (cb: (err: Error | undefined | null, value: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    fn((err, value) => (err ? reject(sftpError(path, err)) : resolve(value)))
  })
}

/** An SFTP status as an error a user can act on. */
function sftpError(path: string, err: Error): ServiceError {
  const code = (err as Error & { code?: number | string }).code
  if (code === 2) return new ServiceError('NOT_FOUND', `${path}: no such file or directory.`)
  if (code === 3)
    return new ServiceError(
      'PERMISSION_DENIED',
      `${path}: permission denied. The login cannot read it; "Reset rights" may fix files of the site.`,
    )
  return new ServiceError('IO', `${path}: ${err.message}`)
}

function typeOf(st: Stats): FileType {
  return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : 'other'
}

function toEntry(path: string, type: FileType, st: Stats): FileEntry {
  return {
    name: posix.basename(path) || '/',
    path,
    type,
    size: st.size,
    mtimeMs: st.mtime * 1000,
    mode: st.mode & 0o7777,
    uid: st.uid,
    gid: st.gid,
  }
}

/** Owner and group names from the `ls -l`-style longname OpenSSH's SFTP server sends. */
function ownerOf(longname: string): { owner?: string; group?: string } {
  const parts = longname.split(/\s+/)
  return parts.length >= 9 ? { owner: parts[2]!, group: parts[3]! } : {}
}

/** A file opened once over SFTP for reads anywhere in it: each read is one request. */
export async function sftpOpenReader(sftp: SFTPWrapper, path: string): Promise<RandomReader> {
  const handle = await sftpCall<Buffer>(path, (cb) => sftp.open(path, 'r', cb))
  try {
    const st = await sftpCall<Stats>(path, (cb) => sftp.fstat(handle, cb))
    return {
      size: st.size,
      read: async (position, length) => {
        const len = Math.max(0, Math.min(length, st.size - position))
        if (len === 0) return Buffer.alloc(0)
        const buf = Buffer.allocUnsafe(len)
        const n = await sftpCall<number>(path, (cb) =>
          sftp.read(handle, buf, 0, len, position, (err, bytes) => cb(err, bytes)),
        )
        return buf.subarray(0, n)
      },
      close: () => sftpCall<void>(path, (cb) => sftp.close(handle, (err) => cb(err, undefined))),
    }
  } catch (err) {
    sftp.close(handle, () => undefined)
    throw err
  }
}

/** A server file's stream written to a local file, with progress; cancelling removes nothing. */
export async function streamDownload(
  stream: Readable,
  path: string,
  localPath: string,
  total: number,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  let done = 0
  stream.on('data', (b: Buffer) => {
    done += b.length
    onProgress?.(done, total)
  })
  try {
    await pipeline(stream, createWriteStream(localPath), signal ? { signal } : {})
  } catch (err) {
    if (signal?.aborted) throw new ServiceError('CANCELLED', 'Download cancelled.')
    if (err instanceof ServiceError) throw err
    throw new ServiceError('IO', `${path}: download failed: ${(err as Error).message}`)
  }
}
