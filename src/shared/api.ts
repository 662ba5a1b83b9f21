import type { BanCheck, CacheDiagnosis, GeoipAnswer, Hop } from './http-diagnosis'
import type { AccessExploration, CustomLogFormat, ErrorExploration } from './logs'
import type { SchemaChange } from './schema'
import type { SlowlogReport } from './slowlog'
import type { ProfileView } from './profile'
import type { CloneAnalysis, CloneReport, UrlRewritePlan, VerifyReport } from './clone'

export type { SlowlogReport }

// The one contract between the renderer and the services. Both transports (Electron IPC
// through the preload, WebSocket in web mode) carry exactly these calls and events.
// Everything here must stay serialisable (structured clone and JSON alike).

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_CALL'
  | 'UNKNOWN_SERVER'
  | 'UNKNOWN_JOB'
  | 'NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'OUTSIDE_ROOT'
  | 'NOT_A_FILE'
  | 'NOT_A_DIRECTORY'
  | 'MISSING_TOOL'
  | 'CONNECTION_LOST'
  | 'AUTH_FAILED'
  | 'HOST_KEY_UNKNOWN'
  | 'HOST_KEY_CHANGED'
  | 'TIMEOUT'
  | 'CONFLICT'
  | 'CONFIRM_REQUIRED'
  | 'READ_ONLY'
  | 'CANCELLED'
  | 'IO'
  /** The file is not in the expected format (corrupt profile, ...): the message names the line. */
  | 'BAD_FORMAT'
  | 'INTERNAL'

export interface ApiError {
  code: ErrorCode
  /** A sentence the user can act on; never contains a secret. */
  message: string
  /** Machine-readable facts for the UI (e.g. `fingerprint`, `expected` for host keys). */
  details?: Record<string, string>
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } }
}

export type Locale = 'en' | 'fr'
export type Theme = 'light' | 'dark' | 'system'
export type Transport = 'electron' | 'web'

export interface AppInfo {
  version: string
  transport: Transport
  /** Locale of the system the services run on; the renderer may override it. */
  systemLocale: Locale
  dataDir: string
  /** How secrets are sealed at rest: the OS keychain (Electron), or a key file in the data folder. */
  secrets: { kind: 'os-keychain' | 'key-file'; keyFile?: string }
}

export interface Settings {
  locale: Locale | 'system'
  theme: Theme
  /** The user's own access log formats (Logs › Explore › Define a format). */
  logFormats: CustomLogFormat[]
}

export type ServerKind = 'demo' | 'ssh'
export type ServerRole = 'demo' | 'production' | 'preprod'
export type ConnectionState = 'connected' | 'connecting' | 'disconnected' | 'failed'

export type AuthMethod = 'key' | 'password' | 'agent'

/** What the user enters to add or edit a server. Secrets are write-only: never sent back. */
export interface ServerProfileInput {
  name: string
  host: string
  port?: number
  user: string
  auth: AuthMethod
  keyFile?: string
  passphrase?: string
  password?: string
  /** OpenSSH ProxyJump: `user@host:port` (user and port optional). */
  jump?: string
  cmsRoot?: string
  role?: 'production' | 'preprod'
  productionUrl?: string
  /** Preprod secure link `https://LOGIN:PASSWORD@host`; the password is stored as a secret. */
  preprodLink?: string
}

export interface ServerInfo {
  id: string
  name: string
  kind: ServerKind
  role: ServerRole
  /** Where the server is, for display: `user@host:port` or the demo's folder. */
  address: string
  /** The CMS root inside the jail, e.g. `/var/www/site`. */
  cmsRoot: string
  state: ConnectionState
  /** Why the last connection failed, when it did. */
  error?: string
  auth?: AuthMethod
  keyFile?: string
  jump?: string
  productionUrl?: string
  /** The preprod link with its password masked: `https://LOGIN:•••@host`. */
  preprodLink?: string
  /** Tools the jail offers, probed on connect. */
  tools?: string[]
}

export type FileType = 'file' | 'dir' | 'link' | 'other'

