// `twb`: the workbench's command line. It calls the same services as the UI and prints
// text, or JSON with --json. Errors go to stderr with a non-zero exit code.
import { basename, join, resolve } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { parseArgs } from 'node:util'
import type {
  CallName,
  CallRequest,
  CallResult,
  FileEntry,
  ServerProfileInput,
} from '../shared/api'
import { callSession, createApiSession, type ApiSession, type Services } from '../main/services/api'
import type { Emit } from '../main/services/platform'
import { createServices } from '../main/services/api'
import { analyzeSlowlogs } from '../main/services/slowlog'
import { eachChunk, eachLine, localSource } from '../main/services/platform'
import { parseProfile } from '../main/services/profiles'
import { rewriteSiteUrl } from '../main/services/clone'
import { cacheDiagnosis, traceRedirects } from '../main/services/http'
import { localReader, lookupIp } from '../main/services/http'
import { lintGeoipRules } from '../core/http'
import {
  cloneSite,
  cloneDestinationFor,
  cloneSourceFor,
  saveCloneReport,
  type CloneDestination,
  verifyClone,
} from '../main/services/clone'
import type { CloneRequest } from '../shared/clone'
import { timeUnitNs } from '../core/profiles'
import {
  connectDatabase,
  detectCredentials,
  parseMysqlUrl,
  takeSnapshot,
} from '../main/services/schema'
import { diffSchemas } from '../core/schema'
import { ACCESS_FORMATS, bestFormat, offsetMinutes } from '../core/logs'
import { compileCustomFormat } from '../core/logs'
import { accessStats, headLines } from '../main/services/logs'
import { ERROR_FORMATS, createErrorStats, detectErrorFormat } from '../core/logs'
import { proposeFormat } from '../core/logs'
import type { SchemaSnapshot } from '../shared/schema'
import { readFileSync } from 'node:fs'
import {
  createBinlogParser,
  headerMatches,
  matchesChange,
  type ChangeEvent,
  type ChangeFilter,
} from '../core/binlog'
import { openAppWindow } from '../main/web/browser'
import { startWebServer } from '../main/web/server'

const APP_ROOT = resolve(__dirname, '../..')

export const USAGE = `twb — TW Workbench command line

Usage:
  twb serve [--port N] [--no-open]     start web mode on 127.0.0.1 and print its URL
  twb server list [--json]             the configured servers (the built-in Demo first)
  twb server add NAME --host H [--port P] --user U
                 (--key FILE [--passphrase-env VAR] | --password-env VAR | --agent)
                 [--root /var/www/site] [--role production|preprod] [--jump USER@HOST:PORT]
                 [--url https://SITE] [--preprod-link-env VAR]
                                       add an SSH server (secrets are read from env variables)
  twb server import-ssh-config [--json]
                                       list the hosts of ~/.ssh/config (to add with server add)
  twb server remove NAME
  twb server trust NAME [--yes] [--replace]
                                       show the host key's SHA256 fingerprint; store it with --yes
  twb ls SERVER PATH [--json]          list a folder on a server
  twb cat SERVER PATH                  print a file of a server
  twb tail SERVER PATH [-n N] [--follow]
                                       the last N lines (default 10), then new ones
  twb exec SERVER -- ARGS...           run a command (arguments quoted for the remote shell)
  twb rights reset SERVER [--timeout SECONDS]
                                       create <cms root>/tw_supervisor/api/reset_rights and wait
                                       until the supervisor handles it (default 120 s)
  twb rights audit SERVER [--json]     files under the CMS root the login does not own
  twb slowlog summary FILE... [--fpm-log FILE]... [--json]
                                       analyse local PHP-FPM slow logs (.gz too); the php-fpm
                                       master log adds each slow request's method, URI, duration
  twb cachegrind summary FILE [--top N] [--json]
                                       an Xdebug profile (.gz too): totals, then functions by
                                       self cost; inclusive costs count recursion once
  twb binlog list SERVER [--json]      the binary logs of /var/log/mysql in .index order, with
                                       their first and last event times (UTC), from each file's
                                       first and last bytes (no decoding)
  twb binlog events [FILE|-] [--json] [--table DB.T|DB.*] [--type update|delete|insert|ddl]...
                   [--since ISO] [--until ISO] [--thread N] [--value V] [--text SQL]
                   [--start-position N] [--stop-position N]
  twb http trace URL [--repeat N] [--user U --password-env VAR] [--insecure] [--timeout S]
                   [--json]
                                       a URL's redirect chain hop by hop (never auto-followed):
                                       status, Location, timings (median of N), and who answered
                                       each redirect: front end / .htaccess (< 50 ms TTFB) or the
                                       application (> 250 ms), with the evidence
  twb http cache URL [--user U --password-env VAR] [--insecure] [--json]
                                       which cache serves it: fetched plainly, with ?t=, with and
                                       without Accept: image/webp; browser, CDN, server cache or
                                       webp substitution, with the next step
  twb http ban --server NAME [URL] [--json]
                                       is it me or the site: probed from here, then from the
                                       server itself (curl over SSH)
  twb geoip lint FILE [--json]         the GeoIP rules of an .htaccess: non-ISO codes (UK is
                                       GB), no MEDIA host exclusion, no BTW_FORBIDDEN_GEOIP guard,
                                       Apache 2.2 syntax, conditions never all true (exit 1 on
                                       errors)
  twb geoip lookup IP... --mmdb FILE [--json]
                                       the country of addresses in a MaxMind database
  twb binlog find --server NAME [BINLOG...] [the filters of events]
                                       the same, decoded on the server (all its readable binlogs
                                       unless named)
                                       change events from mysqlbinlog's text output (a file, or
                                       stdin): run mysqlbinlog --no-defaults (first option:
                                       MDEV-15835) --base64-output=DECODE-ROWS -vv with TZ=UTC
  twb schema snapshot (--server NAME [--db DB] | --mysql-env VAR | --mysql URL)
                     [--exact-counts]
                                       the database structure as JSON (credentials from the
                                       CMS configuration; over the server's SSH connection)
  twb schema diff A.json B.json [--json]
                                       what changed, with severity (critical, warning, info)
  twb logs stats FILE... [--format NAME] [--zone +HH:MM] [--json]
                                       counts over access logs (HAProxy, Apache, nginx: statuses,
                                       top paths and IPs) or error logs (Apache, nginx, PHP,
                                       PHP-FPM, MariaDB: levels, top messages); .gz too;
                                       NAME may be a format saved in the app; --zone: of
                                       HAProxy times written without one (RFC 3164 header)
  twb logs grep PATTERN FILE... [-i]   lines matching a regular expression (.gz read too)
  twb logs propose LINE [FILE] [--json]
                                       a custom format proposed from a sample line (IP, time,
                                       request, status, bytes, quoted strings, key=value,
                                       durations), checked on FILE
  twb clone SERVER (--to DIR | --to-server NAME:/PATH [--confirm-production])
            [--db-to-env VAR | --db-to mysql://USER:PASS@HOST:PORT/DB | --db-dump FILE.sql.gz]
            [--exclude-images] [--bwlimit KBPS] [--dry-run] [--force-into-nonempty] [--json]
                                       copy the site's files (rsync over ssh, resumable) and its
                                       database (mysqldump on the server); caches, sessions and
                                       logs of the CMS are skipped; nothing is written to SERVER;
                                       a non-empty destination that is not an earlier clone of
                                       SERVER is refused (its files would be deleted) unless
                                       --force-into-nonempty
  twb clone verify SERVER (--to DIR | --to-server NAME:/PATH)
            [--db-to-env VAR | --db-to URL | --db-dump FILE]
            [--json]
                                       files by checksum, tables by row count and CHECKSUM TABLE
                                       (a dump by its tables and trailer); exit 0 only when equal
  twb clone rewrite-url (--db-to-env VAR | --db-to URL) --from OLD_URL --to NEW_URL
                        [--prefix wp_] [--apply] [--json]
                                       the site URL in a cloned database (serialized values kept
                                       valid): a review of what would change, written with --apply
  twb --version | --help

SERVER is a server's name or id ("demo" is the built-in demo server).
The data directory (profiles, known hosts, snapshots) is the platform's app-data folder,
or $TWB_HOME when set.
Secrets: a password or a database URL with its password given on the command line is seen
by other users in \`ps\` and kept in your shell's history. Put it in a variable and name the
variable: --password-env VAR, --db-to-env VAR, --mysql-env VAR (e.g. read -rs DB; export DB).

Exit codes: 0 success, 1 failure, 2 bad usage, 3 unknown or changed host key
(twb exec returns the remote command's own exit code).`

