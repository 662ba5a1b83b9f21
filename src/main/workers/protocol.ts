// The messages between the services and their worker threads, in one place: the part worker
// (the second half of a big slow log or access log, a user's format) and the profile parser.
import type { ProfileViewCore } from '../../core/profiles'
import type { AccessWorkerData, ExploreWorkerData } from '../services/logs'
import type { SlowlogWorkerData } from '../services/slowlog'

/** What the part worker is asked: which analysis, on which part of which file. */
export type PartRequest =
  | ({ kind: 'slowlog' } & SlowlogWorkerData)
  | ({ kind: 'access' } & AccessWorkerData)
  | ({ kind: 'explore' } & ExploreWorkerData)

/** Its answer: the part's counts, or why it failed (the error's message and system code). */
export type PartReply<T> = { partial: T } | { error: string; code?: string }

/** The profile parser's input: chunks as they are read, then the end. */
export type ProfileWorkerRequest = { chunk: Uint8Array } | { end: true }

/** Its answers: each chunk acknowledged (reading waits on them), then the view or the failure. */
export type ProfileWorkerReply =
  | { ack: number }
  | { view: ProfileViewCore }
  | { error: { line?: number; message: string; format: boolean } }
