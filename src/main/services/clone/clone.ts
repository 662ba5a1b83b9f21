// Clone a site from a server: its files with the system rsync over the system ssh (pinned to
// the host key the workbench trusts), its database with mysqldump run on the server and
// streamed here, then a verification of both. Nothing is ever written to the source.
import { spawn } from 'node:child_process'
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Transform, type Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import type { RowDataPacket } from 'mysql2/promise'
import type { Cms } from '../../../core/schema'
import { quoteArg } from '../../../core/text'
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

/** The `ssh` command rsync runs, pinned to the host key the workbench verified, and its env. */
export interface Rsh {
  command: string
  env: NodeJS.ProcessEnv
  remote: string
  cleanup(): void
}

export async function systemSsh(target: SshTarget, login: SystemSshLogin): Promise<Rsh> {
  if (login.problem) throw new ServiceError('AUTH_FAILED', login.problem)
  if (login.jump) {
    throw new ServiceError(
      'BAD_REQUEST',
      'Copying files through a jump host is not supported yet: clone from a server reached directly.',
    )
  }
  await target.connect() // verifies the host key against the one trusted
  const blob = target.hostKeyBlob
  if (!blob) throw new ServiceError('CONNECTION_LOST', 'The server did not show its host key.')
  const type = blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('latin1')
  const dir = mkdtempSync(join(tmpdir(), 'twb-ssh-'))
  const alias = `twb-${target.id}`
  const knownHosts = join(dir, 'known_hosts')
  writeFileSync(knownHosts, `${alias} ${type} ${blob.toString('base64')}\n`, { mode: 0o600 })
  const options = [
    'ssh',
    '-p',
    String(login.port),
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    `HostKeyAlias=${alias}`,
    '-o',
    'ServerAliveInterval=15',
    '-o',
    'ConnectTimeout=20',
    ...(login.keyFile ? ['-o', 'IdentitiesOnly=yes', '-i', login.keyFile] : []),
    '-l',
    login.user,
  ]
  return {
    command: options.map(quoteArg).join(' '),
    env: {
      ...process.env,
      ...(login.agentSocket ? { SSH_AUTH_SOCK: login.agentSocket } : { SSH_AUTH_SOCK: '' }),
    },
    remote: login.host,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export interface RsyncResult {
  /** Lines rsync printed on stdout (itemized changes, stats). */
  lines: string[]
  stats: Record<string, string>
}

/** Runs the system rsync; progress from `--info=progress2`; a clear error when it fails. */
export async function runRsync(
  args: string[],
  env: NodeJS.ProcessEnv,
  onProgress?: (p: FileProgress) => void,
  signal?: AbortSignal,
): Promise<RsyncResult> {
  const child = spawn('rsync', args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const onAbort = (): void => void child.kill('SIGTERM')
  signal?.addEventListener('abort', onAbort, { once: true })
  const lines: string[] = []
  let err = ''
  let pending = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (text: string) => {
    pending += text
    const parts = pending.split(/[\r\n]/)
    pending = parts.pop() ?? ''
    for (const part of parts) {
      const m = /^\s*([\d,]+)\s+(\d+)%\s+(\S+)\s+(\d+:\d+:\d+)/.exec(part)
      if (m) {
        onProgress?.({
          bytes: Number(m[1]!.replaceAll(',', '')),
          percent: Number(m[2]),
          rate: m[3]!,
          eta: m[4]!,
        })
      } else if (part.trim()) lines.push(part)
    }
  })
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (text: string) => (err = (err + text).slice(-8000)))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        reject(
          new ServiceError(
            'MISSING_TOOL',
            'rsync is not installed on this computer (Debian/Ubuntu: apt-get install rsync).',
          ),
        )
      } else reject(e)
    })
    child.once('close', resolve)
  })
  signal?.removeEventListener('abort', onAbort)
  if (pending.trim()) lines.push(pending)
  if (signal?.aborted)
    throw new ServiceError('CANCELLED', 'Copy cancelled: run it again to resume.')
  if (code !== 0) {
    if (/rsync: (command )?not found|rsync: No such file/.test(err) || code === 127) {
      throw new ServiceError(
        'MISSING_TOOL',
        'rsync is missing on the server: the host must provide it in the jail to copy files.',
      )
    }
    if (/Host key verification failed|REMOTE HOST IDENTIFICATION/.test(err)) {
      throw new ServiceError(
        'HOST_KEY_CHANGED',
        'ssh refused the host key: it is not the one the workbench trusts for this server.',
      )
    }
    if (/Permission denied \(/.test(err)) {
      throw new ServiceError('AUTH_FAILED', "The server refused the key for rsync's ssh login.")
    }
    throw new ServiceError(
      'IO',
      `rsync stopped (exit code ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`,
    )
  }
  const stats: Record<string, string> = {}
  for (const l of lines) {
    const m = /^([A-Z][A-Za-z ]+?): (.+)$/.exec(l)
    if (m) stats[m[1]!] = m[2]!
  }
  return { lines, stats }
}