class UsageError extends Error {}

/** A failure with its exit code: 3 for host-key refusals, 1 otherwise. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message)
  }
}

function exitCodeFor(code: string): number {
  return code === 'HOST_KEY_UNKNOWN' || code === 'HOST_KEY_CHANGED' ? 3 : 1
}

interface Io {
  out(text: string): void
  err(text: string): void
}

const stdio: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  let services: Services | undefined
  try {
    const [command, ...rest] = argv
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE + '\n')
      return command === undefined ? 2 : 0
    }
    services = createServices({ appRoot: APP_ROOT })
    if (command === '--version' || command === '-V') {
      io.out(services.info.version + '\n')
      return 0
    }
    switch (command) {
      case 'serve':
        return await serve(services, rest, io)
      case 'server':
        return await server(services, rest, io)
      case 'ls':
        return await ls(services, rest, io)
      case 'cat':
        return await cat(services, rest, io)
      case 'tail':
        return await tail(services, rest, io)
      case 'exec':
        return await exec(services, rest, io)
      case 'rights':
        return await rights(services, rest, io)
      case 'slowlog':
        return await slowlog(rest, io)
      case 'binlog':
        return rest[0] === 'list'
          ? await binlogList(services, rest.slice(1), io)
          : rest[0] === 'find'
            ? await binlogFind(services, rest.slice(1), io)
            : await binlog(rest, io)
      case 'cachegrind':
        return await cachegrind(rest, io)
      case 'clone':
        return await clone(services, rest, io)
      case 'schema':
        return await schema(services, rest, io)
      case 'logs':
        return await logs(rest, io, services)
      case 'http':
        return await http(services, rest, io)
      case 'geoip':
        return await geoip(rest, io)
      default:
        throw new UsageError(`unknown command "${command}"`)
    }
  } catch (err) {
    if (
      err instanceof UsageError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`twb: ${(err as Error).message}\nRun "twb --help" for usage.\n`)
      return 2
    }
    io.err(`twb: ${(err as Error).message}\n`)
    return err instanceof CliError ? err.exitCode : 1
  } finally {
    await services?.servers.close()
  }
}

/** Calls the API as the UI would; a failed result becomes an error with the service's message. */
async function call<K extends CallName>(
  session: ApiSession,
  name: K,
  req: CallRequest<K>,
): Promise<CallResult<K>> {
  const result = await callSession(session, name, req)
  if (!result.ok) throw new CliError(result.error.message, exitCodeFor(result.error.code))
  return result.value
}

/** A secret named by an environment variable (`--password-env VAR`): never on a command line. */
function fromEnv(option: string, variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined
  const value = process.env[variable]
  if (value === undefined || value === '')
    throw new UsageError(`${option}: the variable ${variable} is not set`)
  return value
}

/**
 * A database URL from `--NAME mysql://…` or, better (its password stays out of `ps` and the
 * shell's history), from the variable `--NAME-env VAR` names.
 */
function mysqlUrlOption(values: Record<string, unknown>, name: string): string | undefined {
  const direct = values[name] as string | undefined
  const variable = values[`${name}-env`] as string | undefined
  if (direct !== undefined && variable !== undefined)
    throw new UsageError(`choose --${name} or --${name}-env`)
  return direct ?? fromEnv(`--${name}-env`, variable)
}

/** A UTC offset a clock can have, written `+HH:MM` or `+HHMM`: -12:00 to +14:00, minutes 00-59. */
function validZone(zone: string): boolean {
  const minutes = zone === 'Z' ? null : offsetMinutes(zone)
  return (
    minutes !== null && Number(zone.slice(-2)) < 60 && minutes >= -12 * 60 && minutes <= 14 * 60
  )
}

/**
 * A run that read input but understood none of it is a failure, not an empty success: the
 * report is still printed, and this says why (exit 1).
 */
function nothingUnderstood(what: string, expected: string): CliError {
  return new CliError(`${what}: ${expected}`, 1)
}

function positionals(args: string[], count: number, names: string): string[] {
  if (args.length !== count) throw new UsageError(`expected ${names}`)
  return args
}

async function serve(services: Services, args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, 'no-open': { type: 'boolean' } },
  })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port takes a port number')
  const server = await startWebServer({
    services,
    rendererDir: join(APP_ROOT, 'out', 'renderer'),
    port,
  })
  io.out(server.url + '\n')
  if (!values['no-open']) {
    // The browser gets a one-time URL: its command line (visible in `ps`) holds no usable token.
    const opened = openAppWindow(
      server.oneTimeUrl(),
      join(services.info.dataDir, 'chromium-profile'),
    )
    io.err(
      opened
        ? 'Opened in a Chromium window.\n'
        : 'No Chromium found: open the URL above in your browser.\n',
    )
  }
  await new Promise<void>((done) => {
    process.once('SIGINT', done)
    process.once('SIGTERM', done)
  })
  await server.close()
  return 0
}

