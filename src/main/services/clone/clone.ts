// Clones over SSH: the plan (what is excluded per CMS), the copy itself (files, then the database),
// its verification, and the sources and destinations taken from the configured servers.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RowDataPacket } from 'mysql2/promise'
import type { Cms } from '../../../core/schema'
import { ServiceError } from '../platform'
import { connectDatabase, detectCredentials, type DbAccess } from '../schema'
import type { ServerRegistry, SystemSshLogin } from '../platform'
import type { ServerRole } from '../../../shared/api'
import type {
  CloneAnalysis,
  CloneReport,
  CloneRequest,
  CloneStep,
  DumpProgress,
  FileProgress,
  VerifyReport,
} from '../../../shared/clone'
import type { SshTarget } from '../platform'
import {
  checkDestination,
  destinationKey,
  markDestination,
  sourceKey,
  stagingDir,
} from './clone-guard'
import { copyFiles, systemSsh, verifyFiles } from './rsync'
import {
  DumpResult,
  checkDumpFile,
  checkTables,
  compareTables,
  dumpDatabase,
  dumpFileWriter,
  localRelay,
  mysqlImporter,
} from './database'

/** What the caches, sessions and logs of each CMS are: never worth copying. */
export const CMS_EXCLUDES: Record<Cms, string[]> = {
  wordpress: ['/wp-content/cache/', '/wp-content/upgrade/', '/wp-content/debug.log'],
  prestashop: [
    '/var/cache/',
    '/var/logs/',
    '/img/tmp/',
    '/cache/smarty/compile/',
    '/cache/smarty/cache/',
  ],
  'prestashop-1.6': [
    '/cache/smarty/compile/',
    '/cache/smarty/cache/',
    '/cache/cachefs/',
    '/img/tmp/',
    '/log/',
  ],
  magento: [
    '/var/cache/',
    '/var/page_cache/',
    '/var/session/',
    '/var/log/',
    '/var/report/',
    '/generated/',
  ],
  drupal: ['/sites/*/files/css/', '/sites/*/files/js/', '/sites/*/files/php/'],
}

/** PrestaShop 1.6 and 1.7+ keep product, category, brand, supplier and store images alike. */
const PRESTASHOP_IMAGES = ['/img/p/', '/img/c/', '/img/m/', '/img/su/', '/img/st/']

/** Where each CMS keeps its images (the guide asks not to put them in Git). */
export const CMS_IMAGES: Record<Cms, string[]> = {
  wordpress: ['/wp-content/uploads/'],
  prestashop: PRESTASHOP_IMAGES,
  'prestashop-1.6': PRESTASHOP_IMAGES,
  magento: ['/pub/media/catalog/', '/pub/media/wysiwyg/'],
  drupal: ['/sites/*/files/'],
}

/** The host's supervisor folder is the platform's, not the site's. */
const ALWAYS_EXCLUDED = ['/tw_supervisor/']

export interface CloneSource {
  name: string
  target: SshTarget
  login: SystemSshLogin
  cmsRoot: string
  /** The workbench's data folder: the private staging copies and the destination markers. */
  dataDir: string
  /** The CMS and its database, from its configuration (null when none is found). */
  detect(): Promise<{ cms: Cms; db: DbAccess } | null>
}

/** A destination server: the same kind of login as a source. */
export interface CloneDestination {
  name: string
  target: SshTarget
  login: SystemSshLogin
  role: ServerRole
}

/** The staging copy of a clone to a server (private, in the data folder, kept: resumable). */
export function staging(src: CloneSource, dest: CloneDestination): string {
  return stagingDir(src.dataDir, src.name, dest.name)
}

export interface CloneEvents {
  step?(step: CloneStep): void
  files?(p: FileProgress): void
  table?(p: DumpProgress): void
}

const dbLabel = (db: DbAccess): string => `mysql://${db.user}@${db.host}:${db.port}/${db.database}`

async function planned(src: CloneSource, req: CloneRequest) {
  // Said first: rsync's ssh cannot log in like this, whatever the configuration holds.
  if (src.login.problem) throw new ServiceError('AUTH_FAILED', src.login.problem)
  const found = await src.detect()
  if ((req.dbTo || req.dbDump) && !found) {
    throw new ServiceError(
      'NOT_FOUND',
      `No CMS configuration with database credentials under ${src.cmsRoot}: the database cannot be copied.`,
    )
  }
  const excludes = [
    ...ALWAYS_EXCLUDED,
    ...(found ? CMS_EXCLUDES[found.cms] : []),
    ...(found && req.excludeImages ? CMS_IMAGES[found.cms] : []),
  ]
  return { found, excludes }
}