/** `Number of files: 1,234 (reg: 1,000, dir: 234)` → 1234. */
function statNumber(stats: Record<string, string>, key: string): number {
  const m = /^([\d,]+)/.exec(stats[key] ?? '')
  return m ? Number(m[1]!.replaceAll(',', '')) : 0
}

export interface FileCopyOptions {
  /** The folder on the server (its CMS root when pulling, the destination when pushing). */
  cmsRoot: string
  /** Send the local folder `to` to the server instead of fetching. */
  push?: boolean
  to: string
  excludes: string[]
  bwlimitKBps?: number
  dryRun?: boolean
}

function rsyncArgs(rsh: Rsh, o: FileCopyOptions, extra: string[]): string[] {
  const remote = `${rsh.remote}:${o.cmsRoot.replace(/\/?$/, '/')}`
  const local = `${o.to.replace(/\/?$/, '/')}`
  return [
    '-a',
    // The remote path goes to the remote rsync as data, not through its shell: a CMS root with
    // spaces or shell characters is safe with rsync builds older than 3.2.4 too.
    '--protect-args',
    '--delete', // the destination becomes an exact copy (excluded paths are left alone)
    ...o.excludes.map((e) => `--exclude=${e}`),
    ...(o.bwlimitKBps ? [`--bwlimit=${o.bwlimitKBps}`] : []),
    ...extra,
    '-e',
    rsh.command,
    // Pull from the server, or push to it (a clone to another server, from the staging copy).
    ...(o.push ? [local, remote] : [remote, local]),
  ]
}

export async function copyFiles(
  rsh: Rsh,
  o: FileCopyOptions,
  onProgress?: (p: FileProgress) => void,
  signal?: AbortSignal,
): Promise<{ files: number; bytes: number; transferred: number; stats: Record<string, string> }> {
  if (!o.dryRun && !o.push) mkdirSync(o.to, { recursive: true })
  const r = await runRsync(
    rsyncArgs(rsh, o, [
      '--partial', // an interrupted copy resumes where it stopped
      '--info=progress2,stats2',
      '--no-inc-recursive',
      ...(o.dryRun ? ['--dry-run'] : []),
    ]),
    rsh.env,
    onProgress,
    signal,
  )
  return {
    files: statNumber(r.stats, 'Number of files'),
    bytes: statNumber(r.stats, 'Total file size'),
    transferred: statNumber(r.stats, 'Total transferred file size'),
    stats: r.stats,
  }
}

/** Files that differ (content by checksum, or missing on either side): none after a good copy. */
export async function verifyFiles(
  rsh: Rsh,
  o: FileCopyOptions,
  signal?: AbortSignal,
): Promise<{ checked: number; differences: string[] }> {
  const r = await runRsync(
    rsyncArgs(rsh, { ...o, dryRun: true }, [
      '--dry-run',
      '--checksum',
      '--itemize-changes',
      '--out-format=%i %n',
      '--stats',
    ]),
    rsh.env,
    undefined,
    signal,
  )
  const differences = r.lines
    .filter((l) => /^([<>ch.*][fdLDS]|\*deleting)/.test(l))
    .map((l) => l.replace(/^\S+\s+/, ''))
  return { checked: statNumber(r.stats, 'Number of files'), differences }
}

// ---------------------------------------------------------------------------------------------
// Database

export interface DumpResult {
  tables: string[]
  bytes: number
  completed: boolean
  /** What had to be left out, and why (no EVENT privilege…). */
  notes: string[]
}