async function server(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  const session = createApiSession(services, 'web', noEvents)
  switch (sub) {
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } })
      const list = await call(session, 'servers:list', {})
      if (values.json) io.out(JSON.stringify(list, null, 2) + '\n')
      else for (const s of list) io.out(`${s.name}\t${s.kind}\t${s.role}\t${s.address}\n`)
      return 0
    }
    case 'add': {
      const { values, positionals: pos } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          host: { type: 'string' },
          port: { type: 'string' },
          user: { type: 'string' },
          key: { type: 'string' },
          'passphrase-env': { type: 'string' },
          'password-env': { type: 'string' },
          agent: { type: 'boolean' },
          root: { type: 'string' },
          role: { type: 'string' },
          jump: { type: 'string' },
          url: { type: 'string' },
          'preprod-link-env': { type: 'string' },
        },
      })
      const [name] = positionals(pos, 1, 'NAME')
      const methods = [
        values.key !== undefined,
        values['password-env'] !== undefined,
        values.agent === true,
      ]
      if (methods.filter(Boolean).length !== 1)
        throw new UsageError('choose one of --key FILE, --password-env VAR, --agent')
      if (!values.host || !values.user) throw new UsageError('--host and --user are required')
      if (values.role !== undefined && values.role !== 'production' && values.role !== 'preprod') {
        throw new UsageError('--role is production or preprod')
      }
      const port = values.port === undefined ? undefined : Number(values.port)
      const profile: ServerProfileInput = {
        name: name!,
        host: values.host,
        user: values.user,
        auth: values.key !== undefined ? 'key' : values.agent ? 'agent' : 'password',
        ...(port !== undefined ? { port } : {}),
        ...(values.key !== undefined ? { keyFile: resolve(values.key) } : {}),
        ...(values.root ? { cmsRoot: values.root } : {}),
        ...(values.role ? { role: values.role as 'production' | 'preprod' } : {}),
        ...(values.jump ? { jump: values.jump } : {}),
        ...(values.url ? { productionUrl: values.url } : {}),
      }
      const passphrase = fromEnv('--passphrase-env', values['passphrase-env'])
      const password = fromEnv('--password-env', values['password-env'])
      const preprodLink = fromEnv('--preprod-link-env', values['preprod-link-env'])
      if (passphrase) profile.passphrase = passphrase
      if (password) profile.password = password
      if (preprodLink) profile.preprodLink = preprodLink
      const added = await call(session, 'servers:add', { profile })
      io.out(
        `Added ${added.name} (${added.address}). Next: twb server trust ${JSON.stringify(added.name)}\n`,
      )
      return 0
    }
    case 'remove': {
      const [name] = positionals(
        parseArgs({ args: rest, allowPositionals: true }).positionals,
        1,
        'NAME',
      )
      const info = await call(session, 'servers:list', {}).then((l) =>
        l.find((s) => s.id === name || s.name.toLowerCase() === name!.toLowerCase()),
      )
      if (!info) throw new CliError(`No server named "${name}".`, 1)
      await call(session, 'servers:remove', { server: info.id })
      io.out(`Removed ${info.name}.\n`)
      return 0
    }
    case 'import-ssh-config': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } })
      const found = await call(session, 'servers:ssh-config', {})
      if (values.json) io.out(JSON.stringify(found, null, 2) + '\n')
      else {
        for (const c of found) {
          const auth = c.keyFile ? `--key ${c.keyFile}` : '--agent'
          io.out(
            `twb server add ${c.name} --host ${c.host}${c.port ? ` --port ${c.port}` : ''} --user ${c.user || 'USER'} ${auth}${c.jump ? ` --jump ${c.jump}` : ''}\n`,
          )
        }
      }
      return 0
    }
    case 'trust':
      return trust(session, rest, io)
    default:
      throw new UsageError('expected "twb server list|add|remove|trust"')
  }
}

/** Shows the host key fingerprint as OpenSSH prints it; stores it only with --yes. */
async function trust(session: ApiSession, args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { yes: { type: 'boolean' }, replace: { type: 'boolean' } },
  })
  const [name] = positionals(pos, 1, 'NAME')
  const first = await callSession(session, 'servers:connect', { server: name! })
  if (first.ok) {
    io.out(`${first.value.name}: the host key is already trusted.\n`)
    return 0
  }
  const { code, details, message } = first.error
  if ((code !== 'HOST_KEY_UNKNOWN' && code !== 'HOST_KEY_CHANGED') || !details?.fingerprint)
    throw new CliError(message, 1)
  const where = `${details.host}:${details.port}`
  if (code === 'HOST_KEY_CHANGED') {
    io.err(`twb: ${message}\n`)
    if (!values.yes || !values.replace) {
      io.err('Run again with --yes --replace to replace the stored key, once you are sure.\n')
      return 3
    }
  } else {
    io.out(`${where} presents the host key ${details.fingerprint}\n`)
    if (!values.yes) {
      io.out(
        'Check it with the host (ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_*_key.pub), then run again with --yes.\n',
      )
      return 3
    }
  }
  await call(session, 'servers:trust', {
    server: name!,
    fingerprint: details.fingerprint,
    host: details.host!,
    port: Number(details.port),
    replace: values.replace ?? false,
  })
  io.out(`Trusted ${details.fingerprint} for ${where}.\n`)
  // A jump host may be trusted now; the server behind it may be next.
  const next = await callSession(session, 'servers:connect', { server: name! })
  if (!next.ok && next.error.code === 'HOST_KEY_UNKNOWN') {
    io.out(
      `Next: ${next.error.details?.host}:${next.error.details?.port} presents ${next.error.details?.fingerprint}; run "twb server trust" again.\n`,
    )
  } else if (!next.ok) throw new CliError(next.error.message, exitCodeFor(next.error.code))
  return 0
}

async function exec(services: Services, args: string[], io: Io): Promise<number> {
  const dash = args.indexOf('--')
  const [name, ...extra] = dash === -1 ? args : args.slice(0, dash)
  const argv = dash === -1 ? [] : args.slice(dash + 1)
  if (!name || extra.length > 0 || argv.length === 0)
    throw new UsageError('expected SERVER -- COMMAND [ARGS...]')
  const session = createApiSession(services, 'web', noEvents)
  await call(session, 'servers:connect', { server: name })
  const target = services.servers.target(name)
  const proc = target.exec(argv)
  proc.stdout.on('data', (b: Buffer) => io.out(b.toString('utf8')))
  proc.stderr.on('data', (b: Buffer) => io.err(b.toString('utf8')))
  const stop = (): void => proc.kill()
  process.once('SIGINT', stop)
  const result = await proc.exit
  process.off('SIGINT', stop)
  return result.code ?? 1
}

async function ls(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  })
  const [serverName, path] = positionals(pos, 2, 'SERVER PATH')
  const entries = await call(createApiSession(services, 'web', noEvents), 'files:list', {
    server: serverName!,
    path: path!,
  })
  if (values.json) io.out(JSON.stringify(entries, null, 2) + '\n')
  else for (const e of entries) io.out(formatEntry(e) + '\n')
  return 0
}

async function cat(services: Services, args: string[], io: Io): Promise<number> {
  const [serverName, path] = positionals(
    parseArgs({ args, allowPositionals: true }).positionals,
    2,
    'SERVER PATH',
  )
  const session = createApiSession(services, 'web', noEvents)
  for (let start = 0; ;) {
    const chunk = await call(session, 'files:read', {
      server: serverName!,
      path: path!,
      start,
      length: 1 << 20,
    })
    io.out(chunk.text)
    if (!chunk.truncated || chunk.end === start) return 0
    start = chunk.end
  }
}

async function tail(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } },
  })
  const [serverName, path] = positionals(pos, 2, 'SERVER PATH')
  const lines = values.lines === undefined ? 10 : Number(values.lines)
  if (!Number.isInteger(lines) || lines < 0) throw new UsageError('-n takes a number of lines')
  let session: ApiSession | undefined
  const ended = new Promise<string | undefined>((done) => {
    const emit: Emit = (event, payload) => {
      if (event === 'job:batch') {
        const batch = payload as { job: string; seq: number; lines: string[] }
        io.out(batch.lines.join('\n') + '\n')
        void session?.handle('jobs:ack', { job: batch.job, seq: batch.seq })
      } else if (event === 'job:end') {
        done((payload as { error?: { message: string } }).error?.message)
      }
    }
    session = createApiSession(services, 'web', emit)
  })
  const started = await callSession(session!, 'tail:start', {
    server: serverName!,
    path: path!,
    lines,
    follow: values.follow ?? false,
  })
  if (!started.ok) throw new CliError(started.error.message, exitCodeFor(started.error.code))
  const stop = (): void => void session?.handle('jobs:cancel', started.value)
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const error = await ended
  if (error) throw new Error(error)
  return 0
}

