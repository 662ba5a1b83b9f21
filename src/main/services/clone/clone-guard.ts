// What a clone may write to, checked before rsync --delete runs: a destination that holds
// something else is refused unless the user says so, and the staging copy of a server-to-server
// clone lives in a folder only this user can reach.
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ServiceError } from '../platform'
import { writeJsonPrivately } from '../platform'
import type { SshTarget } from '../platform'

const MARKERS = 'clone-destinations.json'

/** A destination as the marker registry names it: a local folder, or `server:/path`. */
export function destinationKey(to: string, server?: string): string {
  return server === undefined ? `local:${to}` : `server:${server}:${to}`
}

/** The source a clone is of: its server and CMS root. */
export function sourceKey(server: string, cmsRoot: string): string {
  return `${server}:${cmsRoot}`
}

/** The markers; a missing or unreadable file is none (the user is asked again: the safe side). */
function readMarkers(dataDir: string): Record<string, { source: string; at: string }> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dataDir, MARKERS), 'utf8'))
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, { source: string; at: string }>)
      : {}
  } catch {
    return {}
  }
}

/** The source an earlier clone into this destination was of, if any. */
export function markedSource(dataDir: string, destination: string): string | null {
  const m = readMarkers(dataDir)[destination]
  return m && typeof m.source === 'string' ? m.source : null
}

/**
 * Remembers that this destination receives a clone of that source. Kept in the data folder,
 * not in the destination: nothing extra lands in a web root.
 */
export function markDestination(dataDir: string, destination: string, source: string): void {
  const markers = readMarkers(dataDir)
  markers[destination] = { source, at: new Date().toISOString() }
  writeJsonPrivately(join(dataDir, MARKERS), markers)
}

const shown = (names: string[]): string =>
  names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '')

/**
 * Refuses a non-empty destination that is not an earlier clone of the same source: rsync
 * `--delete` would delete whatever it holds. `force` is the user's explicit confirmation.
 */
export async function checkDestination(options: {
  dataDir: string
  source: string
  to: string
  /** The destination server, for a clone to a server; a local folder otherwise. */
  server?: { name: string; target: SshTarget }
  force: boolean
}): Promise<void> {
  if (options.force) return
  const key = destinationKey(options.to, options.server?.name)
  if (markedSource(options.dataDir, key) === options.source) return
  let names: string[]
  if (options.server) {
    try {
      names = (await options.server.target.list(options.to)).map((e) => e.name)
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'NOT_FOUND') return
      throw err
    }
  } else {
    try {
      names = readdirSync(options.to)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR')
        throw new ServiceError('BAD_REQUEST', `${options.to} is a file, not a folder.`)
      throw err
    }
  }
  if (names.length === 0) return
  const where = options.server ? `${options.server.name}:${options.to}` : options.to
  throw new ServiceError(
    'CONFIRM_REQUIRED',
    `${where} is not empty (${names.length} ${names.length === 1 ? 'entry' : 'entries'}: ${shown(names)}) and is not an earlier clone of ${options.source}: the clone makes the destination an exact copy and would delete what it holds. Choose an empty folder, or confirm that its content may be replaced.`,
    { confirm: 'non-empty', path: where },
  )
}

/**
 * A folder only this user can reach: created 0700, and refused when it is a symbolic link or
 * belongs to someone else (another local user could otherwise point it elsewhere).
 */
export function privateDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  const st = lstatSync(path)
  const uid = process.getuid?.()
  if (st.isSymbolicLink() || !st.isDirectory())
    throw new ServiceError(
      'IO',
      `${path} is not a plain folder (a link?): refused as a staging folder.`,
    )
  if (uid !== undefined && st.uid !== uid)
    throw new ServiceError('IO', `${path} belongs to another user: refused as a staging folder.`)
  if ((st.mode & 0o077) !== 0) chmodSync(path, 0o700)
  return path
}

/**
 * Where the files of a clone to a server wait between the two rsync passes: in the data folder,
 * private, and kept so that the next run only moves what changed.
 */
export function stagingDir(dataDir: string, source: string, destination: string): string {
  const safe = (n: string): string => n.replace(/[^\w.-]+/g, '_')
  const root = privateDir(join(privateDir(dataDir), 'clone-staging'))
  return privateDir(join(root, `${safe(source)}--${safe(destination)}`))
}
