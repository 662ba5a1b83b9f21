import { useEffect, useState, useSyncExternalStore } from 'react'
import type {
  Api,
  ApiError,
  CallName,
  CallRequest,
  CallResult,
  JobName,
  JobProgress,
  JobRecords,
} from '../../../shared/api'
import { useApi } from './context'

/** A job as a screen sees it: its records (typed by the call that started it), progress, end. */
export interface JobView<R = unknown> {
  records: R[]
  progress: JobProgress | null
  state: 'running' | 'done' | 'failed' | 'cancelled'
  error: ApiError | null
}

const EMPTY: JobView = { records: [], progress: null, state: 'running', error: null }
/** Records kept per job for display; a job's own screen streams more when it needs to. */
const MAX_LINES = 10_000
/** Records kept for a job no screen has claimed yet (its screen is about to). */
const EARLY_LINES = 1_000
/** Jobs nobody looked at are forgotten after this long. */
const KEEP_MS = 5 * 60 * 1000

/**
 * Records every job's events from the moment the app starts, so that a screen that gets a job id
 * back after the job has already sent lines or even ended still sees all of it.
 */
class JobStore {
  private readonly views = new Map<string, JobView & { at: number }>()
  private readonly listeners = new Set<() => void>()
  /** Jobs a screen follows through `useJob`: acknowledged here. Others pace themselves. */
  private readonly managed = new Map<string, number>()
  private lastSeq = new Map<string, number>()

  constructor(private readonly api: Api) {
    api.on('job:batch', (b) => {
      const keep = this.managed.has(b.job) ? MAX_LINES : EARLY_LINES
      this.update(b.job, (v) => ({
        ...v,
        records: [...v.records, ...(b.records as unknown[])].slice(0, keep),
      }))
      this.lastSeq.set(b.job, b.seq)
      if (this.managed.has(b.job)) void api.call('jobs:ack', { job: b.job, seq: b.seq })
    })
    api.on('job:progress', (p) => this.update(p.job, (v) => ({ ...v, progress: p })))
    api.on('job:end', (e) =>
      this.update(e.job, (v) => ({
        ...v,
        state: e.cancelled ? 'cancelled' : e.error ? 'failed' : 'done',
        error: e.error ?? null,
      })),
    )
  }

  /** A screen follows this job: acknowledge what arrived before, and all that comes. */
  manage(job: string): void {
    if (this.managed.has(job)) return
    this.managed.set(job, Date.now())
    const seq = this.lastSeq.get(job)
    if (seq !== undefined) void this.api.call('jobs:ack', { job, seq })
  }

  get(job: string): JobView {
    return this.views.get(job) ?? EMPTY
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private update(job: string, change: (v: JobView) => JobView): void {
    const now = Date.now()
    this.views.set(job, { ...change(this.get(job)), at: now })
    for (const [id, v] of this.views) {
      if (now - v.at > KEEP_MS && (v.state !== 'running' || !this.managed.has(id))) {
        this.views.delete(id)
        this.managed.delete(id)
        this.lastSeq.delete(id)
      }
    }
    for (const l of this.listeners) l()
  }
}

const stores = new WeakMap<Api, JobStore>()

/** Starts recording job events for this API (call once, before any job starts). */
export function trackJobs(api: Api): void {
  if (!stores.has(api)) stores.set(api, new JobStore(api))
}

/**
 * Follows one job of the call `kind`: its records, progress and end. Screens that pace a stream
 * themselves (the log tail) listen to the events directly instead: this store acknowledges
 * every batch.
 */
export function useJob<K extends JobName>(job: string | null, _kind: K): JobView<JobRecords[K]> {
  const api = useApi()
  const [store] = useState(() => {
    trackJobs(api)
    return stores.get(api)!
  })
  useEffect(() => {
    if (job) store.manage(job)
  }, [store, job])
  // The records of a job started by `kind` are that call's records (shared/jobs.ts).
  return useSyncExternalStore(
    (cb) => store.subscribe(cb),
    () => (job ? store.get(job) : EMPTY),
  ) as JobView<JobRecords[K]>
}

/** A job a screen starts with its call: what the call answered, the job's records, its end. */
export interface StartedJob<K extends JobName & CallName> {
  run: JobView<JobRecords[K]>
  /** What the call that started it answered (its job, and anything else it says). */
  started: CallResult<K> | null
  job: string | null
  running: boolean
  /** The call's refusal, or the job's failure. */
  error: string | null
  start(req: CallRequest<K>): Promise<void>
}

export function useStartedJob<K extends JobName & CallName>(call: K): StartedJob<K> {
  const api = useApi()
  const [started, setStarted] = useState<CallResult<K> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const job = (started as { job?: string } | null)?.job ?? null
  const run = useJob(job, call)
  return {
    run,
    started,
    job,
    running: job !== null && run.state === 'running',
    error: error ?? run.error?.message ?? null,
    start: async (req) => {
      setError(null)
      const r = await api.call(call, req)
      if (r.ok) setStarted(r.value)
      else setError(r.error.message)
    },
  }
}