async function rights(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'audit') {
    const { values, positionals: pos } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    })
    const [name] = positionals(pos, 1, 'SERVER')
    const audit = await call(createApiSession(services, 'web', noEvents), 'rights:audit', {
      server: name!,
    })
    if (values.json) {
      io.out(JSON.stringify(audit, null, 2) + '\n')
      return 0
    }
    io.out(
      `${audit.files.length}${audit.truncated ? '+' : ''} files under ${audit.root} are not owned by ${audit.login}: only their owner can chmod or chown them.\n`,
    )
    for (const f of audit.files)
      io.out(`${(f.mode & 0o7777).toString(8).padStart(4, '0')} ${f.owner}:${f.group} ${f.path}\n`)
    return 0
  }
  if (sub !== 'reset') throw new UsageError('expected "twb rights reset|audit SERVER"')
  const { values, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { timeout: { type: 'string' } },
  })
  const [name] = positionals(pos, 1, 'SERVER')
  const timeoutSec = values.timeout === undefined ? undefined : Number(values.timeout)
  if (timeoutSec !== undefined && (!Number.isInteger(timeoutSec) || timeoutSec < 5))
    throw new UsageError('--timeout takes at least 5 seconds')
  let session: ApiSession | undefined
  const ended = new Promise<string | undefined>((done) => {
    session = createApiSession(services, 'web', (event, payload) => {
      if (event === 'job:batch') io.out((payload as { lines: string[] }).lines.join('\n') + '\n')
      if (event === 'job:end') done((payload as { error?: { message: string } }).error?.message)
    })
  })
  await call(session!, 'rights:reset', {
    server: name!,
    ...(timeoutSec !== undefined ? { timeoutSec } : {}),
  })
  const error = await ended
  if (error) throw new CliError(error, 1)
  return 0
}

/** `twb logs propose LINE [FILE]`: a format definition from a sample line, checked on FILE. */
async function logsPropose(args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  })
  const [sample, file] = pos
  if (!sample || pos.length > 2) throw new UsageError('expected "twb logs propose LINE [FILE]"')
  const proposal = proposeFormat(sample)
  let check: { lines: number; matched: number } | null = null
  if (file) {
    const re = new RegExp(proposal.pattern)
    check = { lines: 0, matched: 0 }
    const counts = check
    await eachLine(localSource(file), (l) => {
      if (!l) return
      counts.lines++
      if (re.test(l)) counts.matched++
    })
  }
  if (values.json)
    io.out(JSON.stringify({ ...proposal, ...(check ? { check } : {}) }, null, 2) + '\n')
  else {
    io.out(`${proposal.pattern}\n`)
    for (const f of proposal.fields)
      io.out(`  ${f.name.padEnd(12)} ${f.type.padEnd(9)} ${f.sample}\n`)
    if (check) io.out(`${check.matched} of ${check.lines} lines of ${file} read by it\n`)
  }
  return 0
}

async function logsGrep(args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { i: { type: 'boolean', short: 'i' } },
  })
  const [pattern, ...files] = pos
  if (!pattern || files.length === 0) throw new UsageError('expected PATTERN FILE...')
  let re: RegExp
  try {
    re = new RegExp(pattern, values.i ? 'i' : '')
  } catch (err) {
    throw new UsageError(`the pattern is not a regular expression: ${(err as Error).message}`)
  }
  let found = 0
  for (const file of files) {
    await eachLine(localSource(file), (line) => {
      if (!re.test(line)) return
      found++
      io.out(files.length > 1 ? `${file}:${line}\n` : `${line}\n`)
    })
  }
  // grep's convention: 1 when nothing matched.
  return found > 0 ? 0 : 1
}

async function logs(args: string[], io: Io, services: Services): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'grep') return logsGrep(rest, io)
  if (sub === 'propose') return logsPropose(rest, io)
  if (sub !== 'stats') throw new UsageError('expected "twb logs stats|grep|propose"')
  const { values, positionals: files } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { format: { type: 'string' }, json: { type: 'boolean' }, zone: { type: 'string' } },
  })
  if (files.length === 0) throw new UsageError('expected at least one log FILE')
  if (values.zone !== undefined && !validZone(values.zone))
    throw new UsageError('--zone is an offset like +01:00 or -05:00 (from -12:00 to +14:00)')
  // The user's own formats, saved in the app (Logs › Explore › Define a format).
  const custom = (await services.settings.get()).logFormats
  const accessFormats = [...ACCESS_FORMATS, ...custom.map(compileCustomFormat)]
  let format = values.format ? (accessFormats.find((f) => f.name === values.format) ?? null) : null
  let errorFormat = values.format
    ? (ERROR_FORMATS.find((f) => f.name === values.format) ?? null)
    : null
  if (values.format && !format && !errorFormat) {
    const names = [...accessFormats, ...ERROR_FORMATS].map((f) => f.name)
    throw new UsageError(`--format is one of ${names.join(', ')}`)
  }
  if (!format && !errorFormat) {
    // Detected from the first lines of the first file: an access log, else an error log.
    const head = await headLines(localSource(files[0]!))
    format = bestFormat(accessFormats, head)
    if (!format) errorFormat = detectErrorFormat(head)
  }
  if (errorFormat) {
    const stats = createErrorStats(errorFormat)
    for (const file of files) await eachLine(localSource(file), (l) => stats.line(l))
    const r = stats.result()
    if (values.json) io.out(JSON.stringify(r, null, 2) + '\n')
    else {
      io.out(
        `${r.format}: ${r.entries} entries (${r.raw} lines before the first), from ${r.firstTime ?? '-'} to ${r.lastTime ?? '-'}\n`,
      )
      io.out(
        `levels: ${Object.entries(r.byLevel)
          .map(([l, n]) => `${l}×${n}`)
          .join(' ')}\n`,
      )
      for (const [m, n] of r.topMessages) io.out(`${String(n).padStart(7)}  ${m}\n`)
    }
    if (r.entries === 0 && r.raw > 0)
      throw nothingUnderstood(files.join(', '), `0 of ${r.raw} lines read as ${r.format} entries.`)
    return 0
  }
  const def = custom.find((f) => f.name === format?.name)
  const r = await accessStats(files.map(localSource), format, {
    worker: join(APP_ROOT, 'out', 'main', 'part-worker.js'),
    ...(def ? { custom: def } : {}),
    ...(values.zone ? { zone: values.zone } : {}),
  })
  if (values.json) io.out(JSON.stringify(r, null, 2) + '\n')
  else {
    io.out(
      `${r.format ?? 'unknown format'}: ${r.lines} lines, ${r.parsed} parsed, ${r.unparsed} not, from ${r.firstTime ?? '-'} to ${r.lastTime ?? '-'}\n`,
    )
    io.out(
      `status: ${Object.entries(r.status)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}\n`,
    )
    for (const [p, n] of r.topPaths) io.out(`${String(n).padStart(7)}  ${p}\n`)
  }
  if (r.parsed === 0 && r.lines > 0)
    throw nothingUnderstood(
      files.join(', '),
      r.format
        ? `0 of ${r.lines} lines read as ${r.format}.`
        : `no known log format reads it (0 of ${r.lines} lines): an access log (combined, HAProxy...) or an error log (Apache, nginx, PHP, PHP-FPM, MariaDB) was expected; define a format in the app (Logs › Explore) or give --format.`,
    )
  return 0
}

