import { constants, gunzipSync } from 'node:zlib'
import type { ProfileFile } from '../../shared/api'
import { readCachegrindHeader } from '../../core/cachegrind-header'
import type { Target } from './target'

export const PROFILER_DIR = '/var/log/php/profiler'
const HEAD_BYTES = 4096

/** The Xdebug profiles on the server, newest first, with the request each one profiled. */
export async function listProfiles(target: Target): Promise<ProfileFile[]> {
  const entries = await target.list(PROFILER_DIR)
  const files = entries.filter((e) => e.type === 'file' && e.name.includes('cachegrind'))
  const out = await Promise.all(
    files.map(async (e): Promise<ProfileFile> => {
      const compressed = e.name.endsWith('.gz')
      let cmd = e.name
      try {
        const head = await readHead(target, e.path, compressed)
        cmd = readCachegrindHeader(head)?.cmd ?? e.name
      } catch {
        // unreadable or corrupt: listed by name, opening it will tell why
      }
      return { ...e, cmd, compressed }
    }),
  )
  return out.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? -1 : 1))
}

async function readHead(target: Target, path: string, compressed: boolean): Promise<string> {
  const parts: Buffer[] = []
  for await (const part of await target.readStream(path, { start: 0, end: HEAD_BYTES })) {
    parts.push(part as Buffer)
  }
  const bytes = Buffer.concat(parts)
  // A gzip head is decoded as far as it goes (the rest of the file is not needed).
  const text = compressed ? gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }) : bytes
  return text.toString('utf8')
}
