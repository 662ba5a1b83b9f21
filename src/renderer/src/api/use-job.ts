import { useEffect, useState } from 'react'
import type { ApiError, JobProgress } from '../../../shared/api'
import { useApi } from './context'

export interface JobView {
  lines: string[]
  progress: JobProgress | null
  state: 'running' | 'done' | 'failed' | 'cancelled'
  error: ApiError | null
}

/** Follows one job: its lines (acknowledged as they arrive), progress and end. */
export function useJob(job: string | null): JobView {
  const api = useApi()
  const [view, setView] = useState<JobView>({
    lines: [],
    progress: null,
    state: 'running',
    error: null,
  })
  useEffect(() => {
    if (!job) return
    setView({ lines: [], progress: null, state: 'running', error: null })
    const offs = [
      api.on('job:batch', (b) => {
        if (b.job !== job) return
        setView((v) => ({ ...v, lines: [...v.lines, ...b.lines] }))
        void api.call('jobs:ack', { job, seq: b.seq })
      }),
      api.on('job:progress', (p) => {
        if (p.job === job) setView((v) => ({ ...v, progress: p }))
      }),
      api.on('job:end', (e) => {
        if (e.job !== job) return
        setView((v) => ({
          ...v,
          state: e.error ? 'failed' : e.cancelled ? 'cancelled' : 'done',
          error: e.error ?? null,
        }))
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [api, job])
  return view
}