/** Why a parsed JSON is not a snapshot `twb schema snapshot` wrote, or null when it is one. */
function snapshotProblem(snap: unknown): string | null {
  if (typeof snap !== 'object' || snap === null || Array.isArray(snap)) return 'not a JSON object'
  const s = snap as Partial<SchemaSnapshot>
  if (s.version !== 1) return 'no "version": 1'
  if (typeof s.tables !== 'object' || s.tables === null) return 'no "tables" object'
  for (const [name, t] of Object.entries(s.tables)) {
    const table = t as unknown as { columns?: unknown; createSql?: unknown } | null
    if (typeof table !== 'object' || table === null || !Array.isArray(table.columns))
      return `table "${name}" has no "columns" list`
  }
  for (const key of ['views', 'triggers'] as const)
    if (s[key] !== undefined && (typeof s[key] !== 'object' || s[key] === null))
      return `"${key}" is not an object`
  return null
}

async function schema(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'diff') {
    const { values, positionals: pos } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    })
    const [a, b] = positionals(pos, 2, 'A.json B.json')
    const load = (file: string): SchemaSnapshot => {
      try {
        const snap = JSON.parse(readFileSync(file, 'utf8')) as SchemaSnapshot | null
        const problem = snapshotProblem(snap)
        if (problem) throw new Error(problem)
        return snap!
      } catch (err) {
        throw new CliError(`${file}: not a schema snapshot of twb (${(err as Error).message}).`, 1)
      }
    }
    const changes = diffSchemas(load(a!), load(b!))
    if (values.json) io.out(JSON.stringify({ changes }, null, 2) + '\n')
    else if (changes.length === 0) io.out('No structural change.\n')
    else
      for (const c of changes)
        io.out(
          `${c.severity.toUpperCase().padEnd(8)} ${c.kind} ${c.table ?? ''}${c.object ? `.${c.object}` : ''}: ${c.before ?? '∅'} → ${c.after ?? '∅'}\n`,
        )
    return 0
  }
  if (sub !== 'snapshot') throw new UsageError('expected "twb schema snapshot|diff"')
  const { values } = parseArgs({
    args: rest,
    options: {
      server: { type: 'string' },
      db: { type: 'string' },
      mysql: { type: 'string' },
      'mysql-env': { type: 'string' },
      'exact-counts': { type: 'boolean' },
    },
  })
  const mysqlUrl = mysqlUrlOption(values, 'mysql')
  if (!values.server === !mysqlUrl)
    throw new UsageError('give --server NAME or --mysql-env VAR (or --mysql URL)')
  let conn
  let database: string
  let serverName: string | null = null
  if (mysqlUrl) {
    const access = parseMysqlUrl(mysqlUrl)
    database = access.database
    conn = await connectDatabase(access)
  } else {
    const session = createApiSession(services, 'web', noEvents)
    const info = await call(session, 'servers:connect', { server: values.server! })
    if (info.kind !== 'ssh')
      throw new CliError('The demo server has no database: use an SSH server or --mysql.', 1)
    const target = services.servers.sshTarget(info.id)
    const creds = await detectCredentials(target, info.cmsRoot)
    io.err(`Credentials from ${creds.file} (${creds.cms}).\n`)
    database = values.db ?? creds.database
    serverName = info.name
    conn = await connectDatabase({ ...creds, database }, target)
  }
  try {
    io.out(
      JSON.stringify(
        await takeSnapshot(conn, database, serverName, {
          exactCounts: values['exact-counts'] ?? false,
        }),
        null,
        2,
      ) + '\n',
    )
  } finally {
    await conn.end()
  }
  return 0
}

async function binlogList(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  })
  const [server] = positionals(pos, 1, 'SERVER')
  const session = createApiSession(services, 'web', noEvents)
  const list = await call(session, 'binlog:list', { server: server! })
  const iso = (t: number | null): string | null =>
    t === null ? null : new Date(t * 1000).toISOString().replace('.000Z', 'Z')
  if (values.json) {
    const rows = list.map((b) => ({
      name: b.name,
      path: b.path,
      size: b.size,
      first: iso(b.first),
      last: iso(b.last),
      readable: b.readable,
      inIndex: b.inIndex,
    }))
    io.out(JSON.stringify(rows, null, 2) + '\n')
  } else {
    for (const b of list) {
      const span = b.readable ? `${iso(b.first) ?? '?'}  ${iso(b.last) ?? '?'}` : 'unreadable'
      io.out(`${b.name}\t${String(b.size).padStart(12)}\t${span}\n`)
    }
  }
  return 0
}

/** The options of `twb binlog events` and `twb binlog find` that make a change filter. */
const CHANGE_FILTER_OPTIONS = {
  json: { type: 'boolean' },
  table: { type: 'string' },
  type: { type: 'string', multiple: true },
  since: { type: 'string' },
  until: { type: 'string' },
  thread: { type: 'string' },
  value: { type: 'string' },
  text: { type: 'string' },
  'start-position': { type: 'string' },
  'stop-position': { type: 'string' },
} as const

