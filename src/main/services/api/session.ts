import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  fail,
  isCallName,
  ok,
  type AppInfo,
  type CallName,
  type CallRequest,
  type CallResult,
  type ConnectionState,
  type Result,
  type ServerInfo,
  type ServerProfileInput,
  type Transport,
} from '../../../shared/api'
import { downloadFolder, downloadPath, readRange, runDownload, saveEdit } from '../files'
import { atRiskChanges, saveFiles } from '../preprod'
import { readSshConfig } from '../platform'
import type { SshTarget } from '../platform'
import { correlateRequests, findChanges, listBinlogs, serverZone } from '../binlog'
import {
  banCheck,
  cacheDiagnosis,
  curlFromServer,
  htaccessReader,
  logGrep,
  traceRedirects,
  withoutLogin,
} from '../http'
import type { ChangeFilter } from '../../../core/binlog'
import { analyzeSlowlogs } from '../slowlog'
import { targetSource } from '../platform'
import {
  connectDatabase,
  detectCredentials,
  parseMysqlUrl,
  takeSnapshot,
  type DbAccess,
} from '../schema'
import { diffSchemas } from '../../../core/schema'
import type { TableSnap } from '../../../shared/schema'
import type { RowDataPacket } from 'mysql2/promise'
import type { SnapshotStore } from '../schema'
import { MAX_UPLOAD_CHUNK, UploadManager } from '../files'
import { auditRights, DEFAULT_RESET_TIMEOUT_SEC, resetRights } from '../rights'
import { JobManager, type Emit } from '../platform'
import { discoverLogs, exploreLog, prepareTail, runSearch, runTail } from '../logs'
import { lookupIp, serverReader } from '../http'
import { listProfiles, profileUrl } from '../profiles'
import { parseProfileView } from '../profiles'
import { rewriteSiteUrl } from '../clone'
import {
  analyseClone,
  cloneDestinationFor,
  checkCloneDestination,
  cloneSite,
  cloneSourceFor,
  listCloneReports,
  saveCloneReport,
  verifyClone,
} from '../clone'
import type { CloneRequest } from '../../../shared/clone'
import type { ServerRegistry } from '../platform'
import { checkLogFormats, type SettingsStore } from '../platform'
import type { TerminalManager } from '../terminal'
import { ServiceError, toApiError } from '../platform'
import {
  flag,
  integer,
  object,
  oneOf,
  optionalText,
  text,
  textList,
  type Fields,
} from '../platform'

/** What every client shares: one per process. */
export interface Services {
  servers: ServerRegistry
  settings: SettingsStore
  terminals: TerminalManager
  snapshots: SnapshotStore
  /** The user's downloads folder (files fetched from servers land under it). */
  downloadsDir: string
  /** The built profile-parser worker; parsed on the calling thread when absent. */
  profileWorker?: string
  /** The built worker for big files and users' log formats; the calling thread when absent. */
  partWorker?: string
  info: Omit<AppInfo, 'transport'>
}

type Handlers = { [K in CallName]: (req: unknown) => Promise<CallResult<K>> }

/** One client's view of the services (a window, or a web-mode connection), with its own jobs. */
export interface ApiSession {
  handle(name: unknown, req: unknown): Promise<Result<unknown>>
  dispose(): void
}