/**
 * Dump lines made importable anywhere: DEFINER clauses removed (views, triggers and routines
 * then belong to the importing user) and the sandbox first line of newer mariadb-dump dropped.
 */
export function createDumpFixer(onLine?: (line: string) => void): Transform {
  let rest = ''
  let first = true
  const fix = (line: string): string => {
    if (first) {
      first = false
      if (/^\/\*M?!999999\\- enable the sandbox mode \*\/$/.test(line)) return ''
    }
    onLine?.(line)
    // Only statement heads carry DEFINER: INSERT lines (most of the bytes) are left untouched.
    if (!line.startsWith('INSERT') && line.includes('DEFINER=')) {
      line = line.replace(/DEFINER=(`[^`]*`|'[^']*'|\S+?)@(`[^`]*`|'[^']*'|[^\s*]+)/g, '')
    }
    return line + '\n'
  }
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const text = rest + chunk.toString('utf8')
      const parts = text.split('\n')
      rest = parts.pop() ?? ''
      done(null, parts.map(fix).join(''))
    },
    flush(done) {
      done(null, rest ? fix(rest).slice(0, -1) : '')
    },
  })
}

/** The mysqldump command for the server's own mysqldump (a MySQL 8 one needs one more flag). */
export async function mysqldumpArgs(target: SshTarget, db: DbAccess): Promise<string[]> {
  const version = await target.run(['mysqldump', '--version'])
  if (version.code === 127 || /not found/.test(version.stderr)) {
    throw new ServiceError('MISSING_TOOL', 'mysqldump is missing on the server.')
  }
  // A MySQL 8 mysqldump asks for column statistics older servers (and MariaDB) do not have.
  const mysql8 = /Ver 8\.|Distrib 8\./.test(version.stdout) && !/MariaDB/i.test(version.stdout)
  return [
    'mysqldump',
    // First, or a ~/.my.cnf in the jail overrides what is passed here (MDEV-15835's kin).
    '--no-defaults',
    '--single-transaction',
    '--quick',
    '--routines',
    '--triggers',
    '--events',
    '--hex-blob',
    '--no-tablespaces',
    ...(mysql8 ? ['--column-statistics=0'] : []),
    '--default-character-set=utf8mb4',
    '-h',
    db.host,
    '-P',
    String(db.port),
    '-u',
    db.user,
    db.database,
  ]
}

/**
 * Runs mysqldump on the server (password through the channel, never on a command line),
 * compressed there when the jail has gzip, and writes the fixed dump into `sink`.
 */
export async function dumpDatabase(
  target: SshTarget,
  db: DbAccess,
  sink: Writable,
  onProgress?: (p: DumpProgress) => void,
  signal?: AbortSignal,
): Promise<DumpResult> {
  const notes: string[] = []
  const gzip = (await target.run(['sh', '-c', 'command -v gzip'])).code === 0
  // The server's mysqldump is probed once; a retry only drops --events.
  const allArgs = await mysqldumpArgs(target, db)
  const attempt = async (withEvents: boolean): Promise<DumpResult | 'retry-without-events'> => {
    const args = withEvents ? allArgs : allArgs.filter((a) => a !== '--events')
    const argv = gzip ? ['sh', '-c', '"$@" | gzip -1', 'sh', ...args] : args
    const proc = target.exec(argv, {
      ...(signal ? { signal } : {}),
      secretEnv: { name: 'MYSQL_PWD', value: db.password },
    })
    const tables: string[] = []
    let bytes = 0
    let completed = false
    let err = ''
    proc.stderr.setEncoding('utf8')
    proc.stderr.on('data', (t: string) => (err = (err + t).slice(-8000)))
    const counter = new PassThrough()
    counter.on('data', (c: Buffer) => (bytes += c.length))
    const fixer = createDumpFixer((line) => {
      if (line.startsWith('-- Table structure for table `')) {
        const name = line.slice(30, -1)
        tables.push(name)
        onProgress?.({ table: name, tables: tables.length, bytes })
      } else if (line.startsWith('-- Dump completed')) completed = true
    })
    const stages: (Readable | Transform | Writable)[] = [proc.stdout, counter]
    if (gzip) stages.push(createGunzip())
    stages.push(fixer, sink)
    const piped = pipeline(stages as [Readable, ...Transform[], Writable], { end: true })
    const [exit] = await Promise.all([proc.exit, piped.catch((e: unknown) => e)])
    if (signal?.aborted) throw new ServiceError('CANCELLED', 'Dump cancelled.')
    if (
      withEvents &&
      /show events|EVENT command denied|Access denied.*EVENT/i.test(err) &&
      !completed
    ) {
      return 'retry-without-events'
    }
    if (!completed) {
      const why = err.trim().split('\n').filter(Boolean).slice(-2).join(' ')
      if (/Access denied/.test(why)) throw new ServiceError('AUTH_FAILED', `mysqldump: ${why}`)
      throw new ServiceError(
        'IO',
        `mysqldump did not finish (exit code ${exit.code ?? 'none'})${why ? `: ${why}` : ''}.`,
      )
    }
    return { tables, bytes, completed, notes }
  }
  let r = await attempt(true)
  if (r === 'retry-without-events') {
    notes.push('Events were left out: the database user has no EVENT privilege.')
    r = await attempt(false)
    if (r === 'retry-without-events') throw new ServiceError('IO', 'mysqldump failed.')
  }
  return r
}

