// The backup-weight audit (issue #23): what in the site makes the host's backups heavy — dumps,
// archives, duplicate files, .git folders, logs and caches kept in the web root — ranked by size
// with the weight each adds to the backups (35 to 70 times its size) and what to do about it.
// Computed on the server (find, du, sha256sum): nothing is downloaded.
import { posix } from 'node:path'
import type { BackupWeight, WeightItem, WeightKind } from '../../../shared/backups'
import { ServiceError, type SshTarget } from '../platform'

/** The host's multi-site backups weigh 35 to 70 times the data. */
export const BACKUP_FACTOR: [number, number] = [35, 70]

const DUMP = /\.(sql|sql\.gz|sql\.bz2|sql\.xz|sql\.zst|dump)$/i
const ARCHIVE = /(\.(zip|tar|tgz|tbz2?|txz|7z|rar|bak|old)|\.tar\.\w+)$/i
const BACKUP_NAME = /^backup/i
const LOG = /\.log(\.\d+)?(\.gz)?$/i
/** Cache folders of the CMSs the host runs. */
const CACHE_DIRS = [
  'var/cache',
  'wp-content/cache',
  'cache',
  'app/cache',
  'sites/default/files/css',
  'sites/default/files/js',
]

const ACTIONS: Record<WeightKind, string> = {
  dump: 'Download it if it is needed, then delete it: a dump has no place on production.',
  archive: 'Download it if it is needed, then delete it (or move it out of the web root).',
  duplicate: 'Delete this copy and keep the original.',
  git: 'Move the repository out of the web root (deploy without .git), or keep its history elsewhere.',
  log: 'Move logs out of the web root, or rotate and delete the old ones.',
  cache: 'Ask the host to exclude this cache folder from the backups.',
}

function kindOf(path: string): WeightKind | null {
  const name = posix.basename(path)
  if (DUMP.test(name)) return 'dump'
  if (ARCHIVE.test(name) || BACKUP_NAME.test(name)) return 'archive'
  if (LOG.test(name)) return 'log'
  return null
}

const item = (path: string, bytes: number, kind: WeightKind, duplicateOf?: string): WeightItem => ({
  path,
  bytes,
  kind,
  ...(duplicateOf ? { duplicateOf } : {}),
  backupWeight: [bytes * BACKUP_FACTOR[0], bytes * BACKUP_FACTOR[1]],
  action: duplicateOf ? `${ACTIONS.duplicate} (${duplicateOf})` : ACTIONS[kind],
})

/** Splits NUL-terminated `SIZE PATH` records. */
function sizedPaths(text: string): { bytes: number; path: string }[] {
  return text
    .split('\0')
    .filter(Boolean)
    .map((rec) => {
      const space = rec.indexOf(' ')
      return { bytes: Number(rec.slice(0, space)), path: rec.slice(space + 1) }
    })
}

/** Files of the same size hashed on the server; each set of equal hashes, the first kept. */
async function duplicates(
  target: SshTarget,
  files: { bytes: number; path: string }[],
  notes: string[],
): Promise<WeightItem[]> {
  const bySize = new Map<number, string[]>()
  for (const f of files) bySize.set(f.bytes, [...(bySize.get(f.bytes) ?? []), f.path])
  const candidates = [...bySize.values()].filter((p) => p.length > 1).flat()
  if (candidates.length === 0) return []
  const r = await target.run(['sha256sum', '--', ...candidates.map((p) => target.commandPath(p))])
  if (r.code === 127) {
    notes.push('This server has no sha256sum: duplicates are not looked for.')
    return []
  }
  const size = new Map(files.map((f) => [target.commandPath(f.path), f]))
  const first = new Map<string, string>()
  const out: WeightItem[] = []
  for (const line of r.stdout.split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.*)$/.exec(line)
    if (!m) continue
    const f = size.get(m[2]!)
    if (!f) continue
    const key = `${f.bytes}:${m[1]}`
    const original = first.get(key)
    if (original === undefined) first.set(key, f.path)
    else out.push(item(f.path, f.bytes, 'duplicate', original))
  }
  return out
}

/** Folders' sizes by du on the server (those that exist). */
async function folderSizes(target: SshTarget, dirs: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  if (dirs.length === 0) return out
  const r = await target.run(['du', '-sk', '--', ...dirs.map((d) => target.commandPath(d))])
  const back = new Map(dirs.map((d) => [target.commandPath(d), d]))
  for (const line of r.stdout.split('\n')) {
    const m = /^(\d+)\s+(.*)$/.exec(line)
    if (m && back.has(m[2]!)) out.set(back.get(m[2]!)!, Number(m[1]) * 1024)
  }
  return out
}

/** The audit of `root`: files of at least `minBytes` and the folders that weigh. */
export async function backupWeight(
  target: SshTarget,
  root: string,
  minBytes: number,
): Promise<BackupWeight> {
  const notes: string[] = []
  const cmd = target.commandPath(root)
  // Big files (size and path), and the .git folders, in one listing of the tree each.
  const [big, gits] = await Promise.all([
    target.run(
      [
        'find',
        cmd,
        '-type',
        'f',
        '-size',
        `+${Math.max(0, Math.floor(minBytes / 1024) - 1)}k`,
        '-printf',
        '%s %p\\0',
      ],
      { maxBytes: 64 << 20 },
    ),
    target.run(['find', cmd, '-type', 'd', '-name', '.git', '-prune', '-print0'], {
      maxBytes: 4 << 20,
    }),
  ])
  if (big.code === 127)
    throw new ServiceError('MISSING_TOOL', 'This server has no find: the audit needs it.')
  if (big.code !== 0 && !big.stdout)
    throw new ServiceError(
      'IO',
      `find failed on ${root}: ${big.stderr.trim() || `exit ${big.code}`}`,
    )
  if (big.code !== 0) notes.push(`find could not read everything: ${big.stderr.split('\n')[0]}`)
  const files = sizedPaths(big.stdout).filter((f) => f.bytes >= minBytes)
  const items: WeightItem[] = []
  for (const f of files) {
    const kind = kindOf(f.path)
    if (kind) items.push(item(f.path, f.bytes, kind))
  }
  // A file already named (a dump twice) is said as the duplicate it is.
  for (const d of await duplicates(target, files, notes)) {
    const i = items.findIndex((x) => x.path === d.path)
    if (i >= 0) items.splice(i, 1)
    items.push(d)
  }
  const gitDirs = gits.stdout.split('\0').filter(Boolean)
  const caches = CACHE_DIRS.map((d) => posix.join(root, d))
  const sizes = await folderSizes(target, [...gitDirs, ...caches])
  for (const g of gitDirs) {
    const bytes = sizes.get(g) ?? 0
    if (bytes >= minBytes) items.push(item(g, bytes, 'git'))
  }
  for (const c of caches) {
    const bytes = sizes.get(c)
    if (bytes !== undefined && bytes >= minBytes) items.push(item(c, bytes, 'cache'))
  }
  // A file inside a .git folder or a cache is counted with its folder.
  const folders = items
    .filter((i) => i.kind === 'git' || i.kind === 'cache')
    .map((i) => `${i.path}/`)
  const kept = items.filter(
    (i) => i.kind === 'git' || i.kind === 'cache' || !folders.some((f) => i.path.startsWith(f)),
  )
  return {
    root,
    items: kept.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)),
    scanned: files.length,
    notes,
  }
}