export function createApiSession(services: Services, transport: Transport, emit: Emit): ApiSession {
  const jobs = new JobManager(emit)
  const uploads = new UploadManager()
  const { servers, settings } = services
  const onState = (server: string, state: ConnectionState, message?: string): void =>
    emit('server:state', { server, state, ...(message ? { message } : {}) })
  servers.on('state', onState)
  const { terminals } = services
  const watching = new Set<string>()
  const onTermData = (term: string, data: string): void => {
    if (watching.has(term)) emit('term:data', { term, data })
  }
  const onTermExit = (term: string, message?: string): void => {
    if (!watching.delete(term)) return
    emit('term:exit', { term, ...(message ? { message } : {}) })
  }
  terminals.on('data', onTermData)
  terminals.on('exit', onTermExit)

  /** An SSH server; the demo is refused with `why` (it has no shell, database, supervisor…). */
  const sshServer = (r: Fields, why: string): ServerInfo => {
    const server = servers.info(text(r, 'server'))
    if (server.kind !== 'ssh') throw new ServiceError('BAD_REQUEST', why)
    return server
  }

  /** Database access for a server: credentials typed earlier (sealed), else its CMS configuration. */
  const storedOrDetected = async (server: ServerInfo, target: SshTarget): Promise<DbAccess> =>
    servers.profiles.databaseCredentials<DbAccess>(servers.profiles.get(server.id)!) ??
    (await detectCredentials(target, server.cmsRoot))

  /** A clone's destination from a request: a local folder, and a database URL or dump file. */
  const cloneRequest = (r: Fields, server: ServerInfo): CloneRequest => {
    if (optionalText(r, 'toServer', 200) && !optionalText(r, 'to', 4096)) {
      throw new ServiceError('BAD_REQUEST', 'Which folder on the destination server?')
    }
    const to =
      optionalText(r, 'to', 4096) ||
      join(downloadFolder(services.downloadsDir, server.name), 'site')
    if (!to.startsWith('/'))
      throw new ServiceError('BAD_REQUEST', 'The destination is an absolute folder path.')
    const dbUrl = optionalText(r, 'dbUrl', 4096)
    const dbDump = optionalText(r, 'dbDump', 4096)
    if (dbUrl && dbDump)
      throw new ServiceError('BAD_REQUEST', 'Choose a database or a dump file, not both.')
    if (dbDump && !dbDump.startsWith('/'))
      throw new ServiceError('BAD_REQUEST', 'The dump file is an absolute path.')
    const bw = r.bwlimitKBps === undefined ? 0 : integer(r, 'bwlimitKBps', 0, 0, 10_000_000)
    return {
      to,
      ...(dbUrl ? { dbTo: parseMysqlUrl(dbUrl) } : {}),
      ...(dbDump ? { dbDump } : {}),
      ...(flag(r, 'excludeImages', false) ? { excludeImages: true } : {}),
      ...(bw > 0 ? { bwlimitKBps: bw } : {}),
      ...(flag(r, 'dryRun', false) ? { dryRun: true } : {}),
      ...(flag(r, 'forceIntoNonEmpty', false) ? { forceIntoNonEmpty: true } : {}),
    }
  }

  /** A server a user action may write to: never the demo; production only once confirmed. */
  const writableServer = (r: Fields, action: string): ServerInfo => {
    const server = servers.info(text(r, 'server'))
    if (server.kind === 'demo') throw new ServiceError('READ_ONLY', 'The demo server is read-only.')
    if (server.role === 'production' && !flag(r, 'confirmProduction', false)) {
      throw new ServiceError(
        'CONFIRM_REQUIRED',
        `${server.name} is a production server: confirm the ${action} first.`,
      )
    }
    return server
  }

  /** The stored preprod login, for a URL of the site it belongs to only (same host). */
  const storedLogin = (
    site: ReturnType<typeof servers.siteAccess>,
    url: string,
  ): { login: string; password: string } | undefined => {
    const host = (u: string): string | null => {
      try {
        return new URL(u).host
      } catch {
        return null
      }
    }
    return site.url !== undefined && host(url) === host(site.url) ? site.auth : undefined
  }

  /**
   * The URL to diagnose (else the server's site URL or preprod link), and the login for it: the
   * one in the URL, else the stored preprod login, which goes only to the site it belongs to.
   */
  const siteUrl = (
    server: string,
    given: string | undefined,
  ): { url: string; auth?: { login: string; password: string } } => {
    const site = servers.siteAccess(server)
    const wanted = given || site.url
    if (!wanted) {
      throw new ServiceError(
        'BAD_REQUEST',
        'Which URL? Enter it, or set the site URL (or preprod link) of this server.',
      )
    }
    const { url, auth } = withoutLogin(wanted)
    const login = auth ?? storedLogin(site, url.href)
    return { url: url.href, ...(login ? { auth: login } : {}) }
  }

  const handlers: Handlers = {
    'app:info': async () => ({ ...services.info, transport }),
    'settings:get': async () => settings.get(),
    'settings:set': async (req) => {
      const r = object(req)
      const locale = oneOf(r, 'locale', ['en', 'fr', 'system'] as const)
      const theme = oneOf(r, 'theme', ['light', 'dark', 'system'] as const)
      return settings.set({
        ...(locale ? { locale } : {}),
        ...(theme ? { theme } : {}),
        ...(r.logFormats !== undefined ? { logFormats: checkLogFormats(r.logFormats) } : {}),
      })
    },
    'servers:list': async () => servers.list(),
    'servers:add': async (req) => servers.add(profileInput(object(object(req).profile))),
    'servers:update': async (req) => {
      const r = object(req)
      return servers.update(text(r, 'server'), profileInput(object(r.profile)))
    },
    'servers:remove': async (req) => {
      await servers.remove(text(object(req), 'server'))
      return null
    },
    'servers:ssh-config': async () => readSshConfig(),
    'servers:connect': async (req) => servers.connect(text(object(req), 'server')),
    'servers:disconnect': async (req) => {
      await servers.disconnect(text(object(req), 'server'))
      return null
    },
    'servers:trust': async (req) => {
      const r = object(req)
      const host = optionalText(r, 'host', 255)
      const port = r.port === undefined ? undefined : integer(r, 'port', 22, 1, 65535)
      servers.trust(text(r, 'server'), text(r, 'fingerprint', 80), {
        ...(host ? { host } : {}),
        ...(port ? { port } : {}),
        replace: flag(r, 'replace', false),
      })
      return null
    },
    'files:list': async (req) => {
      const r = object(req)
      return servers.target(text(r, 'server')).list(text(r, 'path'))
    },
    'files:read': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      return readRange(
        target,
        text(r, 'path'),
        integer(r, 'start', 0),
        integer(r, 'length', 256 << 10),
      )
    },
    'logs:discover': async (req) => discoverLogs(servers.target(text(object(req), 'server'))),
    'logs:explore': async (req) => {
      const r = object(req)
      const format = optionalText(r, 'format', 100)
      return exploreLog(
        servers.target(text(r, 'server')),
        text(r, 'path'),
        integer(r, 'mb', 16, 1, 256) << 20,
        {
          custom: (await settings.get()).logFormats,
          ...(format ? { format } : {}),
          ...(services.partWorker ? { worker: services.partWorker } : {}),
        },
      )
    },
    'profiles:list': async (req) => listProfiles(servers.target(text(object(req), 'server'))),
    'profiles:open': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const path = text(r, 'path')
      const entry = await target.stat(path)
      if (entry.type !== 'file') throw new ServiceError('NOT_A_FILE', `${path}: not a file.`)
      const { view, parseMs } = await parseProfileView(
        targetSource(target, path),
        services.profileWorker ?? null,
      )
      return { ...view, path, size: entry.size, mtimeMs: entry.mtimeMs, parseMs }
    },
    'profiles:profile-url': async (req) => {
      const r = object(req)
      const server = text(r, 'server')
      const site = servers.siteAccess(server)
      const url = optionalText(r, 'url', 4096) || site.url
      if (!url) {
        throw new ServiceError(
          'BAD_REQUEST',
          'Which page? Enter its URL, or set the site URL (or preprod link) of this server.',
        )
      }
      const auth = storedLogin(site, url)
      return profileUrl(servers.target(server), { url, ...(auth ? { auth } : {}) })
    },
    'http:trace': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const { url, auth } = siteUrl(server.id, optionalText(r, 'url', 4096))
      const target = servers.target(server.id)
      let logFiles: Promise<string[]> | undefined
      return traceRedirects(url, {
        repeat: integer(r, 'repeat', 3, 1, 10),
        insecure: flag(r, 'insecure', false),
        timeoutMs: integer(r, 'timeoutMs', 10_000, 500, 120_000),
        ...(auth ? { auth } : {}),
        ...(server.cmsRoot ? { htaccessFor: htaccessReader(target, server.cmsRoot) } : {}),
        // The probe's own lines in the front end's and web servers' current logs (found once).
        logsFor: async (token: string) => {
          logFiles ??= discoverLogs(target).then((logs) =>
            logs
              .filter(
                (l) =>
                  !l.compressed &&
                  (l.kind === 'haproxy' || l.kind === 'nginx-access' || l.kind === 'apache-access'),
              )
              .map((l) => l.path),
          )
          return logGrep(target, await logFiles)(token)
        },
      })
    },
    'http:cache': async (req) => {
      const r = object(req)
      const { url, auth } = siteUrl(text(r, 'server'), optionalText(r, 'url', 4096))
      return cacheDiagnosis(url, {
        insecure: flag(r, 'insecure', false),
        ...(auth ? { auth } : {}),
      })
    },
    'http:ban': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const { url, auth } = siteUrl(server.id, optionalText(r, 'url', 4096))
      let fromServer: ReturnType<typeof curlFromServer> | undefined
      if (server.kind === 'ssh') {
        // The server itself is asked over SSH; if SSH is refused too, that is part of the answer.
        fromServer = async (u, a) => {
          await servers.connect(server.id)
          return curlFromServer(servers.sshTarget(server.id))(u, a)
        }
      }
      return banCheck(url, {
        insecure: flag(r, 'insecure', false),
        ...(auth ? { auth } : {}),
        ...(fromServer ? { fromServer } : {}),
      })
    },
    'geoip:lookup': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const path = optionalText(r, 'path', 1024) || '/usr/share/GeoIP/GeoLite2-Country.mmdb'
      const ips = textList(r, 'ips')
      const reader = await serverReader(target, path)
      return ips.map((ip) => lookupIp(reader, ip))
    },
    'logs:search': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const search = {
        path: text(r, 'path'),
        pattern: text(r, 'pattern', 4096),
        fixed: flag(r, 'fixed', true),
        ignoreCase: flag(r, 'ignoreCase', false),
      }
      return { job: jobs.start((ctx) => runSearch(target, search, ctx)) }
    },
    'tail:start': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const tail = {
        server: text(r, 'server'),
        path: text(r, 'path'),
        lines: integer(r, 'lines', 1000, 0, 1_000_000),
        follow: flag(r, 'follow', true),
      }
      await prepareTail(target, tail)
      return { job: jobs.start((ctx) => runTail(target, tail, ctx)) }
    },
    'term:open': async (req) => {
      const r = object(req)
      const server = sshServer(
        r,
        'The demo server has no shell: add an SSH server to open a terminal.',
      )
      const info = await terminals.open(
        server.id,
        server.name,
        servers.sshTarget(server.id),
        integer(r, 'cols', 80, 10, 1000),
        integer(r, 'rows', 24, 2, 500),
      )
      watching.add(info.term)
      terminals.attach(info.term)
      return info
    },
    'term:list': async (req) => terminals.list(servers.info(text(object(req), 'server')).id),
    'term:attach': async (req) => {
      const term = text(object(req), 'term')
      const replay = terminals.attach(term)
      if (watching.has(term)) terminals.detach(term)
      watching.add(term)
      return { replay }
    },
    'term:input': async (req) => {
      const r = object(req)
      terminals.input(text(r, 'term'), text(r, 'data', 1 << 20))
      return null
    },
    'term:resize': async (req) => {
      const r = object(req)
      terminals.resize(
        text(r, 'term'),
        integer(r, 'cols', 80, 10, 1000),
        integer(r, 'rows', 24, 2, 500),
      )
      return null
    },
    'term:close': async (req) => {
      terminals.close(text(object(req), 'term'))
      return null
    },
    'files:write': async (req) => {
      const r = object(req)
      const server = writableServer(r, 'change')
      const content = r.text
      if (typeof content !== 'string') {
        throw new ServiceError('BAD_REQUEST', '"text" must be a string.')
      }
      return saveEdit(
        servers.target(server.id),
        text(r, 'path'),
        content,
        integer(r, 'expectedMtimeMs', 0),
      )
    },
    'files:upload-begin': async (req) => {
      const r = object(req)
      const server = writableServer(r, 'upload')
      const upload = await uploads.begin(
        servers.target(server.id),
        text(r, 'path'),
        integer(r, 'size', 0),
        flag(r, 'overwrite', false),
      )
      return { upload }
    },
    'files:upload-chunk': async (req) => {
      const r = object(req)
      await uploads.chunk(
        text(r, 'upload'),
        integer(r, 'position', 0),
        text(r, 'data', 2 * MAX_UPLOAD_CHUNK),
      )
      return null
    },
    'files:upload-end': async (req) => {
      const r = object(req)
      return uploads.end(text(r, 'upload'), flag(r, 'abort', false))
    },
    'files:download': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const path = text(r, 'path')
      const target = servers.target(server.id)
      const st = await target.stat(path)
      if (st.type === 'dir')
        throw new ServiceError('NOT_A_FILE', `${path}: is a folder; download files one by one.`)
      const to = downloadPath(services.downloadsDir, server.name, path, existsSync)
      return { job: jobs.start((ctx) => runDownload(target, path, to, ctx)), to }
    },
    'preprod:changes': async (req) => {
      const r = object(req)
      const server = sshServer(r, 'The at-risk scan works on an SSH server.')
      await servers.connect(server.id)
      const since = r.since === undefined ? undefined : integer(r, 'since', 0, 0)
      return atRiskChanges(servers.sshTarget(server.id), server.cmsRoot, since)
    },
    'preprod:save': async (req) => {
      const r = object(req)
      const server = sshServer(r, 'Saving at-risk changes works on an SSH server.')
      const paths = textList(r, 'paths')
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
      const to = join(downloadFolder(services.downloadsDir, server.name), `preprod-${stamp}`)
      const target = servers.sshTarget(server.id)
      return {
        job: jobs.start((ctx) => saveFiles(target, server.cmsRoot, paths, to, ctx)),
        to,
      }
    },
    'slowlog:analyze': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const paths = textList(r, 'paths')
      // The php-fpm master logs name each slow request: found under /var/log unless given.
      const fpmLogs =
        r.fpmLogs !== undefined
          ? textList(r, 'fpmLogs', true)
          : (await discoverLogs(target).catch(() => []))
              .filter((l) => l.kind === 'php-fpm')
              .map((l) => l.path)
      return analyzeSlowlogs(
        paths.map((p) => targetSource(target, p)),
        fpmLogs.map((p) => targetSource(target, p)),
      )
    },
    'binlog:list': async (req) => listBinlogs(servers.target(text(object(req), 'server'))),
    'binlog:zone': async (req) => ({
      offsetMin: await serverZone(servers.target(text(object(req), 'server'))),
    }),
    'binlog:correlate': async (req) => {
      const r = object(req)
      return correlateRequests(
        servers.target(text(r, 'server')),
        integer(r, 'epoch', 0, 0, 4_102_444_800),
        integer(r, 'windowSec', 10, 1, 300),
        (await settings.get()).logFormats,
      )
    },
    'binlog:find': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const files = textList(r, 'files')
      const types = r.types === undefined ? [] : textList(r, 'types', true)
      if (types.some((t) => !['insert', 'update', 'delete', 'ddl', 'other'].includes(t))) {
        throw new ServiceError('BAD_REQUEST', '"types" holds insert, update, delete, ddl or other.')
      }
      const filter: ChangeFilter = { types: types as ChangeFilter['types'] }
      const table = optionalText(r, 'table', 200)
      const value = optionalText(r, 'value', 4096)
      const search = optionalText(r, 'text', 4096)
      if (table) filter.table = table
      if (value !== undefined) filter.value = value
      if (search) filter.text = search
      if (r.thread !== undefined) filter.thread = integer(r, 'thread', 0)
      if (r.since !== undefined) filter.since = integer(r, 'since', 0)
      if (r.until !== undefined) filter.until = integer(r, 'until', 0)
      if (r.fromPos !== undefined) filter.fromPos = integer(r, 'fromPos', 0)
      if (r.toPos !== undefined) filter.toPos = integer(r, 'toPos', 0)
      const gtid = optionalText(r, 'gtid', 200)
      if (gtid) filter.gtid = gtid
      if ((filter.fromPos !== undefined || filter.toPos !== undefined) && files.length !== 1) {
        throw new ServiceError(
          'BAD_REQUEST',
          'Positions belong to one binlog file: pick one file to search a position range.',
        )
      }
      for (const f of files) await target.stat(f) // a missing or unreadable file fails the call itself
      return { job: jobs.start((ctx) => findChanges(target, files, filter, ctx)) }
    },
    'binlog:columns': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const db = text(r, 'db', 64)
      const table = text(r, 'table', 64)
      const at = integer(r, 'at', 0)
      const namesOf = (t: TableSnap | undefined): string[] =>
        (t?.columns ?? [])
          .slice()
          .sort((a, b) => a.ordinal - b.ordinal)
          .map((c) => c.name)
      // The structure as it was when the event happened: the newest snapshot taken before it.
      const before = (await services.snapshots.list(server.id))
        .filter((s) => s.database === db && Date.parse(s.takenAt) <= at * 1000)
        .sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1))[0]
      if (before) {
        const names = namesOf((await services.snapshots.read(server.id, before.id)).tables[table])
        if (names.length > 0) return { names, source: 'snapshot' as const, takenAt: before.takenAt }
      }
      if (server.kind !== 'ssh') return { names: [], source: 'none' as const }
      // Else today's structure, which the UI flags: after an ALTER it puts values under the wrong names.
      try {
        const target = servers.sshTarget(server.id)
        await servers.connect(server.id)
        const creds = await storedOrDetected(server, target)
        const conn = await connectDatabase({ ...creds, database: db }, target)
        try {
          const [rows] = await conn.query<RowDataPacket[]>(
            'SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
            [db, table],
          )
          const names = rows.map((row) => String(row.COLUMN_NAME))
          return names.length > 0
            ? { names, source: 'live' as const }
            : { names, source: 'none' as const }
        } finally {
          await conn.end().catch(() => undefined)
        }
      } catch {
        return { names: [], source: 'none' as const }
      }
    },
    'schema:snapshots': async (req) =>
      services.snapshots.list(servers.info(text(object(req), 'server')).id),
    'schema:take': async (req) => {
      const r = object(req)
      const server = sshServer(r, 'The demo server has no database: snapshots need an SSH server.')
      await servers.connect(server.id)
      const target = servers.sshTarget(server.id)
      const manual = r.credentials === undefined ? null : object(r.credentials)
      const typed = manual
        ? {
            host: text(manual, 'host', 255),
            port: integer(manual, 'port', 3306, 1, 65535),
            user: text(manual, 'user', 128),
            password: typeof manual.password === 'string' ? manual.password : '',
            database: text(manual, 'database', 64),
          }
        : null
      const creds = typed ?? (await storedOrDetected(server, target))
      const database = optionalText(r, 'database', 64) ?? creds.database
      const conn = await connectDatabase({ ...creds, database }, target)
      // Typed credentials that work are kept (sealed) for the next snapshots of this server.
      if (typed) servers.profiles.setDatabaseCredentials(server.id, typed)
      try {
        return await services.snapshots.save(
          server.id,
          await takeSnapshot(conn, database, server.name, {
            exactCounts: flag(r, 'exactCounts', false),
          }),
        )
      } finally {
        await conn.end().catch(() => undefined)
      }
    },
    'schema:diff': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const other = optionalText(r, 'toServer', 128)
      const toServer = other ? servers.info(other).id : server.id
      const [a, b] = await Promise.all([
        services.snapshots.read(server.id, text(r, 'from')),
        services.snapshots.read(toServer, text(r, 'to')),
      ])
      const changes = diffSchemas(a, b)
      const tables = new Set(changes.map((c) => c.table).filter((t): t is string => t !== null))
      const pick = (snap: typeof a): Record<string, string> =>
        Object.fromEntries(
          [...tables].filter((t) => snap.tables[t]).map((t) => [t, snap.tables[t]!.createSql]),
        )
      return { changes, before: pick(a), after: pick(b) }
    },
    'rights:reset': async (req) => {
      const r = object(req)
      const server = sshServer(
        r,
        'The demo server has no supervisor: rights can only be reset on an SSH server.',
      )
      const target = servers.sshTarget(server.id)
      await target.connect()
      const timeoutMs = integer(r, 'timeoutSec', DEFAULT_RESET_TIMEOUT_SEC, 5, 3600) * 1000
      return { job: jobs.start((ctx) => resetRights(target, server.cmsRoot, ctx, { timeoutMs })) }
    },
    'rights:audit': async (req) => {
      const server = sshServer(
        object(req),
        'The demo server has no owners to audit: use an SSH server.',
      )
      const connected = await servers.connect(server.id)
      return auditRights(servers.sshTarget(server.id), server.cmsRoot, connected.tools)
    },
    'clone:analyse': async (req) => {
      const r = object(req)
      const server = sshServer(r, 'The demo server has no SSH login to clone from.')
      return analyseClone(cloneSourceFor(servers, server.id), {
        excludeImages: flag(r, 'excludeImages', false),
      })
    },
    'clone:run': async (req) => {
      const r = object(req)
      const server = sshServer(r, 'The demo server has no SSH login to clone from.')
      const request = cloneRequest(r, server)
      const source = cloneSourceFor(servers, server.id)
      const toServer = optionalText(r, 'toServer', 200)
      const dest = toServer
        ? cloneDestinationFor(servers, toServer, flag(r, 'confirmProduction', false))
        : undefined
      await checkCloneDestination(source, request, dest)
      const job = jobs.start(async (ctx) => {
        const report = await cloneSite(
          source,
          request,
          {
            step: (m) => void ctx.push(m),
            files: (p) =>
              ctx.progress(
                p.percent,
                100,
                `${(p.bytes / 1048576).toFixed(1)} MB · ${p.rate} · ETA ${p.eta}`,
              ),
            table: (t) => void ctx.push(`  table ${t.tables}: ${t.table}`),
          },
          ctx.signal,
          dest,
        )
        const file = saveCloneReport(services.info.dataDir, report)
        ctx.push(`Done in ${report.seconds.toFixed(1)} s. Report: ${file}`)
      })
      return { job, to: request.to }
    },
    'clone:verify': async (req) => {
      const r = object(req)
      const server = sshServer(r, 'The demo server has no SSH login to clone from.')
      const toServer = optionalText(r, 'toServer', 200)
      const dest = toServer ? cloneDestinationFor(servers, toServer, true) : undefined
      return verifyClone(
        cloneSourceFor(servers, server.id),
        cloneRequest(r, server),
        undefined,
        dest,
      )
    },
    'clone:rewrite-url': async (req) => {
      const r = object(req)
      return rewriteSiteUrl(parseMysqlUrl(text(r, 'dbUrl')), {
        from: text(r, 'from'),
        to: text(r, 'to'),
        ...(optionalText(r, 'prefix', 64) ? { prefix: optionalText(r, 'prefix', 64)! } : {}),
        apply: flag(r, 'apply', false),
      })
    },
    'clone:reports': async (req) =>
      listCloneReports(services.info.dataDir, servers.info(text(object(req), 'server')).name),
    'jobs:cancel': async (req) => {
      const job = text(object(req), 'job')
      if (!jobs.cancel(job)) throw new ServiceError('UNKNOWN_JOB', 'That job has already ended.')
      return null
    },
    'jobs:ack': async (req) => {
      const r = object(req)
      jobs.ack(text(r, 'job'), integer(r, 'seq', 0))
      return null
    },
  }

  return {
    async handle(name, req) {
      if (!isCallName(name)) return fail('UNKNOWN_CALL', `Unknown call "${String(name)}".`)
      try {
        return ok(await handlers[name](req))
      } catch (err) {
        return { ok: false, error: toApiError(err) }
      }
    },
    dispose() {
      jobs.cancelAll()
      servers.off('state', onState)
      terminals.off('data', onTermData)
      terminals.off('exit', onTermExit)
      for (const term of watching) terminals.detach(term)
      watching.clear()
    },
  }
}

/** Typed direct use of a session (CLI and tests). */
export async function callSession<K extends CallName>(
  session: ApiSession,
  name: K,
  req: CallRequest<K>,
): Promise<Result<CallResult<K>>> {
  return (await session.handle(name, req)) as Result<CallResult<K>>
}

function profileInput(r: Fields): ServerProfileInput {
  const auth = oneOf(r, 'auth', ['key', 'password', 'agent'] as const) ?? 'key'
  const role = oneOf(r, 'role', ['production', 'preprod'] as const)
  const port = r.port === undefined || r.port === '' ? undefined : integer(r, 'port', 22, 1, 65535)
  const input: ServerProfileInput = {
    name: text(r, 'name', 64),
    host: text(r, 'host', 255),
    user: text(r, 'user', 64),
    auth,
  }
  if (port !== undefined) input.port = port
  if (role) input.role = role
  for (const key of [
    'keyFile',
    'passphrase',
    'password',
    'jump',
    'cmsRoot',
    'productionUrl',
    'preprodLink',
  ] as const) {
    const v = optionalText(r, key)
    if (v !== undefined) input[key] = v
  }
  return input
}