export interface FileEntry {
  name: string
  /** Absolute path as the server sees it (inside the jail). */
  path: string
  type: FileType
  size: number
  mtimeMs: number
  /** Permission bits, e.g. 0o644. */
  mode: number
  uid?: number
  gid?: number
  owner?: string
  group?: string
}

export interface FileChunk {
  path: string
  /** Total size of the file when it was read. */
  size: number
  start: number
  end: number
  text: string
  /** True when the range did not reach the end of the file. */
  truncated: boolean
  /** Modification time when read: an edit is saved only if the file has not changed since. */
  mtimeMs: number
}

export type LogKind =
  | 'haproxy'
  | 'apache-access'
  | 'apache-error'
  | 'nginx-access'
  | 'nginx-error'
  | 'php-fpm'
  | 'php-slow'
  | 'php-error'
  | 'php-access'
  | 'mysql'
  | 'other'

export interface LogFile extends FileEntry {
  kind: LogKind
  /** Rotation index: 0 for the live file, 1 for `.1`, 2 for `.2.gz`… */
  rotation: number
  compressed: boolean
}

export interface CloneRunRequest {
  server: string
  /** Local folder; default: the downloads folder, `tw-workbench/<server>/site`. */
  to?: string
  /** `mysql://USER:PASS@HOST:PORT/DB` of a destination database… */
  dbUrl?: string
  /** …or a `.sql.gz` file to write. */
  dbDump?: string
  /** Another configured server as the destination (`to` is then its folder). */
  toServer?: string
  confirmProduction?: boolean
  /** The user confirmed that a non-empty destination's content may be replaced. */
  forceIntoNonEmpty?: boolean
  excludeImages?: boolean
  bwlimitKBps?: number
  dryRun?: boolean
}

export interface CorrelatedRequest {
  log: string
  /** Epoch milliseconds. */
  time: number
  /** Seconds from the event (negative: before it). */
  offsetSec: number
  ip: string
  method: string
  path: string
  status: number
  /** HAProxy's total time (Ta) or the web server's %D, when the log gives it. */
  durationMs?: number
  /** HAProxy's termination state (`----`, `cR--`, `SD--`…). */
  termination?: string
  line: string
}

export interface CorrelatedSlowEntry {
  log: string
  time: number
  offsetSec: number
  pool: string
  pid: number
  script: string
  /** The innermost frame: where the request was when php-fpm dumped it. */
  top: string | null
}

export interface CorrelatedRequests {
  requests: CorrelatedRequest[]
  /** PHP-FPM slow-log entries of the window (placed with the zone the access logs show). */
  slow: CorrelatedSlowEntry[]
  /** Logs that could not be placed on the timeline (no zone in their times, unreadable). */
  skipped: string[]
}

export interface BinlogFile extends FileEntry {
  /** Epoch seconds of the first and last events, from the file's head and tail; null if unknown. */
  first: number | null
  last: number | null
  readable: boolean
  /** Listed in the `.index` file (null when there is no readable index). */
  inIndex: boolean | null
}

export interface ProfileUrlResult {
  /** HTTP status of the profiled request, and how long it took. */
  status: number
  ms: number
  file: ProfileFile | null
}

export interface ProfileFile extends FileEntry {
  /** The profiled request, from the file's `cmd:` line (or its name when unreadable). */
  cmd: string
  compressed: boolean
}

export interface TerminalInfo {
  term: string
  server: string
  title: string
  createdAt: number
}

export interface ForeignFile {
  path: string
  owner: string
  group: string
  mode: number
  type: FileType
}

export interface RightsAudit {
  root: string
  /** The login's user name and uid on the server. */
  login: string
  uid: number
  /** Files under the root the login does not own, so cannot chmod/chown. */
  files: ForeignFile[]
  /** More were found than listed. */
  truncated: boolean
  /** How the tree was walked: the server's `find`, or SFTP when `find` is missing. */
  via: 'find' | 'sftp'
}

