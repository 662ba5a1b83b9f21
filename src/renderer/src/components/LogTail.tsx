import { useEffect, useMemo, useRef, useState } from 'react'
import { recordsOf, type ApiError, type JobBatch } from '../../../shared/api'
import type { ReadCost } from '../../../shared/logs'
import { lineAtMoment } from '../../../core/text'
import { useApi } from '../api/context'
import { useMoment } from '../moment'
import { useClock } from '../clock'
import { useI18n } from '../i18n'
import { ErrorBanner } from './ErrorBanner'
import { ReadCostNote } from './ReadCost'
import { MomentWindow } from './MomentWindow'
import { VirtualLines } from './VirtualLines'

interface LogTailProps {
  server: string
  path: string
  history?: number
  follow?: boolean
  lineClass?(text: string): string | undefined
  /** Go to the shared moment as soon as the history is read (opened for a line of it). */
  goToMoment?: boolean
}

/** Lines kept in the view; older ones are dropped (and counted) past it. */
const MAX_LINES = 500_000

type RunState = 'starting' | 'live' | 'ended' | 'stopped'

/** Reads a log through a tail job: history, then live lines; filter, pause, stop. */
export function LogTail({
  server,
  path,
  history = 5000,
  follow = true,
  lineClass,
  goToMoment: goOnOpen = false,
}: LogTailProps): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [filter, setFilter] = useState('')
  const [paused, setPaused] = useState(false)
  const [away, setAway] = useState(false)
  const [round, setRound] = useState(0)
  const { moment } = useMoment()

  const { store, matcher, count, lineAt, version, run, error, job, read } = useTailStream({
    server,
    path,
    history,
    follow,
    round,
    paused,
    filter,
  })

  const stop = (): void => {
    if (job) void api.call('jobs:cancel', { job })
  }

  const { focus, momentNote, seekAt, goToMoment } = useGoToMoment(store, () => {
    setFilter('')
    setAway(true)
  })
  // Opened at the moment: gone to as soon as the lines read reach it (the history comes in
  // batches, oldest first), or said where it is once they cannot.
  const went = useRef(false)
  const clock = useClock()
  useEffect(() => {
    if (!goOnOpen || went.current || moment === null || run === 'starting') return
    const found = lineAtMoment(store, moment, clock.serverOffsetAt(moment))
    if (typeof found === 'number' || found === 'before' || run === 'ended' || run === 'stopped') {
      went.current = true
      void goToMoment()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [goOnOpen, run, moment, store.length])

  return (
    <div className="logtail" data-version={version}>
      <div className="toolbar">
        <input
          className="filter"
          type="search"
          placeholder={t('common.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label={t('common.filter')}
        />
        {run === 'live' && follow && (
          <button type="button" onClick={() => setPaused((p) => !p)}>
            {paused ? t('logs.resume') : t('logs.pause')}
          </button>
        )}
        {run === 'live' && (
          <button type="button" onClick={stop}>
            {t('logs.stop')}
          </button>
        )}
        {(run === 'stopped' || run === 'ended') && follow && (
          <button type="button" onClick={() => setRound((r) => r + 1)}>
            {t('common.retry')}
          </button>
        )}
        {moment !== null && (
          <button type="button" onClick={() => void goToMoment()}>
            {t('moment.goTo')}
          </button>
        )}
        <span className="spacer" />
        <span
          className={`run-state ${run === 'live' && paused ? 'paused' : run}`}
          data-testid="tail-state"
        >
          {t(stateKey(run, follow, paused))}
        </span>
        <span className="muted" data-testid="line-count">
          {matcher
            ? t('logs.shown', { shown: count, n: store.length })
            : t('logs.lines', { n: store.length })}
        </span>
      </div>
      {error && <ErrorBanner message={error.message} />}
      <TailReadNote read={read} />
      {momentNote && (
        <p className="muted small notice-line" role="status">
          {momentNote}
        </p>
      )}
      {seekAt !== null && (
        <MomentWindow key={`${path}@${seekAt}`} server={server} path={path} moment={seekAt} />
      )}
      <VirtualLines
        count={count}
        line={lineAt}
        lineClass={lineClass}
        stickToBottom={follow && !paused && !away}
        onScrolledAway={setAway}
        label={path}
        focus={matcher ? null : focus}
      />
    </div>
  )
}

/**
 * The shared moment in the lines loaded: the first written at it (times without a zone in the
 * server's), or why not — and, when it is older than them, the moment to find in the whole file.
 */
function useGoToMoment(store: readonly string[], onFound: () => void) {
  const { t } = useI18n()
  const { moment } = useMoment()
  const clock = useClock()
  const [focus, setFocus] = useState<number | null>(null)
  const [momentNote, setMomentNote] = useState<string | null>(null)
  const [seekAt, setSeekAt] = useState<number | null>(null)
  const goToMoment = async (): Promise<void> => {
    if (moment === null) return
    const found = lineAtMoment(store, moment, clock.serverOffsetAt(moment))
    if (typeof found === 'number') {
      onFound()
      setFocus(found)
      setMomentNote(null)
      setSeekAt(null)
      return
    }
    setSeekAt(found === 'before' ? moment : null)
    setMomentNote(
      t(
        found === 'before' ? 'moment.before' : found === 'after' ? 'moment.after' : 'moment.noTime',
      ),
    )
  }
  return { focus, momentNote, seekAt, goToMoment }
}

/** Plain text matches case-insensitively; `/re/` is a regular expression. */
function compileFilter(filter: string): ((line: string) => boolean) | null {
  const f = filter.trim()
  if (!f) return null
  const re = /^\/(.+)\/([a-z]*)$/.exec(f)
  if (re) {
    try {
      const rx = new RegExp(re[1]!, re[2]!.replace(/[gy]/g, ''))
      return (line) => rx.test(line)
    } catch {
      // not a valid expression yet: fall back to plain text while the user types
    }
  }
  const needle = f.toLowerCase()
  return (line) => line.toLowerCase().includes(needle)
}

/**
 * The tail's job: started (again for each `round`), its lines kept (the last MAX_LINES), its
 * batches acknowledged, except while paused: the service then stops reading after a few.
 */
function useTailStream({
  server,
  path,
  history,
  follow,
  round,
  paused,
  filter,
}: {
  server: string
  path: string
  history: number
  follow: boolean
  round: number
  paused: boolean
  filter: string
}) {
  const api = useApi()
  const lines = useRef<string[]>([])
  const matches = useRef<number[]>([])
  const scanned = useRef(0)
  const [version, setVersion] = useState(0)
  const [run, setRun] = useState<RunState>('starting')
  const [error, setError] = useState<ApiError | null>(null)
  const [job, setJob] = useState<string | null>(null)
  const pausedRef = useRef(paused)
  pausedRef.current = paused
  const held = useRef<{ seq: number } | null>(null)
  const [read, setRead] = useState<TailRead | null>(null)

  useEffect(() => {
    let current: string | null = null
    let live = true
    const early: JobBatch[] = []
    const accept = (batch: JobBatch): void => {
      const store = lines.current
      store.push(...recordsOf(batch, 'tail:start'))
      if (store.length > MAX_LINES) {
        store.splice(0, store.length - MAX_LINES)
        matches.current = []
        scanned.current = 0
      }
      setVersion((v) => v + 1)
      // While paused, the acknowledgement is held back: the service stops reading after a few batches.
      if (pausedRef.current) held.current = { seq: batch.seq }
      else void api.call('jobs:ack', { job: batch.job, seq: batch.seq })
    }
    const offBatch = api.on('job:batch', (b) => {
      if (current === null) early.push(b)
      else if (b.job === current) accept(b)
    })
    // What the service says of its reads: a reconnection, a backlog read at once (its cost).
    const offProgress = api.on('job:progress', (p) => {
      if (p.job !== current) return
      if (p.code === 'reconnected') setRead({ reconnected: true })
      else if (p.code === 'read' && p.values)
        setRead({ reconnected: false, ...readCostOf(p.values) })
    })
    const offEnd = api.on('job:end', (e) => {
      if (e.job !== current) return
      setRun(e.cancelled ? 'stopped' : 'ended')
      if (e.error) setError(e.error)
    })
    setRun('starting')
    setError(null)
    setRead(null)
    void api.call('tail:start', { server, path, lines: history, follow }).then((r) => {
      if (!live) {
        if (r.ok) void api.call('jobs:cancel', r.value)
        return
      }
      if (!r.ok) {
        setError(r.error)
        setRun('ended')
        return
      }
      current = r.value.job
      setJob(current)
      setRun('live')
      for (const b of early.splice(0)) if (b.job === current) accept(b)
    })
    return () => {
      live = false
      offBatch()
      offProgress()
      offEnd()
      if (current) void api.call('jobs:cancel', { job: current })
    }
  }, [api, server, path, history, follow, round])

  useEffect(() => {
    if (!paused && held.current && job) {
      void api.call('jobs:ack', { job, seq: held.current.seq })
      held.current = null
    }
  }, [paused, job, api])

  const matcher = useMemo(() => compileFilter(filter), [filter])
  useEffect(() => {
    matches.current = []
    scanned.current = 0
    setVersion((v) => v + 1)
  }, [matcher])

  const store = lines.current
  if (matcher && scanned.current < store.length) {
    for (let i = scanned.current; i < store.length; i++)
      if (matcher(store[i]!)) matches.current.push(i)
    scanned.current = store.length
  }
  const count = matcher ? matches.current.length : store.length
  const lineAt = (i: number): string => (matcher ? store[matches.current[i]!]! : store[i]!) ?? ''

  return { store, matcher, count, lineAt, version, run, error, job, read }
}

/** The last thing the tail said of its reads: a reconnection, then what its catch-up cost. */
interface TailRead {
  reconnected: boolean
  cost?: ReadCost
  afterOutage?: boolean
}

function readCostOf(v: Record<string, string | number>): Omit<TailRead, 'reconnected'> {
  const method = v.method === 'gzip' || v.method === 'ssh-zlib' ? v.method : 'sftp'
  return {
    cost: { method, bytes: +v.bytes!, wireBytes: +v.wireBytes!, ms: +v.ms! },
    afterOutage: v.afterOutage === 1,
  }
}

/** What the tail read at once and what it cost, or that it reconnected. */
function TailReadNote({ read }: { read: TailRead | null }): React.JSX.Element | null {
  const { t } = useI18n()
  if (!read) return null
  return (
    <p className="muted small notice-line" role="status" data-testid="tail-read">
      {read.cost ? (
        <>
          {t(read.afterOutage ? 'logs.outage.read' : 'logs.history.read')}{' '}
          <ReadCostNote cost={read.cost} />
        </>
      ) : (
        t('logs.reconnected')
      )}
    </p>
  )
}

/** What the state badge says. */
function stateKey(
  run: RunState,
  follow: boolean,
  paused: boolean,
): 'logs.paused' | 'logs.live' | 'logs.stopped' | 'logs.ended' | 'common.loading' {
  if (run === 'live' && follow) return paused ? 'logs.paused' : 'logs.live'
  return run === 'stopped' ? 'logs.stopped' : run === 'ended' ? 'logs.ended' : 'common.loading'
}
