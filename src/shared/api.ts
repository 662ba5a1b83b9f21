// The one contract between the renderer and the services. Both transports (Electron IPC
// through the preload, WebSocket in web mode) carry exactly these calls and events. Each
// capability declares its calls, models and job records in its own file; this one merges them.
// Everything here must stay serialisable (structured clone and JSON alike).
import type { AppCalls } from './app'
import type { BinlogCalls } from './binlog'
import type { CloneCalls } from './clone'
import type { FilesCalls } from './files'
import type { BackupCalls } from './backups'
import type { FleetCalls } from './fleet'
import type { HttpCalls } from './http'
import type { JobBatch, JobEnd, JobProgress, JobsCalls } from './jobs'
import type { LogsCalls } from './logs'
import type { PreprodCalls } from './preprod'
import type { ProfilesCalls } from './profiles'
import type { RightsCalls } from './rights'
import type { SchemaCalls } from './schema'
import type { ConnectionState, ServersCalls } from './servers'
import type { SlowlogCalls } from './slowlog'
import type { TerminalCalls } from './terminal'
import type { TimelineCalls } from './timeline'
import type { Result } from './result'

export type * from './app'
export type * from './binlog'
export type * from './clone'
export type * from './files'
export type * from './backups'
export type * from './fleet'
export type * from './http'
export type * from './jobs'
export type * from './logs'
export type * from './preprod'
export type * from './profiles'
export type * from './result'
export type * from './rights'
export type * from './schema'
export type * from './servers'
export type * from './slowlog'
export type * from './terminal'
export type * from './timeline'
export { ok, fail } from './result'
export { CHANGE_TYPES } from './binlog'
export { DEFAULT_CONTRACT } from './backups'
export { TIMELINE_KINDS } from './timeline'
export { BATCH_MAX_DELAY_MS, BATCH_MAX_RECORDS, MAX_UNACKED_BATCHES, recordsOf } from './jobs'

/** Request/response calls: name → request and result value types. */
export interface Calls
  extends
    AppCalls,
    ServersCalls,
    FilesCalls,
    TerminalCalls,
    LogsCalls,
    SlowlogCalls,
    ProfilesCalls,
    BinlogCalls,
    SchemaCalls,
    HttpCalls,
    RightsCalls,
    PreprodCalls,
    CloneCalls,
    TimelineCalls,
    FleetCalls,
    BackupCalls,
    JobsCalls {}

export type CallName = keyof Calls
export type CallRequest<K extends CallName> = Calls[K]['req']
export type CallResult<K extends CallName> = Calls[K]['res']

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
