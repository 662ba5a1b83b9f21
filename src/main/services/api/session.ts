// One client's session: every capability's handlers merged into one typed map. A call's name is
// looked up there; its handler checks the request; whatever it throws becomes a coded error.
import {
  fail,
  ok,
  type AppInfo,
  type CallName,
  type CallRequest,
  type CallResult,
  type Calls,
  type ConnectionState,
  type Result,
  type Transport,
} from '../../../shared/api'
import {
  JobManager,
  platformHandlers,
  toApiError,
  type CallHandlers,
  type Emit,
  type PickFile,
  type ServerRegistry,
  type SessionContext,
  type SettingsStore,
} from '../platform'
import { binlogHandlers } from '../binlog'
import { cloneHandlers } from '../clone'
import { filesHandlers } from '../files'
import { httpHandlers } from '../http'
import { logsHandlers } from '../logs'
import { timelineHandlers } from '../timeline'
import { fleetHandlers } from '../fleet'
import { backupHandlers } from '../backups'
import { preprodHandlers } from '../preprod'
import { profilesHandlers } from '../profiles'
import { rightsHandlers } from '../rights'
import { schemaHandlers, type SnapshotStore } from '../schema'
import { slowlogHandlers } from '../slowlog'
import { terminalHandlers, type TerminalManager } from '../terminal'

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
  /** The native file dialog (Electron's), when there is one. */
  pickFile?: PickFile
}

/** One client's view of the services (a window, a web-mode connection, the CLI), with its own jobs. */
export interface ApiSession {
  handle(name: unknown, req: unknown): Promise<Result<unknown>>
  dispose(): void
}

export function createApiSession(services: Services, transport: Transport, emit: Emit): ApiSession {
  const jobs = new JobManager(emit)
  const { servers } = services
  const onState = (server: string, state: ConnectionState, message?: string): void =>
    emit('server:state', { server, state, ...(message ? { message } : {}) })
  servers.on('state', onState)
  const ctx: SessionContext = {
    servers,
    settings: services.settings,
    jobs,
    emit,
    transport,
    info: services.info,
    downloadsDir: services.downloadsDir,
    ...(services.profileWorker ? { profileWorker: services.profileWorker } : {}),
    ...(services.partWorker ? { partWorker: services.partWorker } : {}),
    ...(services.pickFile ? { pickFile: services.pickFile } : {}),
  }
  const terminal = terminalHandlers(ctx, services.terminals)
  const timeline = timelineHandlers(ctx)
  const handlers: CallHandlers<Calls> = {
    ...platformHandlers(ctx),
    ...filesHandlers(ctx),
    ...terminal.handlers,
    ...logsHandlers(ctx),
    ...slowlogHandlers(ctx),
    ...profilesHandlers(ctx),
    ...binlogHandlers(ctx, services.snapshots),
    ...schemaHandlers(ctx, services.snapshots),
    ...httpHandlers(ctx),
    ...rightsHandlers(ctx),
    ...preprodHandlers(ctx),
    ...cloneHandlers(ctx),
    ...timeline.handlers,
    ...fleetHandlers(ctx, services.snapshots),
    ...backupHandlers(ctx),
  }
  const known = (name: unknown): name is CallName =>
    typeof name === 'string' && Object.hasOwn(handlers, name)

  return {
    async handle(name, req) {
      if (!known(name)) return fail('UNKNOWN_CALL', `Unknown call "${String(name)}".`)
      try {
        return ok(await handlers[name](req))
      } catch (err) {
        return { ok: false, error: toApiError(err) }
      }
    },
    dispose() {
      jobs.cancelAll()
      servers.off('state', onState)
      terminal.dispose()
      timeline.dispose()
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