function changeFilterFrom(values: {
  table?: string | undefined
  type?: string[] | undefined
  since?: string | undefined
  until?: string | undefined
  thread?: string | undefined
  value?: string | undefined
  text?: string | undefined
  'start-position'?: string | undefined
  'stop-position'?: string | undefined
}): ChangeFilter {
  const position = (option: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined
    if (!/^\d+$/.test(text)) throw new UsageError(`${option} takes a binlog position (# at N)`)
    return Number(text)
  }
  const fromPos = position('--start-position', values['start-position'])
  const toPos = position('--stop-position', values['stop-position'])
  const types = (values.type ?? []).map((t) => t.toLowerCase())
  if (types.some((t) => !['insert', 'update', 'delete', 'ddl', 'other'].includes(t))) {
    throw new UsageError('--type is insert, update, delete, ddl or other')
  }
  const time = (option: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined
    const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`)
    if (!Number.isFinite(ms))
      throw new UsageError(`${option} takes an ISO date and time, e.g. 2026-11-28T13:22:00Z`)
    return ms / 1000
  }
  if (values.thread !== undefined && !/^\d+$/.test(values.thread))
    throw new UsageError('--thread takes a connection id')
  return {
    types: types as ChangeFilter['types'],
    ...(values.table ? { table: values.table } : {}),
    ...(values.since ? { since: time('--since', values.since)! } : {}),
    ...(values.until ? { until: time('--until', values.until)! } : {}),
    ...(values.thread ? { thread: Number(values.thread) } : {}),
    ...(values.value !== undefined ? { value: values.value } : {}),
    ...(values.text ? { text: values.text } : {}),
    ...(fromPos !== undefined ? { fromPos } : {}),
    ...(toPos !== undefined ? { toPos } : {}),
  }
}

/** Prints change events as they come: a JSON array, or one line each. */
function changePrinter(io: Io, json: boolean): { event(e: ChangeEvent): void; end(): void } {
  let count = 0
  return {
    event(e) {
      if (json) io.out(`${count === 0 ? '[\n' : ',\n'}${JSON.stringify(e)}`)
      else
        io.out(
          `${e.time} ${e.file ?? '-'}:${e.pos ?? '?'} thread=${e.thread ?? '-'} ${e.type.toUpperCase()} ${e.db ?? ''}${e.table ? `.${e.table}` : ''} rows=${e.rows.length}${e.part ? ` part=${e.part}` : ''} ${(e.sql ?? '').replace(/\s+/g, ' ').slice(0, 120)}\n`,
        )
      count++
    },
    end() {
      if (json) io.out(count === 0 ? '[]\n' : '\n]\n')
    },
  }
}

async function binlog(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'events') throw new UsageError('expected "twb binlog events [FILE|-]"')
  const { values, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: CHANGE_FILTER_OPTIONS,
  })
  if (pos.length > 1) throw new UsageError('expected one FILE (or - for stdin)')
  const file = pos[0] ?? '-'
  const filter = changeFilterFrom(values)
  const printer = changePrinter(io, values.json ?? false)
  let sawBinlogText = false
  let cut = false
  let currentFile: string | null =
    file === '-'
      ? null
      : basename(file)
          .replace(/\.(txt|sql)$/, '')
          .replace(/\.vv?$/, '')
  const parser = createBinlogParser(
    {
      event: (e) => {
        if (!matchesChange(e, filter)) return
        printer.event(e.file === null && currentFile !== null ? { ...e, file: currentFile } : e)
      },
      issue: (i) => {
        if (i.code === 'BINLOG_TRUNCATED') cut = true
        io.err(`line ${i.line}: ${i.message}\n`)
      },
      file: (name) => {
        currentFile = name
      },
    },
    { ...(currentFile ? { file: currentFile } : {}), accept: (h) => headerMatches(h, filter) },
  )
  const source =
    file === '-' ? { name: 'stdin', open: async () => process.stdin } : localSource(file)
  const decoder = new StringDecoder('utf8')
  let bytes = 0
  await eachChunk(source, (chunk) => {
    bytes += chunk.length
    const text = decoder.write(chunk)
    // mysqlbinlog's output starts with its /*! settings and DELIMITER, and has a # at per event.
    if (!sawBinlogText && /(^|\n)(# at \d|DELIMITER |\/\*!\d)/.test(text)) sawBinlogText = true
    parser.push(text)
  })
  parser.push(decoder.end())
  parser.end()
  printer.end()
  if (bytes > 0 && !sawBinlogText)
    throw nothingUnderstood(
      file === '-' ? 'stdin' : file,
      'not mysqlbinlog output (no "# at POS" line): decode a binary log first with TZ=UTC mysqlbinlog --no-defaults --base64-output=DECODE-ROWS -vv FILE.',
    )
  // What was read is printed; a cut input is still not a complete answer.
  return cut ? 1 : 0
}

/** `twb binlog find --server NAME [FILE...]`: decoded on the server, as the finder does. */
async function binlogFind(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals: names } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...CHANGE_FILTER_OPTIONS, server: { type: 'string' } },
  })
  if (!values.server) throw new UsageError('expected --server NAME')
  const filter = changeFilterFrom(values)
  const printer = changePrinter(io, values.json ?? false)
  let session: ApiSession | undefined
  const ended = new Promise<string | undefined>((done) => {
    session = createApiSession(services, 'web', (event, payload) => {
      if (event === 'job:batch') {
        const batch = payload as { job: string; seq: number; lines: string[] }
        for (const line of batch.lines) printer.event(JSON.parse(line) as ChangeEvent)
        void session?.handle('jobs:ack', { job: batch.job, seq: batch.seq })
      } else if (event === 'job:progress') {
        const p = payload as { message?: string }
        if (p.message && !values.json) io.err(`\r${p.message}`)
      } else if (event === 'job:end') {
        done((payload as { error?: { message: string } }).error?.message)
      }
    })
  })
  const list = await call(session!, 'binlog:list', { server: values.server })
  const files = names.length
    ? names.map((n) => {
        const b = list.find((x) => x.name === n || x.path === n)
        if (!b) throw new CliError(`no binlog named ${n} in /var/log/mysql`, 1)
        return b.path
      })
    : list.filter((b) => b.readable).map((b) => b.path)
  if (files.length === 0) throw new CliError('no readable binlog in /var/log/mysql', 1)
  const started = await callSession(session!, 'binlog:find', {
    server: values.server,
    files,
    ...filter,
    types: filter.types ?? [],
  })
  if (!started.ok) throw new CliError(started.error.message, exitCodeFor(started.error.code))
  const stop = (): void => void session?.handle('jobs:cancel', started.value)
  process.once('SIGINT', stop)
  const error = await ended
  process.off('SIGINT', stop)
  if (!values.json) io.err('\n')
  printer.end()
  if (error) throw new CliError(error, 1)
  return 0
}

/** `twb geoip lint FILE` (an .htaccess's country rules), `twb geoip lookup IP --mmdb FILE`. */
async function geoip(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  const { values, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, mmdb: { type: 'string' } },
  })
  if (sub === 'lint') {
    const [file] = positionals(pos, 1, 'FILE')
    let text: string
    try {
      text = readFileSync(file!, 'utf8')
    } catch (err) {
      throw new CliError(
        `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
        1,
      )
    }
    if (text.includes('\0') || text.includes('\uFFFD'))
      throw nothingUnderstood(
        file!,
        'not a text file: an .htaccess (or Apache configuration) was expected.',
      )
    const issues = lintGeoipRules(text)
    if (values.json) io.out(JSON.stringify(issues, null, 2) + '\n')
    else {
      for (const i of issues) {
        io.out(`${file}:${i.line}: ${i.severity}: ${i.message}\n`)
        if (i.fix) io.out(`  fix: ${i.fix.replace(/\n/g, '\n       ')}\n`)
      }
      if (issues.length === 0) io.out(`${file}: no problem found in its GeoIP rules\n`)
    }
    return issues.some((i) => i.severity === 'error') ? 1 : 0
  }
  if (sub === 'lookup') {
    const ips = pos
    if (ips.length === 0) throw new UsageError('expected IP... --mmdb FILE')
    if (!values.mmdb) throw new UsageError('expected --mmdb FILE (a MaxMind .mmdb database)')
    const reader = await localReader(values.mmdb)
    const answers = ips.map((ip) => lookupIp(reader, ip))
    if (values.json) io.out(JSON.stringify(answers, null, 2) + '\n')
    else
      for (const a of answers)
        io.out(
          `${a.ip}\t${a.country ?? '-'}\t${a.name ?? ''}\t${a.network ?? 'not in the database'}\n`,
        )
    return 0
  }
  throw new UsageError('expected "twb geoip lint FILE" or "twb geoip lookup IP... --mmdb FILE"')
}

/**
 * `twb http trace URL`: the redirect chain, each hop measured and explained; `twb http cache URL`:
 * which cache serves it; `twb http ban --server NAME [URL]`: is it me or the site.
 */
