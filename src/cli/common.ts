// What every command shares: errors with exit codes, output, typed calls, option helpers.
import { resolve } from 'node:path'
import type { CallName, CallRequest, CallResult, FileEntry } from '../shared/api'
import { callSession, type ApiSession } from '../main/services/api'
import type { Emit } from '../main/services/platform'
import { offsetMinutes } from '../core/logs'
import { displayZone, formatInstant, knownZone, type DisplayZone } from '../core/text'

export const APP_ROOT = resolve(__dirname, '../..')

export class UsageError extends Error {}

/** A failure with its exit code: 3 for host-key refusals, 1 otherwise. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** The service's facts about the failure (ApiError.details), when it came from a call. */
    readonly details?: Record<string, string>,
  ) {
    super(message)
  }
}

export function exitCodeFor(code: string): number {
  return code === 'HOST_KEY_UNKNOWN' || code === 'HOST_KEY_CHANGED' ? 3 : 1
}

export interface Io {
  out(text: string): void
  err(text: string): void
  /**
   * The zone the text output writes times in (`--tz`, else $TWB_TZ): `utc` (the default),
   * `local`, `server`, an IANA zone or an offset. JSON is always ISO 8601 in UTC.
   */
  tz?: string
}

export const stdio: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
}

/** Calls the API as the UI would; a failed result becomes an error with the service's message. */
export async function call<K extends CallName>(
  session: ApiSession,
  name: K,
  req: CallRequest<K>,
): Promise<CallResult<K>> {
  const result = await callSession(session, name, req)
  if (!result.ok)
    throw new CliError(result.error.message, exitCodeFor(result.error.code), result.error.details)
  return result.value
}

/** A secret named by an environment variable (`--password-env VAR`): never on a command line. */
export function fromEnv(option: string, variable: string | undefined): string | undefined {
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
export function mysqlUrlOption(values: Record<string, unknown>, name: string): string | undefined {
  const direct = values[name] as string | undefined
  const variable = values[`${name}-env`] as string | undefined
  if (direct !== undefined && variable !== undefined)
    throw new UsageError(`choose --${name} or --${name}-env`)
  return direct ?? fromEnv(`--${name}-env`, variable)
}

/** A UTC offset a clock can have, written `+HH:MM` or `+HHMM`: -12:00 to +14:00, minutes 00-59. */
export function validZone(zone: string): boolean {
  const minutes = zone === 'Z' ? null : offsetMinutes(zone)
  return (
    minutes !== null && Number(zone.slice(-2)) < 60 && minutes >= -12 * 60 && minutes <= 14 * 60
  )
}

/**
 * A run that read input but understood none of it is a failure, not an empty success: the
 * report is still printed, and this says why (exit 1).
 */
export function nothingUnderstood(what: string, expected: string): CliError {
  return new CliError(`${what}: ${expected}`, 1)
}

export function positionals(args: string[], count: number, names: string): string[] {
  if (args.length !== count) throw new UsageError(`expected ${names}`)
  return args
}

export const noEvents: Emit = () => undefined

/** An ISO date and time that says its zone (`--at`, `--from`…), as epoch ms. */
export function zonedInstant(value: string | undefined, option: string): number {
  const at = value === undefined ? NaN : Date.parse(value)
  if (!Number.isFinite(at) || !/[zZ]|[+-]\d\d:?\d\d$/.test(value ?? ''))
    throw new UsageError(
      `${option} takes an ISO date and time with its zone, e.g. 2026-11-28T13:22:00Z`,
    )
  return at
}

/**
 * The zone of the text output (`--tz`): the server's needs the command's server (`server` asks
 * it for its clock, read once as the UI does); a fixed offset keeps it all year.
 */
export async function cliZone(
  io: Io,
  server?: () => Promise<import('../shared/api').ServerClock>,
): Promise<DisplayZone> {
  const tz = io.tz ?? 'utc'
  if (tz === 'utc' || tz === 'UTC') return displayZone('utc', null, 'UTC')
  if (tz === 'local')
    return displayZone('local', null, Intl.DateTimeFormat().resolvedOptions().timeZone)
  if (tz === 'server') {
    if (!server) throw new UsageError('--tz server needs a command run on a server')
    return displayZone('server', await server(), 'UTC')
  }
  if (knownZone(tz)) return { mode: 'local', name: tz, fixedMin: 0 }
  if (validZone(tz)) return { mode: 'local', name: null, fixedMin: offsetMinutes(tz)! }
  throw new UsageError(
    `--tz is utc, local, server, a zone name (Europe/Paris) or an offset (+01:00): not "${tz}"`,
  )
}

/** The server's clock, for `--tz server`. */
export function serverClockOf(session: ApiSession, server: string) {
  return () => call(session, 'servers:clock', { server })
}

export function formatEntry(e: FileEntry, zone: DisplayZone): string {
  const kind = e.type === 'dir' ? 'd' : e.type === 'link' ? 'l' : e.type === 'file' ? '-' : '?'
  const mode = (e.mode & 0o777).toString(8).padStart(3, '0')
  // Every time says its zone (UTC unless --tz).
  const time = formatInstant(e.mtimeMs, zone)
  return `${kind}${mode} ${String(e.size).padStart(10)} ${time} ${e.name}${e.type === 'dir' ? '/' : ''}`
}
