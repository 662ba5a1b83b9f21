// Safety snapshots before a risky deploy (issue #23), on this computer, with the clone engine: the
// site's files by rsync with --link-dest to the previous snapshot (an unchanged file costs a hard
// link), its database by mysqldump; listed, pruned, and one table restored from one into a
// database. Nothing is written to the server.
import { createReadStream, existsSync } from 'node:fs'
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { isAbsolute, join, posix, relative, sep } from 'node:path'
import { createInterface } from 'node:readline'
import { createGunzip } from 'node:zlib'
import type { DbAccess, SiteSnapshot, SnapshotComparison } from '../../../shared/api'
import {
  CMS_EXCLUDES,
  copyFiles,
  dumpDatabase,
  dumpFileWriter,
  mysqlImporter,
  privateDir,
  runRsync,
  systemSsh,
  type CloneSource,
} from '../clone'
import { ServiceError, type SshTarget, type SystemSshLogin } from '../platform'

const safe = (name: string): string => name.replace(/[^\w.-]+/g, '_')
const folder = (dataDir: string, server: string): string =>
  join(dataDir, 'site-snapshots', safe(server))

/** The snapshots of a server, newest first. */
export async function listSnapshots(dataDir: string, server: string): Promise<SiteSnapshot[]> {
  const base = folder(dataDir, server)
  if (!existsSync(base)) return []
  const out: SiteSnapshot[] = []
  for (const id of await readdir(base)) {
    try {
      out.push(JSON.parse(await readFile(join(base, id, 'snapshot.json'), 'utf8')) as SiteSnapshot)
    } catch {
      // an interrupted snapshot (no snapshot.json): not listed, pruned with the others
    }
  }
  return out.sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1))
}

/** Takes a snapshot of the site: its files (linked to the previous snapshot) and its database. */
export async function takeSnapshot(src: CloneSource, signal?: AbortSignal): Promise<SiteSnapshot> {
  if (src.login.problem) throw new ServiceError('AUTH_FAILED', src.login.problem)
  const takenAt = new Date().toISOString()
  const id = takenAt.replace(/[:.]/g, '-')
  const dir = privateDir(join(folder(src.dataDir, src.name), id))
  const previous = (await listSnapshots(src.dataDir, src.name))[0] ?? null
  const found = await src.detect()
  const rsh = await systemSsh(src.target, src.login)
  const files = await copyFiles(
    rsh,
    {
      cmsRoot: src.cmsRoot,
      to: join(dir, 'files'),
      // The CMS's caches are rebuilt by the site: not kept.
      excludes: ['/tw_supervisor/', ...(found ? CMS_EXCLUDES[found.cms] : [])],
      compress: (await src.target.reads?.linkIsSlow()) === true,
      ...(previous ? { linkDest: join(folder(src.dataDir, src.name), previous.id, 'files') } : {}),
    },
    undefined,
    signal,
  )
  const snap: SiteSnapshot = {
    id,
    server: src.name,
    takenAt,
    cmsRoot: src.cmsRoot,
    files: files.files,
    bytes: files.bytes,
    transferred: files.transferred,
    linkedTo: previous?.id ?? null,
    database: null,
    tables: [],
    notes: [],
  }
  if (!found)
    snap.notes.push(`No CMS configuration under ${src.cmsRoot}: the database is not kept.`)
  else {
    const sink = dumpFileWriter(join(dir, 'database.sql.gz'))
    const dumped = await dumpDatabase(src.target, found.db, sink.stdin, undefined, signal)
    await sink.done
    snap.database = found.db.database
    snap.tables = dumped.tables
    snap.notes.push(...dumped.notes)
  }
  await writeFile(join(dir, 'snapshot.json'), JSON.stringify(snap, null, 2), { mode: 0o600 })
  return snap
}

/** Removes all but the `keep` newest snapshots (and any interrupted one); returns their ids. */
export async function pruneSnapshots(
  dataDir: string,
  server: string,
  keep: number,
): Promise<string[]> {
  const base = folder(dataDir, server)
  if (!existsSync(base)) return []
  const kept = new Set((await listSnapshots(dataDir, server)).slice(0, keep).map((s) => s.id))
  const removed = (await readdir(base)).filter((id) => !kept.has(id))
  for (const id of removed) await rm(join(base, id), { recursive: true, force: true })
  return removed
}

/**
 * Restores one table of a snapshot's dump into a database (its structure and its rows, the
 * table dropped there first): the dump's header, then that table's section only.
 */
