// The database of a clone: mysqldump on the source (over SSH), into a MySQL server or a .sql.gz
// file; tables checked by counts and checksums afterwards.
import { spawn } from 'node:child_process'
import { createReadStream, createWriteStream } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { PassThrough, Transform, type Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import type { RowDataPacket } from 'mysql2/promise'
import { ServiceError } from '../platform'
import { connectDatabase, type DbAccess } from '../schema'
import type { DumpProgress } from '../../../shared/clone'
import type { SshTarget } from '../platform'

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
    ...addressArgs(db),
    db.database,
  ]
}

/** Where the MySQL clients connect, and as whom (the password goes in MYSQL_PWD, never here). */
function addressArgs(db: DbAccess): string[] {
  return ['-h', db.host, '-P', String(db.port), '-u', db.user]
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
    ['--no-defaults', ...addressArgs(db), '--default-character-set=utf8mb4', db.database],
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

export function importError(db: DbAccess, err: string): string {
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