/** A writable that imports SQL into a database with the local `mysql` client. */
export function mysqlImporter(db: DbAccess): { stdin: Writable; done: Promise<void> } {
  const child = spawn(
    'mysql',
    [
      '--no-defaults',
      '-h',
      db.host,
      '-P',
      String(db.port),
      '-u',
      db.user,
      '--default-character-set=utf8mb4',
      db.database,
    ],
    { env: { ...process.env, MYSQL_PWD: db.password }, stdio: ['pipe', 'ignore', 'pipe'] },
  )
  let err = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (t: string) => (err = (err + t).slice(-4000)))
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new ServiceError(
              'MISSING_TOOL',
              'The mysql client is not installed here (apt-get install mariadb-client).',
            )
          : e,
      ),
    )
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new ServiceError('IO', importError(db, err))),
    )
  })
  return { stdin: child.stdin, done }
}

function importError(db: DbAccess, err: string): string {
  const last =
    err
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('ERROR'))
      .pop() ?? err.trim()
  const hint = /ERROR 1419/.test(last)
    ? ' The destination logs binary changes: its triggers and routines need log_bin_trust_function_creators=1 (set by its administrator) or a user with SUPER.'
    : ''
  return `Import into ${db.database} failed: ${last}${hint}`
}

/** A `.sql.gz` file being written; `done` settles when it is on disk. */
export function dumpFileWriter(path: string): { stdin: Writable; done: Promise<void> } {
  const gz = createGzip({ level: 6 })
  return { stdin: gz, done: pipeline(gz, createWriteStream(path)) }
}

// ---------------------------------------------------------------------------------------------
// Verification

export interface TableCheck {
  rows: number
  checksum: string | null
}

