// `twb`: the workbench's command line. It calls the same services as the UI and prints
// text, or JSON with --json. Errors go to stderr with a non-zero exit code.
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { CallName, CallRequest, CallResult, FileEntry } from '../shared/api'
import {
  callSession,
  createApiSession,
  type ApiSession,
  type Services,
} from '../main/services/api-session'
import type { Emit } from '../main/services/jobs'
import { createServices } from '../main/services/services'
import { openAppWindow } from '../main/web/browser'
import { startWebServer } from '../main/web/server'

const APP_ROOT = resolve(__dirname, '../..')

export const USAGE = `twb — TW Workbench command line

Usage:
  twb serve [--port N] [--no-open]     start web mode on 127.0.0.1 and print its URL
  twb server list [--json]             the configured servers (the built-in Demo first)
  twb ls SERVER PATH [--json]          list a folder on a server
  twb cat SERVER PATH                  print a file of a server
  twb tail SERVER PATH [-n N] [--follow]
                                       the last N lines (default 10), then new ones
  twb --version | --help

SERVER is a server's name or id ("demo" is the built-in demo server).
The data directory (profiles, known hosts, snapshots) is the platform's app-data folder,
or $TWB_HOME when set.

Exit codes: 0 success, 1 failure, 2 bad usage.`

class UsageError extends Error {}

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
    return 1
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
  if (!result.ok) throw new Error(result.error.message)
  return result.value
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
    const opened = openAppWindow(server.url, join(services.info.dataDir, 'chromium-profile'))
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
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  })
  if (pos[0] !== 'list' || pos.length !== 1) throw new UsageError('expected "twb server list"')
  const list = await call(createApiSession(services, 'web', noEvents), 'servers:list', {})
  if (values.json) io.out(JSON.stringify(list, null, 2) + '\n')
  else for (const s of list) io.out(`${s.name}\t${s.kind}\t${s.role}\t${s.address}\n`)
  return 0
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
  if (!started.ok) throw new Error(started.error.message)
  const stop = (): void => void session?.handle('jobs:cancel', started.value)
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const error = await ended
  if (error) throw new Error(error)
  return 0
}

const noEvents: Emit = () => undefined

function formatEntry(e: FileEntry): string {
  const kind = e.type === 'dir' ? 'd' : e.type === 'link' ? 'l' : e.type === 'file' ? '-' : '?'
  const mode = (e.mode & 0o777).toString(8).padStart(3, '0')
  const time = new Date(e.mtimeMs).toISOString().slice(0, 19).replace('T', ' ')
  return `${kind}${mode} ${String(e.size).padStart(10)} ${time} ${e.name}${e.type === 'dir' ? '/' : ''}`
}