/**
 * Refuses a destination rsync --delete would empty of someone else's files (see clone-guard):
 * called before a job starts, so that the user is asked, and again by the clone itself.
 */
export async function checkCloneDestination(
  src: CloneSource,
  req: CloneRequest,
  dest?: CloneDestination,
): Promise<void> {
  if (req.dryRun) return
  await checkDestination({
    dataDir: src.dataDir,
    source: sourceKey(src.name, src.cmsRoot),
    to: req.to,
    ...(dest ? { server: { name: dest.name, target: dest.target } } : {}),
    force: req.forceIntoNonEmpty === true,
  })
}

export async function cloneSite(
  src: CloneSource,
  req: CloneRequest,
  events: CloneEvents = {},
  signal?: AbortSignal,
  dest?: CloneDestination,
): Promise<CloneReport> {
  const started = Date.now()
  const { found, excludes } = await planned(src, req)
  if (!req.dryRun) {
    await checkCloneDestination(src, req, dest)
    // Marked before the first byte: an interrupted clone resumes without a second confirmation.
    markDestination(
      src.dataDir,
      destinationKey(req.to, dest?.name),
      sourceKey(src.name, src.cmsRoot),
    )
  }
  const rsh = await systemSsh(src.target, src.login)
  const destRsh = dest ? await systemSsh(dest.target, dest.login) : null
  const label = dest ? `${dest.name}:${req.to}` : req.to
  try {
    events.step?.({ step: 'files', from: src.cmsRoot, to: label, dryRun: req.dryRun === true })
    const t0 = Date.now()
    const common = {
      excludes,
      ...(req.bwlimitKBps ? { bwlimitKBps: req.bwlimitKBps } : {}),
      ...(req.dryRun ? { dryRun: true } : {}),
    }
    // Each link measured: the fetch from the source, the push to a destination server.
    const compressed = (await src.target.reads?.linkIsSlow()) === true
    const pushCompressed = dest ? (await dest.target.reads?.linkIsSlow()) === true : false
    // To a server: fetched into a local staging copy first (rsync has one remote end), kept
    // so that the next run only moves what changed.
    const local = dest ? staging(src, dest) : req.to
    let files = await copyFiles(
      rsh,
      {
        cmsRoot: src.cmsRoot,
        to: local,
        ...common,
        compress: compressed,
        ...(dest ? { dryRun: false } : {}),
      },
      events.files,
      signal,
    )
    if (dest && destRsh) {
      events.step?.({ step: 'push', to: label })
      files = await copyFiles(
        destRsh,
        { cmsRoot: req.to, to: local, push: true, ...common, compress: pushCompressed },
        events.files,
        signal,
      )
    }
    const fileSeconds = (Date.now() - t0) / 1000
    let database: CloneReport['database'] = null
    if (found && (req.dbTo || req.dbDump) && !req.dryRun) {
      const into = req.dbDump ?? (dest ? `${dest.name}: ${dbLabel(req.dbTo!)}` : dbLabel(req.dbTo!))
      events.step?.({ step: 'database', database: found.db.database, into })
      const t1 = Date.now()
      const relay =
        dest && req.dbTo ? await localRelay(dest.target, req.dbTo.host, req.dbTo.port) : null
      try {
        const sink = req.dbDump
          ? dumpFileWriter(req.dbDump)
          : mysqlImporter(relay ? { ...req.dbTo!, host: '127.0.0.1', port: relay.port } : req.dbTo!)
        const written = sink.done.then(
          () => null,
          (err: unknown) => err as Error,
        )
        let dumped: DumpResult
        try {
          dumped = await dumpDatabase(src.target, found.db, sink.stdin, events.table, signal)
        } catch (err) {
          sink.stdin.end()
          await written
          const e = err as ServiceError
          throw new ServiceError(
            e.code ?? 'IO',
            `${e.message} ${req.dbDump ? `${req.dbDump} is incomplete.` : `The database ${req.dbTo!.database} is incomplete.`}`,
          )
        }
        sink.stdin.end()
        const failed = await written
        if (failed) throw failed
        database = {
          into,
          tables: dumped.tables.length,
          bytes: dumped.bytes,
          seconds: (Date.now() - t1) / 1000,
          notes: dumped.notes,
        }
      } finally {
        relay?.close()
      }
    }
    return {
      source: { server: src.name, cmsRoot: src.cmsRoot, cms: found?.cms ?? null },
      to: label,
      dryRun: req.dryRun === true,
      startedAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
      excluded: excludes,
      files: { ...files, seconds: fileSeconds, compressed: compressed || pushCompressed },
      database,
    }
  } finally {
    rsh.cleanup()
    destRsh?.cleanup()
  }
}

