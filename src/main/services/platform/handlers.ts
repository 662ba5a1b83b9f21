// What every capability's handlers share: the session they run in, the typing of a handler map
// against its slice of the contract, and the checks a request to a server goes through.
import type {
  AppCalls,
  AppInfo,
  BackupContract,
  Settings,
  JobsCalls,
  ServerInfo,
  ServerProfileInput,
  ServersCalls,
  Transport,
} from '../../../shared/api'
import { checkContract } from '../../../core/backups'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { ServiceError } from './errors'
import type { Emit, JobManager } from './jobs'
import { localPrivateKeys, type ServerRegistry } from './servers'
import { checkLogFormats, EMAIL, type SettingsStore } from './settings'
import { readSshConfig } from './ssh-config'
import { importServers, parseServerCsv } from './server-import'
import { serverClock } from './target'
import { flag, integer, object, oneOf, optionalText, text, type Fields } from './validate'

/** One capability's calls `C`, each checking its request (unknown: it crossed a process). */
export type CallHandlers<C> = {
  [K in keyof C]: (req: unknown) => Promise<C[K] extends { res: infer R } ? R : never>
}

/** One client's session (a window, a web-mode connection, the CLI) as its handlers see it. */
export interface SessionContext {
  servers: ServerRegistry
  settings: SettingsStore
  /** This session's jobs: cancelled with it. */
  jobs: JobManager
  emit: Emit
  transport: Transport
  info: Omit<AppInfo, 'transport'>
  /** The user's downloads folder (files fetched from servers land under it). */
  downloadsDir: string
  /** The built workers; the calling thread parses when absent. */
  profileWorker?: string
  partWorker?: string
  /** The native file dialog (Electron's), when there is one. */
  pickFile?: PickFile
}

/** Opens the native file dialog: the chosen file's path, or null when the user cancelled. */
export type PickFile = (options: { title: string; defaultPath: string }) => Promise<string | null>

/** An SSH server; the demo is refused with `why` (it has no shell, database, supervisor…). */
export function sshServer(ctx: SessionContext, r: Fields, why: string): ServerInfo {
  const server = ctx.servers.info(text(r, 'server'))
  if (server.kind !== 'ssh') throw new ServiceError('BAD_REQUEST', why)
  return server
}

/** A server a user action may write to: never the demo; production only once confirmed. */
export function writableServer(ctx: SessionContext, r: Fields, action: string): ServerInfo {
  const server = ctx.servers.info(text(r, 'server'))
  if (server.kind === 'demo') throw new ServiceError('READ_ONLY', 'The demo server is read-only.')
  if (server.role === 'production' && !flag(r, 'confirmProduction', false)) {
    throw new ServiceError(
      'CONFIRM_REQUIRED',
      `${server.name} is a production server: confirm the ${action} first.`,
    )
  }
  return server
}

/** The app, its settings, the servers and the jobs of the session. */
export function platformHandlers(
  ctx: SessionContext,
): CallHandlers<AppCalls & ServersCalls & JobsCalls> {
  const { servers, settings, jobs } = ctx
  return {
    'app:info': async () => ({ ...ctx.info, transport: ctx.transport }),
    'app:pick-file': async (req) => {
      oneOf(object(req), 'purpose', ['ssh-key'] as const)
      if (!ctx.pickFile)
        throw new ServiceError(
          'BAD_REQUEST',
          'No file dialog in web mode: type the key’s path, or pick one of the keys found in ~/.ssh.',
        )
      const path = await ctx.pickFile({
        title: 'Private key for this server',
        defaultPath: join(homedir(), '.ssh'),
      })
      return { path }
    },
    'settings:get': async () => settings.get(),
    'settings:set': async (req) => {
      const r = object(req)
      const locale = oneOf(r, 'locale', ['en', 'fr', 'system'] as const)
      const theme = oneOf(r, 'theme', ['light', 'dark', 'system'] as const)
      const clock = oneOf(r, 'clock', ['server', 'utc', 'local'] as const)
      return settings.set({
        ...(locale ? { locale } : {}),
        ...(theme ? { theme } : {}),
        ...(clock ? { clock } : {}),
        ...(r.logFormats !== undefined ? { logFormats: checkLogFormats(r.logFormats) } : {}),
        ...supportAndContracts(r),
      })
    },
    'servers:list': async () => servers.list(),
    'servers:add': async (req) => servers.add(profileInput(object(object(req).profile))),
    'servers:test': async (req) => {
      const r = object(req)
      return servers.test(profileInput(object(r.profile)), optionalText(r, 'server', 200))
    },
    'servers:keys': async () => localPrivateKeys(),
    'servers:update': async (req) => {
      const r = object(req)
      return servers.update(text(r, 'server'), profileInput(object(r.profile)))
    },
    'servers:remove': async (req) => {
      await servers.remove(text(object(req), 'server'))
      return null
    },
    'servers:ssh-config': async () => readSshConfig(),
    'servers:csv': async (req) => parseServerCsv(text(object(req), 'text', 4 << 20)),
    'servers:import': async (req) => {
      const list = object(req).profiles
      if (!Array.isArray(list) || list.length > 1000)
        throw new ServiceError('BAD_REQUEST', '"profiles": a list of at most 1,000 servers.')
      // Each checked alone: a malformed one is skipped with its reason, as one refused by add.
      return importServers(
        (p) => servers.add(profileInput(object(p as unknown as Fields))),
        list as ServerProfileInput[],
      )
    },
    'servers:connect': async (req) => servers.connect(text(object(req), 'server')),
    'servers:clock': async (req) => serverClock(servers.target(text(object(req), 'server'))),
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
  const tags = r.tags
  if (tags !== undefined && tags !== null) {
    if (!Array.isArray(tags) || tags.length > 50 || tags.some((t) => typeof t !== 'string'))
      throw new ServiceError('BAD_REQUEST', '"tags" must be a list of words.')
    input.tags = tags as string[]
  }
  for (const key of [
    'keyFile',
    'passphrase',
    'password',
    'jump',
    'cmsRoot',
    'productionUrl',
    'preprodLink',
    'group',
  ] as const) {
    const v = optionalText(r, key)
    if (v !== undefined) input[key] = v
  }
  return input
}

/** The support address and the servers' backup contracts a settings change sets, checked. */
function supportAndContracts(r: Fields): Partial<Settings> {
  const out: Partial<Settings> = {}
  const email = optionalText(r, 'supportEmail', 254)
  if (email !== undefined) {
    if (email && !EMAIL.test(email))
      throw new ServiceError('BAD_REQUEST', `"${email}" is not an e-mail address.`)
    out.supportEmail = email
  }
  if (r.backupContracts !== undefined) {
    const all = object(r.backupContracts)
    const contracts: Record<string, BackupContract> = {}
    for (const [id, c] of Object.entries(all)) {
      try {
        contracts[id] = checkContract(c)
      } catch (err) {
        throw new ServiceError('BAD_REQUEST', `${id}: ${(err as Error).message}`)
      }
    }
    out.backupContracts = contracts
  }
  return out
}
