// `twb`: the workbench's command line. It calls the same services as the UI and prints
// text, or JSON with --json. Errors go to stderr with a non-zero exit code. Each command group
// lives in commands/<capability>.ts; jobs are followed with follow-job.ts.
import { createServices, type Services } from '../main/services/api'
import { binlog, binlogFind, binlogList } from './commands/binlog'
import { clone } from './commands/clone'
import { cat, exec, ls } from './commands/files'
import { geoip, http } from './commands/http'
import { logs, tail } from './commands/logs'
import { timeline } from './commands/timeline'
import { fleet } from './commands/fleet'
import { backup } from './commands/backup'
import { snapshot } from './commands/snapshot'
import { cachegrind } from './commands/profiles'
import { rights } from './commands/rights'
import { schema } from './commands/schema'
import { serve, server } from './commands/servers'
import { slowlog } from './commands/slowlog'
import { APP_ROOT, CliError, exitCodeFor, stdio, UsageError, type Io } from './common'
import { USAGE } from './usage'

export { USAGE }

/**
 * Takes the global `--tz ZONE` (or `--tz=ZONE`) out of the arguments, wherever it is before a
 * `--` (what follows is a remote command's), into the `io` the command gets; else $TWB_TZ.
 * Checked by the commands that write times.
 */
function withTz(argv: string[], io: Io): [string[], Io] {
  const out: string[] = []
  let tz = process.env.TWB_TZ || undefined
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!
    if (a === '--') {
      out.push(...argv.slice(k))
      break
    }
    if (a === '--tz') {
      tz = argv[++k]
      if (tz === undefined)
        throw new UsageError('--tz takes a zone: utc, local, server, Europe/Paris, +01:00')
    } else if (a.startsWith('--tz=')) tz = a.slice(5)
    else out.push(a)
  }
  return [out, tz === undefined ? io : { ...io, tz }]
}

export async function main(argv: string[], stdioOf: Io = stdio): Promise<number> {
  let services: Services | undefined
  let io = stdioOf
  try {
    const [args, withZone] = withTz(argv, stdioOf)
    io = withZone
    const [command, ...rest] = args
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
      case 'timeline':
        return await timeline(services, rest, io)
      case 'fleet':
        return await fleet(services, rest, io)
      case 'backup':
        return await backup(services, rest, io)
      case 'snapshot':
        return await snapshot(services, rest, io)
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
    // A service's failure outside a call (a host key refused on connecting): its code decides.
    return err instanceof CliError
      ? err.exitCode
      : exitCodeFor(String((err as { code?: unknown }).code ?? ''))
  } finally {
    await services?.servers.close()
  }
}
