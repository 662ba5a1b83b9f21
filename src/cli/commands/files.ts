// twb ls, cat, exec: a server's files and commands.
import { parseArgs } from 'node:util'
import { createApiSession, type Services } from '../../main/services/api'
import {
  UsageError,
  call,
  cliZone,
  positionals,
  noEvents,
  formatEntry,
  serverClockOf,
  type Io,
} from '../common'

export async function exec(services: Services, args: string[], io: Io): Promise<number> {
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

export async function ls(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  })
  const [serverName, path] = positionals(pos, 2, 'SERVER PATH')
  const session = createApiSession(services, 'web', noEvents)
  const zone = await cliZone(io, serverClockOf(session, serverName!))
  const entries = await call(session, 'files:list', { server: serverName!, path: path! })
  if (values.json) io.out(JSON.stringify(entries, null, 2) + '\n')
  else for (const e of entries) io.out(formatEntry(e, zone) + '\n')
  return 0
}

export async function cat(services: Services, args: string[], io: Io): Promise<number> {
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