export interface AtRiskChanges {
  root: string
  /** When the copy was rebuilt (ms), as detected or given. */
  rebuiltAt: number
  /** `restore` = the oldest change time in the tree (when the restore wrote it); `given` = the user's. */
  how: 'restore' | 'given'
  /** Files modified after the rebuild: lost at the next one unless saved. */
  files: { path: string; size: number; mtimeMs: number }[]
  scanned: number
  truncated: boolean
}

/** Database credentials entered by hand when the CMS configuration gives none. */
export interface ManualCredentials {
  host: string
  port: number
  user: string
  password: string
  database: string
}

export interface SnapshotInfo {
  id: string
  takenAt: string
  database: string
  tables: number
}

export interface SchemaDiffResult {
  changes: SchemaChange[]
  /** SHOW CREATE TABLE of the changed tables, before and after (absent = no such table). */
  before: Record<string, string>
  after: Record<string, string>
}

export interface JobRef {
  job: string
}

export interface TailRequest {
  server: string
  path: string
  /** Lines of history to send before following. */
  lines: number
  follow: boolean
}

/** Request/response calls: name → request and result value types. */
export interface Calls {
  'app:info': { req: Record<string, never>; res: AppInfo }
  'settings:get': { req: Record<string, never>; res: Settings }
  'settings:set': { req: Partial<Settings>; res: Settings }
  'servers:list': { req: Record<string, never>; res: ServerInfo[] }
  'servers:add': { req: { profile: ServerProfileInput }; res: ServerInfo }
  'servers:update': { req: { server: string; profile: ServerProfileInput }; res: ServerInfo }
  'servers:remove': { req: { server: string }; res: null }
  /** Candidates from ~/.ssh/config (nothing is saved). */
  'servers:ssh-config': { req: Record<string, never>; res: ServerProfileInput[] }
  'servers:connect': { req: { server: string }; res: ServerInfo }
  'servers:disconnect': { req: { server: string }; res: null }
  'servers:trust': {
    req: { server: string; fingerprint: string; host?: string; port?: number; replace?: boolean }
    res: null
  }
  'files:list': { req: { server: string; path: string }; res: FileEntry[] }
  'files:read': {
    req: { server: string; path: string; start?: number; length?: number }
    res: FileChunk
  }
  'logs:discover': { req: { server: string }; res: LogFile[] }
  /** An access log's requests, histogram by status class, tops and ban suspects (its last `mb` MB). */
  'logs:explore': {
    /** `format`: a built-in or saved format by name; detected when unset. */
    req: { server: string; path: string; mb?: number; format?: string }
    res: AccessExploration & {
      path: string
      bytesRead: number
      partial: boolean
      /** The first lines, when no format reads the log: to define one from them. */
      samples?: string[]
      /** When no access log format reads it but an error log format does: its entries. */
      errors?: ErrorExploration
    }
  }
  'profiles:list': { req: { server: string }; res: ProfileFile[] }
  /** Parses a profile (in a worker thread) into everything the viewer shows. */
  'profiles:open': { req: { server: string; path: string }; res: ProfileView }
  /**
   * Requests a page with Xdebug's trigger cookie and returns the profile it wrote. Without
   * `url`, the server's site (the preprod link, with its login, or the production URL).
   */
  'profiles:profile-url': { req: { server: string; url?: string }; res: ProfileUrlResult }
  'tail:start': { req: TailRequest; res: JobRef }
  /** A log and its rotations searched on the server (zgrep): `path:line` results as a job. */
  'logs:search': {
    req: { server: string; path: string; pattern: string; fixed?: boolean; ignoreCase?: boolean }
    res: JobRef
  }
  'term:open': { req: { server: string; cols: number; rows: number }; res: TerminalInfo }
  'term:list': { req: { server: string }; res: TerminalInfo[] }
  'term:attach': { req: { term: string }; res: { replay: string } }
  'term:input': { req: { term: string; data: string }; res: null }
  'term:resize': { req: { term: string; cols: number; rows: number }; res: null }
  'term:close': { req: { term: string }; res: null }
  'files:write': {
    req: {
      server: string
      path: string
      text: string
      expectedMtimeMs: number
      confirmProduction?: boolean
    }
    res: { backup: string; entry: FileEntry }
  }
  'files:upload-begin': {
    req: {
      server: string
      path: string
      size: number
      overwrite?: boolean
      confirmProduction?: boolean
    }
    res: { upload: string }
  }
  'files:upload-chunk': { req: { upload: string; position: number; data: string }; res: null }
  'files:upload-end': { req: { upload: string; abort?: boolean }; res: FileEntry | null }
  'files:download': { req: { server: string; path: string }; res: JobRef & { to: string } }
  'preprod:changes': { req: { server: string; since?: number }; res: AtRiskChanges }
  'preprod:save': { req: { server: string; paths: string[] }; res: JobRef & { to: string } }
  'slowlog:analyze': {
    req: { server: string; paths: string[]; fpmLogs?: string[] }
    res: SlowlogReport
  }
  /** The binary logs in /var/log/mysql with their first and last event times (UTC epochs). */
  /**
   * A URL's redirect chain, hop by hop, each measured `repeat` times (median), with the origin of
   * each redirect and its evidence (the server's .htaccess files read over SSH when it has a CMS root).
   */
  'http:trace': {
    req: { server: string; url?: string; repeat?: number; insecure?: boolean; timeoutMs?: number }
    res: Hop[]
  }
  /** Which cache serves a resource: fetched plainly, with `?t=`, with and without `Accept: image/webp`. */
  'http:cache': { req: { server: string; url?: string; insecure?: boolean }; res: CacheDiagnosis }
  /** Is it me or the site: probed from here, then from the server itself (curl over SSH). */
  'http:ban': { req: { server: string; url?: string; insecure?: boolean }; res: BanCheck }
  /** IP → country in the server's MaxMind database (read over SFTP; Debian's path by default). */
  'geoip:lookup': { req: { server: string; ips: string[]; path?: string }; res: GeoipAnswer[] }
  'binlog:list': { req: { server: string }; res: BinlogFile[] }
  /** The server's time zone now (`date +%z`), minutes east of UTC, to show event times there too. */
  'binlog:zone': { req: { server: string }; res: { offsetMin: number | null } }
  /** The web requests around a moment (a binlog event's second), from the access logs. */
  'binlog:correlate': {
    req: { server: string; epoch: number; windowSec?: number }
    res: CorrelatedRequests
  }
  'binlog:find': {
    req: {
      server: string
      files: string[]
      types?: ('insert' | 'update' | 'delete' | 'ddl' | 'other')[]
      table?: string
      value?: string
      thread?: number
      /** Epoch seconds (UTC). */
      since?: number
      until?: number
      text?: string
      /** One transaction's events, by its GTID. */
      gtid?: string
      /** `# at` positions of one file (`files` has one), inclusive. */
      fromPos?: number
      toPos?: number
    }
    res: JobRef
  }
  /** Column names for a binlog event's `@N` values: from the snapshot taken closest before it, else live. */
  'binlog:columns': {
    req: { server: string; db: string; table: string; at: number }
    res: { names: string[]; source: 'snapshot' | 'live' | 'none'; takenAt?: string }
  }
  'schema:snapshots': { req: { server: string }; res: SnapshotInfo[] }
  'schema:take': {
    req: {
      server: string
      database?: string
      exactCounts?: boolean
      credentials?: ManualCredentials
    }
    res: SnapshotInfo
  }
  /** `toServer`: compare with another server's snapshot (production against preproduction). */
  'schema:diff': {
    req: { server: string; from: string; to: string; toServer?: string }
    res: SchemaDiffResult
  }
  'rights:reset': { req: { server: string; timeoutSec?: number }; res: JobRef }
  /** What a clone of the server's site would copy (rsync dry run, tables by size). */
  'clone:analyse': { req: { server: string; excludeImages?: boolean }; res: CloneAnalysis }
  /** Copies the site into a local folder (and database); the report is saved when it ends. */
  'clone:run': { req: CloneRunRequest; res: JobRef & { to: string } }
  'clone:verify': { req: CloneRunRequest; res: VerifyReport }
  /** The saved reports of this server's clones, newest first. */
  'clone:reports': { req: { server: string }; res: (CloneReport & { file: string })[] }
  /** The site URL in a copied database: reviewed (nothing written) unless `apply`. */
  'clone:rewrite-url': {
    req: { dbUrl: string; from: string; to: string; prefix?: string; apply?: boolean }
    res: UrlRewritePlan
  }
  'rights:audit': { req: { server: string }; res: RightsAudit }
  'jobs:cancel': { req: JobRef; res: null }
  'jobs:ack': { req: { job: string; seq: number }; res: null }
}