export async function restoreTable(
  dataDir: string,
  server: string,
  id: string,
  table: string,
  db: DbAccess,
): Promise<{ table: string; statements: number }> {
  const snap = (await listSnapshots(dataDir, server)).find((s) => s.id === id)
  if (!snap) throw new ServiceError('NOT_FOUND', `No snapshot ${id} of ${server}.`)
  if (!snap.tables.includes(table))
    throw new ServiceError(
      'NOT_FOUND',
      `The snapshot ${id} has no table ${table} (it has ${snap.tables.length}: ${snap.tables.slice(0, 10).join(', ')}…).`,
    )
  const importer = mysqlImporter(db)
  const lines = createInterface({
    input: createReadStream(join(folder(dataDir, server), id, 'database.sql.gz')).pipe(
      createGunzip(),
    ),
    crlfDelay: Infinity,
  })
  const start = `-- Table structure for table \`${table}\``
  let part: 'header' | 'table' | 'other' = 'header'
  let statements = 0
  for await (const line of lines) {
    if (line.startsWith('-- Table structure for table `') || line.startsWith('-- Dump completed'))
      part = line === start ? 'table' : 'other'
    else if (
      /^-- (Temporary table structure|Final view structure|Dumping routines|Dumping events)/.test(
        line,
      )
    )
      part = 'other'
    if (part === 'other') continue
    if (part === 'table' && line.endsWith(';') && !line.startsWith('--')) statements++
    if (!importer.stdin.write(`${line}\n`))
      await new Promise<void>((ok) => importer.stdin.once('drain', ok))
  }
  importer.stdin.end()
  await importer.done
  return { table, statements }
}

/** Every file under `root` (relative paths) with its inode. */
async function fileInodes(root: string): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  if (!existsSync(root)) return out
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    out.set(relative(root, path), (await stat(path)).ino)
  }
  return out
}

/** Each table's CREATE TABLE in a snapshot's dump, its AUTO_INCREMENT counter left out. */
async function createTables(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const file = join(dir, 'database.sql.gz')
  if (!existsSync(file)) return out
  const lines = createInterface({
    input: createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  })
  let table: string | null = null
  let text = ''
  for await (const line of lines) {
    const m = /^CREATE TABLE `((?:[^`]|``)+)` \($/.exec(line)
    if (m) {
      table = m[1]!
      text = ''
    }
    if (table === null) continue
    text += `${line.replace(/ AUTO_INCREMENT=\d+/, '')}\n`
    if (line.endsWith(';')) {
      out.set(table, text)
      table = null
    }
  }
  return out
}

export async function compareSnapshots(
  dataDir: string,
  server: string,
  from: string,
  to: string,
): Promise<SnapshotComparison> {
  const known = new Set((await listSnapshots(dataDir, server)).map((s) => s.id))
  for (const id of [from, to])
    if (!known.has(id)) throw new ServiceError('NOT_FOUND', `No snapshot ${id} of ${server}.`)
  const base = folder(dataDir, server)
  const [a, b] = await Promise.all([
    fileInodes(join(base, from, 'files')),
    fileInodes(join(base, to, 'files')),
  ])
  const files: SnapshotComparison['files'] = { added: [], removed: [], changed: [], same: 0 }
  for (const [path, ino] of b) {
    const before = a.get(path)
    if (before === undefined) files.added.push(path)
    else if (before === ino) files.same++
    else files.changed.push(path)
  }
  for (const path of a.keys()) if (!b.has(path)) files.removed.push(path)
  const [ta, tb] = await Promise.all([createTables(join(base, from)), createTables(join(base, to))])
  const tables: SnapshotComparison['tables'] = { added: [], removed: [], changed: [] }
  for (const [name, create] of tb) {
    const before = ta.get(name)
    if (before === undefined) tables.added.push(name)
    else if (before !== create) tables.changed.push(name)
  }
  for (const name of ta.keys()) if (!tb.has(name)) tables.removed.push(name)
  for (const list of [files.added, files.removed, files.changed, ...Object.values(tables)])
    list.sort()
  return { from, to, files, tables }
}

/**
 * Puts one file of a snapshot back on a server, at its place under `root` (rsync, that file
 * only: nothing else there is touched).
 */
export async function restoreFile(
  dataDir: string,
  server: string,
  id: string,
  path: string,
  into: { target: SshTarget; login: SystemSshLogin; root: string },
): Promise<{ path: string; to: string; bytes: number }> {
  const local = join(folder(dataDir, server), id, 'files', path)
  const inside = relative(join(folder(dataDir, server), id, 'files'), local)
  if (inside.startsWith('..') || isAbsolute(inside))
    throw new ServiceError('BAD_REQUEST', `${path} is not a path inside the snapshot.`)
  const file = existsSync(local) ? await stat(local) : null
  if (!file?.isFile())
    throw new ServiceError('NOT_FOUND', `The snapshot ${id} has no file ${path}.`)
  if (into.login.problem) throw new ServiceError('AUTH_FAILED', into.login.problem)
  const rsh = await systemSsh(into.target, into.login)
  const to = posix.join(into.root, inside.split(sep).join('/'))
  await runRsync(['-a', '--protect-args', '-e', rsh.command, local, `${rsh.remote}:${to}`], rsh.env)
  return { path: inside, to, bytes: file.size }
}