/** Row counts and CHECKSUM TABLE of every base table. */
export async function checkTables(db: DbAccess, via?: SshTarget): Promise<Map<string, TableCheck>> {
  const conn = await connectDatabase(db, via)
  try {
    const [list] = await conn.query<RowDataPacket[]>(
      "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    )
    const names = list.map((r) => String(r.name))
    const out = new Map<string, TableCheck>()
    const q = (n: string): string => '`' + n.replace(/`/g, '``') + '`'
    for (let i = 0; i < names.length; i += 50) {
      const batch = names.slice(i, i + 50)
      const [sums] = await conn.query<RowDataPacket[]>(`CHECKSUM TABLE ${batch.map(q).join(', ')}`)
      const [counts] = await conn.query<RowDataPacket[]>(
        batch
          .map((n) => `SELECT ${conn.escape(n)} AS name, COUNT(*) AS n FROM ${q(n)}`)
          .join(' UNION ALL '),
      )
      const sumOf = new Map(
        sums.map((r) => [
          String(r.Table).split('.').pop()!,
          r.Checksum === null ? null : String(r.Checksum),
        ]),
      )
      for (const c of counts)
        out.set(String(c.name), { rows: Number(c.n), checksum: sumOf.get(String(c.name)) ?? null })
    }
    return out
  } finally {
    await conn.end().catch(() => undefined)
  }
}

export function compareTables(
  source: Map<string, TableCheck>,
  dest: Map<string, TableCheck>,
): string[] {
  const differences: string[] = []
  for (const [name, s] of source) {
    const d = dest.get(name)
    if (!d) differences.push(`${name}: missing at the destination`)
    else if (d.rows !== s.rows)
      differences.push(`${name}: ${s.rows} rows at the source, ${d.rows} at the destination`)
    else if (d.checksum !== s.checksum)
      differences.push(`${name}: same row count, different content (CHECKSUM TABLE)`)
  }
  for (const name of dest.keys())
    if (!source.has(name)) differences.push(`${name}: only at the destination`)
  return differences
}

/** A dump file is complete when every source table is created in it and its trailer is there. */
export async function checkDumpFile(path: string, sourceTables: string[]): Promise<string[]> {
  const created = new Set<string>()
  let completed = false
  const fixer = createDumpFixer((line) => {
    if (line.startsWith('CREATE TABLE `')) created.add(line.slice(14, line.indexOf('`', 14)))
    else if (line.startsWith('-- Dump completed')) completed = true
  })
  try {
    await pipeline(createReadStream(path), createGunzip(), fixer, new PassThrough().resume())
  } catch (err) {
    return [`${path}: ${(err as Error).message}`]
  }
  const differences = sourceTables
    .filter((t) => !created.has(t))
    .map((t) => `${t}: not in the dump`)
  if (!completed) differences.push('the dump has no "-- Dump completed" trailer: it was cut')
  return differences
}

// ---------------------------------------------------------------------------------------------
// The whole clone

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
function staging(src: CloneSource, dest: CloneDestination): string {
  return stagingDir(src.dataDir, src.name, dest.name)
}

/**
 * A local TCP port that reaches `host:port` as the server sees it, through its SSH connection:
 * for the `mysql` client, which cannot use an SSH tunnel by itself.
 */
export async function localRelay(
  target: SshTarget,
  host: string,
  port: number,
): Promise<{ port: number; close(): void }> {
  const open = new Set<{ destroy(): void }>()
  const server = createServer((socket) => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
    target.forward(host === 'localhost' ? '127.0.0.1' : host, port).then(
      (remote) => {
        open.add(remote)
        remote.once('close', () => open.delete(remote))
        socket.pipe(remote).pipe(socket)
        socket.on('error', () => remote.destroy())
        remote.on('error', () => socket.destroy())
      },
      () => socket.destroy(),
    )
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return {
    port: (server.address() as AddressInfo).port,
    // The import is over: nothing of the tunnel may keep the process alive.
    close: () => {
      for (const s of open) s.destroy()
      server.close()
    },
  }
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
    // To a server: fetched into a local staging copy first (rsync has one remote end), kept
    // so that the next run only moves what changed.
    const local = dest ? staging(src, dest) : req.to
    let files = await copyFiles(
      rsh,
      { cmsRoot: src.cmsRoot, to: local, ...common, ...(dest ? { dryRun: false } : {}) },
      events.files,
      signal,
    )
    if (dest && destRsh) {
      events.step?.({ step: 'push', to: label })
      files = await copyFiles(
        destRsh,
        { cmsRoot: req.to, to: local, push: true, ...common },
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
      files: { ...files, seconds: fileSeconds },
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

/** Reports are kept as JSON files in `<data dir>/clones/`, newest first when listed. */
export function saveCloneReport(dataDir: string, report: CloneReport): string {
  const dir = join(dataDir, 'clones')
  mkdirSync(dir, { recursive: true })
  const name = `${report.startedAt.replace(/[:.]/g, '-')}-${report.source.server.replace(/[^\w.-]+/g, '_')}.json`
  const file = join(dir, name)
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n')
  return file
}

export function listCloneReports(
  dataDir: string,
  server: string,
): (CloneReport & { file: string })[] {
  const dir = join(dataDir, 'clones')
  let names: string[]
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'))
  } catch {
    return []
  }
  const out: (CloneReport & { file: string })[] = []
  for (const n of names.sort().reverse()) {
    try {
      const r = JSON.parse(readFileSync(join(dir, n), 'utf8')) as CloneReport
      if (r.source?.server === server) out.push({ ...r, file: join(dir, n) })
    } catch {
      // a damaged report is skipped, the others still list
    }
  }
  return out
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
