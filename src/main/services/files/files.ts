import { hexDump, looksBinary } from '../../../core/text'
import { mkdir, rm } from 'node:fs/promises'
import path, { dirname, posix } from 'node:path'
import type { JobContext } from '../platform'
import type { FileChunk, FileEntry } from '../../../shared/api'
import { fromSystemError, ServiceError } from '../platform'
import { pathInside, saveableName } from '../platform'
import type { Target } from '../platform'
import type { ReadCost } from '../../../shared/logs'

type PathApi = typeof path.posix

/** Largest range one `files:read` returns; bigger files are read by range, never whole. */
export const MAX_READ_BYTES = 4 << 20

/** The bytes of [start, end) of a server file, in one buffer (for small ranges: heads, tails). */
export async function readBytes(
  target: Target,
  path: string,
  start: number,
  end: number,
): Promise<Buffer> {
  const parts: Buffer[] = []
  try {
    for await (const part of await target.readStream(path, { start, end }))
      parts.push(part as Buffer)
  } catch (err) {
    throw fromSystemError(err, path)
  }
  return Buffer.concat(parts)
}

const HEX_BYTES = 64 << 10

export async function readRange(
  target: Target,
  path: string,
  start = 0,
  length = 256 << 10,
): Promise<FileChunk> {
  const st = await target.stat(path)
  const from = Math.min(Math.max(0, start), st.size)
  const to = Math.min(st.size, from + Math.min(Math.max(0, length), MAX_READ_BYTES))
  const bytes = await readBytes(target, path, from, to)
  if (looksBinary(bytes)) {
    // Shown as hex, 64 KB at a time (a dump is four times the bytes).
    const shown = bytes.subarray(0, HEX_BYTES)
    return {
      path: posix.normalize(path),
      size: st.size,
      start: from,
      end: from + shown.length,
      text: hexDump(shown, from),
      truncated: from + shown.length < st.size,
      mtimeMs: st.mtimeMs,
      binary: true,
    }
  }
  // Drop a multibyte character cut by the range end: the next range starts with it whole.
  let cut = bytes.length
  if (to < st.size) {
    let back = 0
    while (back < 3 && cut - back - 1 >= 0 && (bytes[cut - back - 1]! & 0xc0) === 0x80) back++
    const lead = bytes[cut - back - 1]
    if (lead !== undefined && lead >= 0xc0) {
      const expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2
      if (back + 1 < expected) cut = cut - back - 1
    }
  }
  return {
    path: posix.normalize(path),
    size: st.size,
    start: from,
    end: from + cut,
    text: bytes.subarray(0, cut).toString('utf8'),
    truncated: from + cut < st.size,
    mtimeMs: st.mtimeMs,
    binary: false,
  }
}

/** `<Downloads>/tw-workbench/<server>`: the folder of a server's downloads and rescues. */
export function downloadFolder(downloadsDir: string, server: string, api: PathApi = path): string {
  return pathInside(downloadsDir, ['tw-workbench', serverFolderName(server)], api)
}

function serverFolderName(server: string): string {
  const name = server.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_')
  return name || 'server'
}

/** Where a download goes: `<Downloads>/tw-workbench/<server>/`, never overwriting a file. */
export function downloadPath(
  downloadsDir: string,
  server: string,
  remotePath: string,
  exists: (p: string) => boolean,
  api: PathApi = path,
): string {
  const dir = downloadFolder(downloadsDir, server, api)
  const base = saveableName(posix.basename(remotePath) || 'download', api)
  const dot = base.lastIndexOf('.')
  const stem = dot > 0 ? base.slice(0, dot) : base
  const ext = dot > 0 ? base.slice(dot) : ''
  let candidate = pathInside(dir, [base], api)
  for (let i = 2; exists(candidate); i++) candidate = pathInside(dir, [`${stem} (${i})${ext}`], api)
  return candidate
}

/**
 * Downloads one server file as a job with byte progress; a failure removes the partial file.
 * Resolves with what it cost on the wire (a server's file).
 */
export async function runDownload(
  target: Target,
  path: string,
  to: string,
  ctx: Pick<JobContext<unknown>, 'signal'> & Partial<Pick<JobContext<unknown>, 'progress'>>,
): Promise<ReadCost | undefined> {
  await mkdir(dirname(to), { recursive: true })
  let last = 0
  try {
    return await target.download(
      path,
      to,
      (done, total) => {
        const now = Date.now()
        if (now - last > 100 || done === total) {
          last = now
          ctx.progress?.(done, total)
        }
      },
      ctx.signal,
    )
  } catch (err) {
    await rm(to, { force: true })
    throw err
  }
}

/** Largest file the editor saves (it is read and written whole). */
export const MAX_EDIT_BYTES = 4 << 20

/**
 * Saves an edited file (an explicit user action): refuses when the file changed on the server
 * since it was opened, and first keeps the previous version beside it as `NAME.twb-STAMP.bak`.
 */
export async function saveEdit(
  target: Target,
  path: string,
  text: string,
  expectedMtimeMs: number,
  now = new Date(),
): Promise<{ backup: string; entry: FileEntry }> {
  const before = await target.stat(path)
  if (before.type !== 'file')
    throw new ServiceError('NOT_A_FILE', `${path}: only regular files can be edited.`)
  if (Math.abs(before.mtimeMs - expectedMtimeMs) >= 1000) {
    throw new ServiceError(
      'CONFLICT',
      `${path} changed on the server since you opened it: reopen it, then make your change again.`,
    )
  }
  if (before.size > MAX_EDIT_BYTES || Buffer.byteLength(text) > MAX_EDIT_BYTES) {
    throw new ServiceError(
      'BAD_REQUEST',
      `${path}: files over ${MAX_EDIT_BYTES >> 20} MB are not edited in the workbench.`,
    )
  }
  const parts: Buffer[] = []
  for await (const part of await target.readStream(path)) parts.push(part as Buffer)
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')
  const backup = `${path}.twb-${stamp}.bak`
  await target.writeFile(backup, Buffer.concat(parts))
  await target.writeFile(path, text)
  return { backup, entry: await target.stat(path) }
}
