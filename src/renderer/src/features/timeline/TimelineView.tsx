import { useEffect, useMemo, useRef, useState } from 'react'
import type { ServerInfo, Timeline, TimelineFilter, TimelineSource } from '../../../../shared/api'
import { useApi, useCall } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loadable } from '../../components/Loadable'
import { useI18n } from '../../i18n'
import { useMoment } from '../../moment'
import { DensityStrips } from './DensityStrips'
import { RecordList, type Mark } from './RecordList'
import { NO_FILTER } from './severity'
import { useRows } from './rows'
import { ReportPanel } from './ReportPanel'
import { useFollow } from './follow'
import { FilterBar, FollowNote, ResultNotes, SourcePicker, WindowForm } from './Controls'

const PALETTE = [
  '#2f6fde',
  '#17a398',
  '#f3a712',
  '#8e44ad',
  '#e4572e',
  '#16a085',
  '#c0392b',
  '#6c757d',
  '#d35400',
  '#2c3e50',
  '#27ae60',
  '#9b59b6',
]
/** The sources picked on a server, remembered in this browser (all of them the first time). */
function usePicked(
  server: string,
  sources: TimelineSource[],
): [Set<string>, (next: Set<string>) => void] {
  const key = `twb.timeline.sources.${server}`
  const [picked, setPicked] = useState<Set<string>>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as string[] | null
      if (saved) return new Set(saved.filter((p) => sources.some((s) => s.path === p)))
    } catch {
      // a broken saved choice: all sources
    }
    return new Set(sources.map((s) => s.path))
  })
  return [
    picked,
    (next) => {
      setPicked(next)
      localStorage.setItem(key, JSON.stringify([...next]))
    },
  ]
}

/** What the user does to the records: the current one, those folded open, those marked. */
function useRecordState() {
  const [current, setCurrent] = useState(-1)
  const [open, setOpen] = useState<Set<number>>(new Set())
  const [marks, setMarks] = useState<Map<number, Mark>>(new Map())
  const [note, setNote] = useState('')
  return { current, setCurrent, open, setOpen, marks, setMarks, note, setNote }
}

/** The filter of the list. */
function useFilter(onChange: () => void): {
  filter: TimelineFilter
  patch(p: Partial<TimelineFilter>): void
} {
  const [filter, setFilter] = useState<TimelineFilter>(NO_FILTER)
  const patch = (p: Partial<TimelineFilter>): void => {
    setFilter((f) => ({ ...f, ...p }))
    onChange()
  }
  return { filter, patch }
}

/** Each source's colour and short name. */
function useSourceLook(sources: TimelineSource[]): {
  colors: Map<string, string>
  labels: Map<string, string>
} {
  return useMemo(
    () => ({
      colors: new Map(sources.map((s, i) => [s.path, PALETTE[i % PALETTE.length]!])),
      labels: new Map(sources.map((s) => [s.path, s.label])),
    }),
    [sources],
  )
}

export function TimelineView({ server }: { server: ServerInfo }): React.JSX.Element {
  const [state, reload] = useCall('timeline:sources', { server: server.id }, server.id)
  return (
    <Loadable state={state} reload={reload}>
      {(sources) => <TimelineScreen server={server} sources={sources} />}
    </Loadable>
  )
}