export type CallName = keyof Calls
export type CallRequest<K extends CallName> = Calls[K]['req']
export type CallResult<K extends CallName> = Calls[K]['res']

export const CALL_NAMES: readonly CallName[] = [
  'app:info',
  'settings:get',
  'settings:set',
  'servers:list',
  'servers:add',
  'servers:update',
  'servers:remove',
  'servers:ssh-config',
  'servers:connect',
  'servers:disconnect',
  'servers:trust',
  'files:list',
  'files:read',
  'logs:discover',
  'logs:explore',
  'profiles:list',
  'profiles:open',
  'profiles:profile-url',
  'tail:start',
  'logs:search',
  'term:open',
  'term:list',
  'term:attach',
  'term:input',
  'term:resize',
  'term:close',
  'files:write',
  'files:upload-begin',
  'files:upload-chunk',
  'files:upload-end',
  'files:download',
  'preprod:changes',
  'preprod:save',
  'slowlog:analyze',
  'http:trace',
  'http:cache',
  'http:ban',
  'geoip:lookup',
  'binlog:list',
  'binlog:zone',
  'binlog:correlate',
  'binlog:find',
  'binlog:columns',
  'schema:snapshots',
  'schema:take',
  'schema:diff',
  'rights:reset',
  'clone:analyse',
  'clone:run',
  'clone:verify',
  'clone:reports',
  'clone:rewrite-url',
  'rights:audit',
  'jobs:cancel',
  'jobs:ack',
]

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name)
}

