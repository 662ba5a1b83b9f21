import { randomUUID } from 'node:crypto'
import type { FileEntry } from '../../../shared/api'
import { ServiceError } from '../platform'
import type { FileWriter, Target } from '../platform'

/** Largest piece one call carries (base64 in the request). */
export const MAX_UPLOAD_CHUNK = 1 << 20
const IDLE_MS = 10 * 60 * 1000

interface Upload {
  target: Target
  path: string
  size: number
  written: number
  writer: FileWriter
  idle: NodeJS.Timeout
}

/**
 * Uploads arrive in pieces from the window (a browser file cannot be read by the service), are
 * written at their offsets over SFTP, and are abandoned (the partial file removed from the
 * listing by the caller's abort) when the window goes quiet.
 */
export class UploadManager {
  private readonly uploads = new Map<string, Upload>()

  async begin(target: Target, path: string, size: number, overwrite: boolean): Promise<string> {
    const writer = await target.openWriter(path, !overwrite)
    const id = randomUUID()
    this.uploads.set(id, { target, path, size, written: 0, writer, idle: this.timer(id) })
    return id
  }

  async chunk(id: string, position: number, base64: string): Promise<void> {
    const up = this.get(id)
    const data = Buffer.from(base64, 'base64')
    if (data.length > MAX_UPLOAD_CHUNK || position < 0 || position + data.length > up.size) {
      throw new ServiceError('BAD_REQUEST', 'That piece does not fit the announced file size.')
    }
    clearTimeout(up.idle)
    up.idle = this.timer(id)
    await up.writer.write(data, position)
    up.written += data.length
  }

  async end(id: string, abort: boolean): Promise<FileEntry | null> {
    const up = this.get(id)
    this.uploads.delete(id)
    clearTimeout(up.idle)
    await up.writer.close()
    if (abort) return null
    const entry = await up.target.stat(up.path)
    if (entry.size !== up.size || up.written !== up.size) {
      throw new ServiceError(
        'IO',
        `${up.path}: ${up.written} of ${up.size} bytes arrived; the upload is incomplete.`,
      )
    }
    return entry
  }

  private get(id: string): Upload {
    const up = this.uploads.get(id)
    if (!up) throw new ServiceError('UNKNOWN_JOB', 'That upload has ended.')
    return up
  }

  private timer(id: string): NodeJS.Timeout {
    const t = setTimeout(() => {
      const up = this.uploads.get(id)
      this.uploads.delete(id)
      void up?.writer.close().catch(() => undefined)
    }, IDLE_MS)
    t.unref()
    return t
  }
}