export async function verifyClone(
  src: CloneSource,
  req: Pick<CloneRequest, 'to' | 'dbTo' | 'dbDump' | 'excludeImages'>,
  signal?: AbortSignal,
  dest?: CloneDestination,
): Promise<VerifyReport> {
  const { found, excludes } = await planned(src, req)
  const rsh = await systemSsh(src.target, src.login)
  const destRsh = dest ? await systemSsh(dest.target, dest.login) : null
  let files: VerifyReport['files']
  try {
    const local = dest ? staging(src, dest) : req.to
    files = await verifyFiles(rsh, { cmsRoot: src.cmsRoot, to: local, excludes }, signal)
    if (destRsh) {
      // Source = staging copy, and staging copy = destination: source = destination.
      const second = await verifyFiles(
        destRsh,
        { cmsRoot: req.to, to: local, excludes, push: true },
        signal,
      )
      files = {
        checked: Math.max(files.checked, second.checked),
        differences: [...new Set([...files.differences, ...second.differences])],
      }
    }
  } finally {
    rsh.cleanup()
    destRsh?.cleanup()
  }
  let tables: VerifyReport['tables'] = { checked: 0, differences: [] }
  if (found && (req.dbTo || req.dbDump)) {
    const source = await checkTables(found.db, src.target)
    const differences = req.dbTo
      ? compareTables(source, await checkTables(req.dbTo, dest?.target))
      : await checkDumpFile(req.dbDump!, [...source.keys()])
    tables = { checked: source.size, differences }
  }
  return { files, tables }
}

/** The clone source for a configured SSH server: its jail, login and CMS. */
export function cloneSourceFor(servers: ServerRegistry, idOrName: string): CloneSource {
  const info = servers.info(idOrName)
  if (info.kind !== 'ssh') {
    throw new ServiceError('BAD_REQUEST', `${info.name} is not an SSH server: it cannot be cloned.`)
  }
  const target = servers.sshTarget(info.id)
  return {
    name: info.name,
    target,
    login: servers.systemSshLogin(info.id),
    cmsRoot: info.cmsRoot,
    dataDir: servers.dataDir,
    detect: async () => {
      let detected
      try {
        detected = await detectCredentials(target, info.cmsRoot)
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'NOT_FOUND') return null
        throw err
      }
      // Credentials typed by hand for this server win over the configuration's.
      const stored = servers.profiles.databaseCredentials<DbAccess>(servers.profiles.get(info.id)!)
      return { cms: detected.cms, db: stored ?? detected }
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Analysis and reports

/** What a clone would copy: a dry run of rsync, and the database's tables by size. */
export async function analyseClone(
  src: CloneSource,
  req: Pick<CloneRequest, 'excludeImages'>,
  signal?: AbortSignal,
): Promise<CloneAnalysis> {
  const { found, excludes } = await planned(src, { to: '', ...req })
  const rsh = await systemSsh(src.target, src.login)
  let files
  try {
    const dry = join(tmpdir(), `twb-dry-run-${process.pid}`)
    files = await copyFiles(
      rsh,
      { cmsRoot: src.cmsRoot, to: dry, excludes, dryRun: true },
      undefined,
      signal,
    )
  } finally {
    rsh.cleanup()
  }
  let database: CloneAnalysis['database'] = null
  if (found) {
    const conn = await connectDatabase(found.db, src.target)
    try {
      const [rows] = await conn.query<RowDataPacket[]>(
        'SELECT TABLE_NAME AS name, COALESCE(TABLE_ROWS, 0) AS n, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) AS bytes FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY bytes DESC',
      )
      database = {
        name: found.db.database,
        tables: rows.map((r) => ({
          name: String(r.name),
          rows: Number(r.n),
          bytes: Number(r.bytes),
        })),
      }
    } finally {
      await conn.end().catch(() => undefined)
    }
  }
  return {
    cms: found?.cms ?? null,
    cmsRoot: src.cmsRoot,
    excluded: excludes,
    files: files.files,
    bytes: files.bytes,
    database,
  }
}

/** A configured SSH server as a clone's destination (production only once confirmed). */
export function cloneDestinationFor(
  servers: ServerRegistry,
  idOrName: string,
  confirmProduction: boolean,
): CloneDestination {
  const info = servers.info(idOrName)
  if (info.kind !== 'ssh') {
    throw new ServiceError(
      'READ_ONLY',
      `${info.name} cannot receive a clone: it is not an SSH server.`,
    )
  }
  if (info.role === 'production' && !confirmProduction) {
    throw new ServiceError(
      'CONFIRM_REQUIRED',
      `${info.name} is a production server: cloning onto it replaces its files. Confirm first.`,
    )
  }
  return {
    name: info.name,
    target: servers.sshTarget(info.id),
    login: servers.systemSshLogin(info.id),
    role: info.role,
  }
}
