// Follows one job to its end, as the UI does: a session of its own, every batch acknowledged
// (so the job never outruns the terminal by more than the in-flight bound), Ctrl-C cancels it.
import type {
  CallName,
  CallRequest,
  CallResult,
  JobName,
  JobProgress,
  JobRecords,
  JobRef,
} from '../shared/api'
import { recordsOf, type JobBatch } from '../shared/api'
import { createApiSession, type Services } from '../main/services/api'
import { call, CliError, exitCodeFor } from './common'

export interface JobFollower<K extends JobName> {
  record(r: JobRecords[K]): void
  progress?(p: JobProgress): void
}

/**
 * Starts the job `kind` (the call of that name) and follows it; resolves with the call's result
 * once the job has ended well, throws its error otherwise (what was printed stays printed).
 */
export async function followJob<K extends JobName & CallName>(
  services: Services,
  kind: K,
  req: CallRequest<K>,
  on: JobFollower<K>,
): Promise<CallResult<K>> {
  let ended!: (error: string | undefined, code?: string) => void
  const end = new Promise<{ error: string | undefined; code?: string | undefined }>((done) => {
    ended = (error, code) => done({ error, code })
  })
  const session = createApiSession(services, 'web', (event, payload) => {
    if (event === 'job:batch') {
      const batch = payload as JobBatch
      for (const r of recordsOf(batch, kind)) on.record(r)
      void session.handle('jobs:ack', { job: batch.job, seq: batch.seq })
    } else if (event === 'job:progress') on.progress?.(payload as JobProgress)
    else if (event === 'job:end') {
      const e = payload as { error?: { message: string; code: string }; cancelled?: boolean }
      ended(e.error?.message ?? (e.cancelled ? 'Cancelled.' : undefined), e.error?.code)
    }
  })
  try {
    const started = await call(session, kind, req)
    const { job } = started as JobRef
    const stop = (): void => void session.handle('jobs:cancel', { job })
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    const { error, code } = await end.finally(() => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    })
    if (error !== undefined) throw new CliError(error, code ? exitCodeFor(code) : 1)
    return started
  } finally {
    session.dispose()
  }
}