export interface JobBatch {
  job: string
  /** Increases by one per batch; the renderer acknowledges it to keep memory in flight bounded. */
  seq: number
  lines: string[]
}

export interface JobProgress {
  job: string
  done: number
  total: number | null
  message?: string
}

export interface JobEnd {
  job: string
  /** Set when the job stopped on a failure; what was already sent stays valid. */
  error?: ApiError
  cancelled?: boolean
}

/** Events pushed from the services to the renderer. */
export interface Events {
  'job:batch': JobBatch
  'job:progress': JobProgress
  'job:end': JobEnd
  'server:state': { server: string; state: ConnectionState; message?: string }
  'term:data': { term: string; data: string }
  'term:exit': { term: string; message?: string }
}

export type EventName = keyof Events

/** The surface the renderer sees, whatever the transport. */
export interface Api {
  call<K extends CallName>(name: K, req: CallRequest<K>): Promise<Result<CallResult<K>>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

/** What the preload exposes as `window.twb`: untyped at the boundary, typed by the client. */
export interface BridgeApi {
  call(name: string, req: unknown): Promise<unknown>
  onEvent(listener: (event: string, payload: unknown) => void): () => void
}

/** Wire messages of the WebSocket transport. */
export type ClientMessage = { id: number; call: string; req: unknown }
export type ServerMessage =
  { id: number; result: Result<unknown> } | { event: EventName; payload: unknown }

/** Batching rule shared by every streaming job (DESIGN: ~50 ms or 1,000 records). */
export const BATCH_MAX_RECORDS = 1000
export const BATCH_MAX_DELAY_MS = 50
/** Batches sent and not yet acknowledged before the source is paused. */
export const MAX_UNACKED_BATCHES = 8
