import { randomUUID } from 'node:crypto'
import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import {
  BATCH_MAX_DELAY_MS,
  BATCH_MAX_RECORDS,
  MAX_UNACKED_BATCHES,
  type EventName,
  type Events,
  type JobBatch,
  type JobName,
  type JobRecords,
  type ProgressCode,
} from '../../../shared/api'
import { createLineSplitter } from '../../../core/text'
import { toApiError } from './errors'

export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void

/** What a running job sees: `R` is the type of the records it streams. */
export interface JobContext<R = string> {
  readonly id: string
  readonly signal: AbortSignal
  /** Queues a record for the next batch; false when the renderer is behind (pause the source). */
  push(record: R): boolean
  /** Resolves once the renderer has caught up. */
  drained(): Promise<void>
  /** How far: `code` and `values` are facts the UI words (see ProgressCode). */
  progress(
    done: number,
    total: number | null,
    code?: ProgressCode,
    values?: Record<string, string | number>,
  ): void
}

interface JobState {
  kind: JobName
  controller: AbortController
  pending: unknown[]
  timer: NodeJS.Timeout | null
  seq: number
  acked: number
  waiters: (() => void)[]
}

/**
 * Runs the streaming jobs of one client (a window, or a web-mode connection): batches their
 * lines, bounds what is in flight by acknowledgements, cancels them on request or when the
 * client goes away.
 */
export class JobManager {
  private readonly jobs = new Map<string, JobState>()

  constructor(private readonly emit: Emit) {}

  /** Starts a job of the call `kind`, whose records are typed by it. */
  start<K extends JobName>(
    kind: K,
    run: (ctx: JobContext<JobRecords[K]>) => Promise<void>,
  ): string {
    const id = randomUUID()
    const state: JobState = {
      kind,
      controller: new AbortController(),
      pending: [],
      timer: null,
      seq: 0,
      acked: 0,
      waiters: [],
    }
    this.jobs.set(id, state)
    const ctx: JobContext<JobRecords[K]> = {
      id,
      signal: state.controller.signal,
      push: (record) => {
        state.pending.push(record)
        if (state.pending.length >= BATCH_MAX_RECORDS) this.flush(id, state)
        else state.timer ??= setTimeout(() => this.flush(id, state), BATCH_MAX_DELAY_MS)
        return state.seq - state.acked < MAX_UNACKED_BATCHES
      },
      drained: () =>
        state.seq - state.acked < MAX_UNACKED_BATCHES || state.controller.signal.aborted
          ? Promise.resolve()
          : new Promise<void>((resolve) => state.waiters.push(resolve)),
      progress: (done, total, code, values) =>
        this.emit('job:progress', {
          job: id,
          done,
          total,
          ...(code ? { code } : {}),
          ...(values ? { values } : {}),
        }),
    }
    // Start on the next tick so the caller can return the id before the first batch.
    setImmediate(() => {
      run(ctx).then(
        () => this.finish(id, state),
        (err: unknown) => this.finish(id, state, err),
      )
    })
    return id
  }

  ack(id: string, seq: number): boolean {
    const state = this.jobs.get(id)
    if (!state) return false
    state.acked = Math.max(state.acked, Math.min(seq, state.seq))
    if (state.seq - state.acked < MAX_UNACKED_BATCHES) this.wake(state)
    return true
  }

  cancel(id: string): boolean {
    const state = this.jobs.get(id)
    if (!state) return false
    state.controller.abort()
    this.wake(state)
    return true
  }

  cancelAll(): void {
    for (const id of [...this.jobs.keys()]) this.cancel(id)
  }

  get running(): number {
    return this.jobs.size
  }

  private flush(id: string, state: JobState): void {
    if (state.timer) clearTimeout(state.timer)
    state.timer = null
    if (state.pending.length === 0) return
    const records = state.pending
    state.pending = []
    state.seq++
    this.emit('job:batch', { job: id, kind: state.kind, seq: state.seq, records } as JobBatch)
  }

  private wake(state: JobState): void {
    const waiters = state.waiters
    state.waiters = []
    for (const w of waiters) w()
  }

  private finish(id: string, state: JobState, err?: unknown): void {
    if (!this.jobs.has(id)) return
    this.flush(id, state)
    this.jobs.delete(id)
    this.wake(state)
    const cancelled = state.controller.signal.aborted
    // Cancelled: what the job said when it stopped (how to resume, say) goes with it.
    if (cancelled)
      this.emit('job:end', {
        job: id,
        cancelled: true,
        ...(err !== undefined ? { error: toApiError(err) } : {}),
      })
    else if (err !== undefined) this.emit('job:end', { job: id, error: toApiError(err) })
    else this.emit('job:end', { job: id })
  }
}

/**
 * Streams a byte source into a job as lines: UTF-8 decoded without splitting characters,
 * paused while the renderer is behind, stopped when the job is cancelled.
 */
export function pumpLines(
  source: Readable,
  ctx: JobContext<string>,
  /** Each chunk as it arrives, before its lines are pushed. */
  onBytes?: (n: number, chunk: Buffer) => void,
  /** At the end, keep a last line without its newline back (a resumed read re-reads it). */
  options: { keepPartial?: boolean } = {},
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const decoder = new StringDecoder('utf8')
    let congested = false
    const splitter = createLineSplitter((line) => {
      if (!ctx.push(line)) congested = true
    })
    function abort(): void {
      // Drain rather than destroy: a source that is a live channel must still see its end.
      source.removeListener('data', onData)
      source.on('error', () => undefined)
      source.resume()
      resolve()
    }
    if (ctx.signal.aborted) return abort()
    ctx.signal.addEventListener('abort', abort, { once: true })
    const onData = (chunk: Buffer | string): void => {
      if (onBytes) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
        onBytes(bytes.length, bytes)
      }
      splitter.push(typeof chunk === 'string' ? chunk : decoder.write(chunk))
      if (congested) {
        congested = false
        source.pause()
        void ctx.drained().then(() => source.resume())
      }
    }
    source.on('data', onData)
    source.once('end', () => {
      splitter.push(decoder.end())
      if (!options.keepPartial) splitter.end()
      ctx.signal.removeEventListener('abort', abort)
      resolve()
    })
    source.once('error', (err) => {
      splitter.push(decoder.end())
      splitter.end()
      ctx.signal.removeEventListener('abort', abort)
      reject(err)
    })
  })
}