async function http(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'ban') return httpBan(services, rest, io)
  if (sub !== 'trace' && sub !== 'cache')
    throw new UsageError('expected "twb http trace URL", "twb http cache URL" or "twb http ban"')
  const { values, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      user: { type: 'string' },
      'password-env': { type: 'string' },
      repeat: { type: 'string' },
      insecure: { type: 'boolean' },
      timeout: { type: 'string' },
    },
  })
  const [url] = positionals(pos, 1, 'URL')
  const repeat = values.repeat === undefined ? 3 : Number(values.repeat)
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20)
    throw new UsageError('--repeat takes 1 to 20 requests per hop')
  const timeoutSec = values.timeout === undefined ? 10 : Number(values.timeout)
  if (!(timeoutSec > 0)) throw new UsageError('--timeout takes seconds')
  let auth: { login: string; password: string } | undefined
  if (values.user !== undefined) {
    // The password from the environment, never on the command line (ps shows it).
    const variable = values['password-env']
    if (!variable) throw new UsageError('--user needs --password-env VAR (the password in $VAR)')
    const password = process.env[variable]
    if (password === undefined) throw new UsageError(`$${variable} is not set`)
    auth = { login: values.user, password }
  }
  if (sub === 'cache') {
    const d = await cacheDiagnosis(url!, {
      timeoutMs: timeoutSec * 1000,
      ...(values.insecure ? { insecure: true } : {}),
      ...(auth ? { auth } : {}),
    })
    if (values.json) io.out(JSON.stringify(d, null, 2) + '\n')
    else {
      for (const f of d.fetches)
        io.out(
          `${f.variant.padEnd(12)} ${f.status} ${f.bytes} bytes ${f.hash.slice(0, 12)} ${f.headers['content-type'] ?? ''}${f.headers.age ? ` Age=${f.headers.age}` : ''}\n`,
        )
      for (const v of d.verdicts) io.out(`\n${v.kind}: ${v.why}\n  next: ${v.next}\n`)
    }
    return 0
  }
  const hops = await traceRedirects(url!, {
    repeat,
    timeoutMs: timeoutSec * 1000,
    ...(values.insecure ? { insecure: true } : {}),
    ...(auth ? { auth } : {}),
  })
  if (values.json) {
    io.out(JSON.stringify({ hops }, null, 2) + '\n')
    return 0
  }
  for (const [i, h] of hops.entries()) {
    io.out(
      `${i + 1}. ${h.status} ${h.url}${h.location ? ` → ${h.location}` : ''}\n   TTFB ${Math.round(h.ttfbMs)} ms, total ${Math.round(h.totalMs)} ms${h.origin ? `, origin: ${h.origin}` : ''}\n`,
    )
    for (const e of h.evidence) io.out(`   - ${e}\n`)
  }
  return 0
}

async function httpBan(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      json: { type: 'boolean' },
      insecure: { type: 'boolean' },
    },
  })
  if (!values.server) throw new UsageError('expected --server NAME [URL]')
  if (pos.length > 1) throw new UsageError('expected one URL')
  const session = createApiSession(services, 'web', noEvents)
  const r = await call(session, 'http:ban', {
    server: values.server,
    ...(pos[0] ? { url: pos[0] } : {}),
    ...(values.insecure ? { insecure: true } : {}),
  })
  if (values.json) io.out(JSON.stringify(r, null, 2) + '\n')
  else io.out(`${r.verdict}: ${r.explanation}\n`)
  return 0
}

async function slowlog(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'summary') throw new UsageError('expected "twb slowlog summary FILE..."')
  const { values, positionals: files } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      'fpm-log': { type: 'string', multiple: true },
      json: { type: 'boolean' },
      top: { type: 'string' },
    },
  })
  if (files.length === 0) throw new UsageError('expected at least one slow log FILE')
  const report = await analyzeSlowlogs(
    files.map(localSource),
    (values['fpm-log'] ?? []).map(localSource),
    { worker: join(APP_ROOT, 'out', 'main', 'part-worker.js') },
  )
  const top = values.top === undefined ? 10 : Number(values.top)
  if (values.json) {
    const summary = {
      entries: report.entries,
      dumpFailed: report.dumpFailed,
      pools: report.pools,
      first: report.first,
      last: report.last,
      byScript: report.byScript,
      byUri: report.byUri,
      byTopFrame: report.byTopFrame,
      byStack: report.byStack,
      requests: report.requests.map((q) => ({
        time: q.time,
        pool: q.pool,
        pid: q.pid,
        script: q.script,
        method: q.method ?? null,
        uri: q.uri ?? null,
        durationSec: q.durationSec ?? null,
      })),
      issues: report.issues,
    }
    io.out(JSON.stringify(summary, null, 2) + '\n')
    return slowlogVerdict(report, files)
  }
  const list = (title: string, rows: [string, number][]): void => {
    io.out(`\n${title}\n`)
    for (const [name, n] of rows.slice(0, top))
      io.out(
        `${String(n).padStart(7)}  ${((n / report.entries) * 100).toFixed(1).padStart(5)}%  ${name}\n`,
      )
  }
  io.out(
    `${report.entries} slow entries (${report.dumpFailed} dump failed) from ${report.first ?? '-'} to ${report.last ?? '-'}\n`,
  )
  list('By script', report.byScript)
  if (report.byUri.length > 0) list('By request', report.byUri)
  list('By top frame', report.byTopFrame)
  for (const i of report.issues.slice(0, 20)) io.err(`line ${i.line}: ${i.message}\n`)
  return slowlogVerdict(report, files)
}

/** Exit 1 when the files gave no entry but lines that are not one: not a slow log at all. */
function slowlogVerdict(report: { entries: number; issues: unknown[] }, files: string[]): number {
  if (report.entries === 0 && report.issues.length > 0)
    throw nothingUnderstood(
      files.join(', '),
      'no slow-log entry in it: php-fpm slow log entries ("[02-Dec-2026 14:08:11]  [pool www] pid 123", script_filename, stack frames) were expected.',
    )
  return 0
}

async function cachegrind(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'summary') throw new UsageError('expected "twb cachegrind summary FILE"')
  const { values, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { top: { type: 'string' }, json: { type: 'boolean' } },
  })
  const [file] = positionals(pos, 1, 'one profile FILE')
  const top = values.top === undefined ? (values.json ? Infinity : 25) : Number(values.top)
  if (!(top > 0)) throw new UsageError('--top takes a positive number')
  let model
  try {
    model = await parseProfile(localSource(file!))
  } catch (err) {
    throw new CliError((err as Error).message, 1)
  }
  const functions = [...model.functions].sort(
    (a, b) => (b.self[0] ?? 0) - (a.self[0] ?? 0) || (a.name < b.name ? -1 : 1),
  )
  const byEvent = (values: number[]): Record<string, number> =>
    Object.fromEntries(model.events.map((e, i) => [e, values[i] ?? 0]))
  if (model.truncated) {
    io.err(`twb: ${file}: line ${model.truncated.line}: ${model.truncated.message}\n`)
  }
  if (values.json) {
    const summary = {
      events: model.events,
      totals: byEvent(model.totals),
      cmd: model.cmd ?? null,
      creator: model.creator ?? null,
      runs: model.runs,
      exactTree: model.tree !== null,
      ...(model.treeIssue ? { treeIssue: model.treeIssue } : {}),
      ...(model.truncated ? { truncated: model.truncated } : {}),
      functions: functions.slice(0, top).map((f) => ({
        name: f.name,
        file: f.file,
        calls: f.calls,
        self: byEvent(f.self),
        inclusive: byEvent(f.inclusive),
      })),
    }
    io.out(JSON.stringify(summary, null, 2) + '\n')
    return model.truncated ? 1 : 0
  }
  const unit = timeUnitNs(model.events[0] ?? '')
  const show = (v: number): string =>
    unit === null ? v.toLocaleString('en-US') : `${((v * unit) / 1e6).toFixed(3)} ms`
  const total = model.totals[0] ?? 0
  const pct = (v: number): string => `${((v / Math.max(1, total)) * 100).toFixed(2).padStart(6)}%`
  io.out(`${model.cmd ?? file}\n${model.creator ?? ''}  events: ${model.events.join(' ')}\n`)
  io.out(`total ${show(total)} (${model.events[0]})\n\n`)
  io.out(
    `${'self'.padStart(14)} ${'%'.padStart(7)} ${'inclusive'.padStart(14)} ${'calls'.padStart(9)}  function\n`,
  )
  for (const f of functions.slice(0, top)) {
    io.out(
      `${show(f.self[0] ?? 0).padStart(14)} ${pct(f.self[0] ?? 0)} ${show(f.inclusive[0] ?? 0).padStart(14)} ${String(f.calls).padStart(9)}  ${f.name}${f.file && !f.name.includes(f.file) ? `  (${f.file})` : ''}\n`,
    )
  }
  if (!model.tree && model.treeIssue) io.err(`note: call tree not exact (${model.treeIssue})\n`)
  return model.truncated ? 1 : 0
}