function TimelineScreen({
  server,
  sources,
}: {
  server: ServerInfo
  sources: TimelineSource[]
}): React.JSX.Element {
  const { t } = useI18n()
  const api = useApi()
  const { moment } = useMoment()
  const [picked, setPicked] = usePicked(server.id, sources)
  const latest = Math.max(0, ...sources.map((s) => s.latest ?? 0)) || Date.now()
  const [minutes, setMinutes] = useState(10)
  const [from, setFrom] = useState(() =>
    moment !== null ? moment - 5 * 60_000 : latest - 10 * 60_000,
  )
  const [result, setResult] = useState<Timeline | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const record = useRecordState()
  const { setCurrent, setOpen, setMarks } = record
  const filtered = useFilter(() => setCurrent(-1))
  const { patch } = filtered
  const [version, setVersion] = useState(0)
  const look = useSourceLook(sources)

  // Leaving the screen forgets its timeline in main.
  const shownId = useRef<string | null>(null)
  shownId.current = result?.id ?? null
  useEffect(
    () => () => {
      if (shownId.current) void api.call('timeline:close', { id: shownId.current })
    },
    [api],
  )

  const [following, setFollowing] = useState(false)
  const pickedList = useMemo(() => [...picked], [picked])
  const followed = useFollow(
    api,
    result,
    (next) => {
      setResult(next)
      setVersion((v) => v + 1)
    },
    following,
  )

  /** The window asked (or, following, the last minutes until now). */
  const show = async (follow = following): Promise<void> => {
    setBusy(true)
    setError(null)
    const start = follow ? Date.now() - minutes * 60_000 : from
    if (follow) setFrom(start)
    const r = await api.call('timeline:build', {
      server: server.id,
      from: Math.round(start),
      to: Math.round(start + minutes * 60_000),
      sources: pickedList,
      limit: 0, // the rows are asked by page
    })
    setBusy(false)
    if (!r.ok) return setError(r.error.message)
    if (result) void api.call('timeline:close', { id: result.id })
    setResult(r.value)
    patch({ narrow: null })
    setCurrent(-1)
    setOpen(new Set())
    setMarks(new Map())
  }

  return (
    <div className="timeline-view" data-testid="timeline-view">
      <p className="muted small">{t('timeline.intro')}</p>
      <WindowForm
        from={from}
        setFrom={setFrom}
        minutes={minutes}
        setMinutes={setMinutes}
        disabled={busy || picked.size === 0}
        onShow={() => void show()}
        following={following}
        onFollow={(on) => {
          setFollowing(on)
          if (on) void show(true)
        }}
      />
      {following && result && <FollowNote followed={followed} />}
      <SourcePicker sources={sources} colors={look.colors} picked={picked} setPicked={setPicked} />
      {picked.size === 0 && <p className="muted">{t('timeline.noSource')}</p>}
      {error && <ErrorBanner message={error} onClose={() => setError(null)} />}
      {busy && <p className="muted">{t('common.loading')}</p>}
      {result && (
        <TimelineResult
          server={server}
          result={result}
          sources={sources}
          version={version}
          look={look}
          record={record}
          filtered={filtered}
        />
      )}
    </div>
  )
}

/** A built timeline: what was read, the strips, the filter, the records, the report. */
function TimelineResult({
  server,
  result,
  sources,
  version,
  look: { colors, labels },
  record: { current, setCurrent, open, setOpen, marks, setMarks, note, setNote },
  filtered: { filter, patch },
}: {
  server: ServerInfo
  result: Timeline
  sources: TimelineSource[]
  /** Bumped when a follow added records: the rows are asked again. */
  version: number
  look: ReturnType<typeof useSourceLook>
  record: ReturnType<typeof useRecordState>
  filtered: ReturnType<typeof useFilter>
}): React.JSX.Element {
  const { t } = useI18n()
  const api = useApi()
  const rows = useRows(api, result.id, filter, version)
  const strips = useRef<SVGSVGElement>(null)
  const read = sources.filter((s) => result.sources.some((x) => x.path === s.path))
  return (
    <>
      <ResultNotes result={result} shown={rows.total} />
      <DensityStrips
        sources={read}
        colors={colors}
        strips={result.strips}
        from={Date.parse(result.from)}
        to={Date.parse(result.to)}
        narrow={filter.narrow}
        onBrush={(narrow) => patch({ narrow })}
        hidden={new Set(filter.hidden)}
        onToggle={(path) => {
          const hidden = new Set(filter.hidden)
          if (!hidden.delete(path)) hidden.add(path)
          patch({ hidden: [...hidden] })
        }}
        svgRef={strips}
      />
      <FilterBar filter={filter} patch={patch} />
      {rows.error && <ErrorBanner message={rows.error} />}
      {rows.total === 0 ? (
        <p className="muted">{t('timeline.empty')}</p>
      ) : rows.total === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <RecordList
          rows={{ ...rows, total: rows.total }}
          jump={async (from, to, backwards) => {
            const r = await api.call('timeline:jump', {
              id: result.id,
              filter,
              from,
              to,
              backwards,
            })
            return r.ok ? r.value : -1
          }}
          labels={labels}
          colors={colors}
          current={current}
          setCurrent={setCurrent}
          state={{ open, setOpen, marks, setMarks }}
        />
      )}
      <p className="muted small">{t('timeline.keys')}</p>
      <ReportPanel
        server={server}
        result={result}
        marks={marks}
        labels={labels}
        note={note}
        setNote={setNote}
        strips={strips}
      />
    </>
  )
}