async function cloneRewriteUrl(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'db-to': { type: 'string' },
      'db-to-env': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      prefix: { type: 'string' },
      apply: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  })
  const dbTo = mysqlUrlOption(values, 'db-to')
  if (!dbTo || !values.from || !values.to) {
    throw new UsageError(
      'expected --db-to-env VAR (or --db-to mysql://…) --from OLD_URL --to NEW_URL',
    )
  }
  const plan = await rewriteSiteUrl(parseMysqlUrl(dbTo), {
    from: values.from,
    to: values.to,
    ...(values.prefix ? { prefix: values.prefix } : {}),
    ...(values.apply ? { apply: true } : {}),
  }).catch((err: Error) => {
    throw new CliError(err.message, 1)
  })
  if (values.json) {
    io.out(JSON.stringify(plan, null, 2) + '\n')
    return 0
  }
  const total = plan.columns.reduce((n, c) => n + c.rows, 0)
  io.out(
    `${plan.applied ? 'Rewrote' : 'Would rewrite'} ${total} values: ${plan.from} → ${plan.to}\n`,
  )
  for (const c of plan.columns) {
    io.out(`  ${c.table}.${c.column}: ${c.rows}\n`)
    if (c.sample) io.out(`      ${c.sample.before}\n    → ${c.sample.after}\n`)
  }
  for (const n of plan.notes) io.out(`note: ${n}\n`)
  if (!plan.applied) io.out('Nothing written: review, then run again with --apply.\n')
  return 0
}

async function clone(services: Services, args: string[], io: Io): Promise<number> {
  if (args[0] === 'rewrite-url') return cloneRewriteUrl(args.slice(1), io)
  const verify = args[0] === 'verify'
  const { values, positionals: pos } = parseArgs({
    args: verify ? args.slice(1) : args,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      'to-server': { type: 'string' },
      'confirm-production': { type: 'boolean' },
      'db-to': { type: 'string' },
      'db-to-env': { type: 'string' },
      'db-dump': { type: 'string' },
      'exclude-images': { type: 'boolean' },
      bwlimit: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'force-into-nonempty': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  })
  const [name] = positionals(pos, 1, 'SERVER')
  let toServer: { name: string; path: string } | undefined
  if (values['to-server']) {
    const m = /^([^:]+):(\/.*)$/.exec(values['to-server'])
    if (!m || values.to) throw new UsageError('--to-server NAME:/ABSOLUTE/PATH (instead of --to)')
    toServer = { name: m[1]!, path: m[2]! }
  } else if (!values.to) throw new UsageError('--to DIR is required (the destination folder)')
  const dbTo = mysqlUrlOption(values, 'db-to')
  if (dbTo && values['db-dump']) throw new UsageError('choose --db-to or --db-dump')
  const bwlimit = values.bwlimit === undefined ? undefined : Number(values.bwlimit)
  if (bwlimit !== undefined && !(bwlimit > 0)) throw new UsageError('--bwlimit takes KB/s')
  const req: CloneRequest = {
    to: toServer ? toServer.path : resolve(values.to!),
    ...(dbTo ? { dbTo: parseMysqlUrl(dbTo) } : {}),
    ...(values['db-dump'] ? { dbDump: resolve(values['db-dump']) } : {}),
    ...(values['exclude-images'] ? { excludeImages: true } : {}),
    ...(bwlimit ? { bwlimitKBps: bwlimit } : {}),
    ...(values['dry-run'] ? { dryRun: true } : {}),
    ...(values['force-into-nonempty'] ? { forceIntoNonEmpty: true } : {}),
  }
  const fail = (err: unknown): never => {
    const e = err as { code?: string; message: string; details?: Record<string, string> }
    const how =
      e.details?.confirm === 'non-empty'
        ? ' To replace it, run again with --force-into-nonempty.'
        : ''
    throw new CliError(e.message + how, e.code ? exitCodeFor(e.code) : 1)
  }
  const source = cloneSourceFor(services.servers, name!)
  let dest: CloneDestination | undefined
  try {
    dest = toServer
      ? cloneDestinationFor(
          services.servers,
          toServer.name,
          values['confirm-production'] === true || verify,
        )
      : undefined
  } catch (err) {
    fail(err)
  }
  if (verify) {
    const report = await verifyClone(source, req, undefined, dest).catch(fail)
    const same = report.files.differences.length === 0 && report.tables.differences.length === 0
    if (values.json) io.out(JSON.stringify(report, null, 2) + '\n')
    else {
      io.out(
        `files: ${report.files.checked} checked, ${report.files.differences.length} different\n`,
      )
      for (const d of report.files.differences) io.out(`  ${d}\n`)
      io.out(
        `tables: ${report.tables.checked} checked, ${report.tables.differences.length} different\n`,
      )
      for (const d of report.tables.differences) io.out(`  ${d}\n`)
      io.out(same ? 'The copy is identical.\n' : 'The copy differs.\n')
    }
    return same ? 0 : 1
  }
  // Ctrl-C stops rsync cleanly: the partial file is kept and the next run resumes it.
  const stop = new AbortController()
  const onSignal = (): void => stop.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let lastPct = -1
  const report = await cloneSite(
    source,
    req,
    {
      step: (m) => io.err(`${m}\n`),
      files: (p) => {
        if (p.percent === lastPct) return
        lastPct = p.percent
        io.err(
          `  files ${String(p.percent).padStart(3)}%  ${(p.bytes / 1048576).toFixed(1)} MB  ${p.rate}  ETA ${p.eta}\n`,
        )
      },
      table: (t) => io.err(`  table ${t.tables}: ${t.table}\n`),
    },
    stop.signal,
    dest,
  )
    .catch(fail)
    .finally(() => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    })
  const saved = saveCloneReport(services.info.dataDir, report)
  if (values.json) io.out(JSON.stringify({ ...report, report: saved }, null, 2) + '\n')
  else {
    io.out(
      `${report.dryRun ? 'Would copy' : 'Copied'} ${report.files.files} files (${(report.files.bytes / 1048576).toFixed(1)} MB, ${(report.files.transferred / 1048576).toFixed(1)} MB transferred) in ${report.files.seconds.toFixed(1)} s\n`,
    )
    if (report.database) {
      io.out(
        `Database: ${report.database.tables} tables, ${(report.database.bytes / 1048576).toFixed(1)} MB dumped → ${report.database.into} in ${report.database.seconds.toFixed(1)} s\n`,
      )
      for (const n of report.database.notes) io.out(`  note: ${n}\n`)
    }
    io.out(`Skipped: ${report.excluded.join(' ')}\nReport: ${saved}\n`)
  }
  return 0
}

const noEvents: Emit = () => undefined

function formatEntry(e: FileEntry): string {
  const kind = e.type === 'dir' ? 'd' : e.type === 'link' ? 'l' : e.type === 'file' ? '-' : '?'
  const mode = (e.mode & 0o777).toString(8).padStart(3, '0')
  const time = new Date(e.mtimeMs).toISOString().slice(0, 19).replace('T', ' ')
  return `${kind}${mode} ${String(e.size).padStart(10)} ${time} ${e.name}${e.type === 'dir' ? '/' : ''}`
}
