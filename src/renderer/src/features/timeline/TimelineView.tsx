import { useMemo, useRef, useState } from 'react'
import type { ServerInfo, Timeline, TimelineKind, TimelineSource } from '../../../../shared/api'
import { useApi, useCall } from '../../api/context'
import { useClock } from '../../clock'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loadable } from '../../components/Loadable'
import { formatNumber, useI18n, type MessageKey } from '../../i18n'
import { useMoment } from '../../moment'
import { DensityStrips } from './DensityStrips'
import { RecordList } from './RecordList'
import { filterRows, type RecordFilter } from './severity'
import { ReportPanel } from './ReportPanel'
import { FOLLOW_EVERY_MS, useFollow } from './follow'

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
const MINUTES = [1, 5, 10, 30, 60, 180]
const NO_FILTER: RecordFilter = {
  text: '',
  problems: false,
  status: null,
  level: null,
  table: '',
  hidden: new Set(),
  narrow: null,
}

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
  const [marks, setMarks] = useState<Map<number, string>>(new Map())
  const [note, setNote] = useState('')
  return { current, setCurrent, open, setOpen, marks, setMarks, note, setNote }
}

/** The filter of the list, and the records it keeps (their ids). */
function useFiltered(
  result: Timeline | null,
  onChange: () => void,
): { filter: RecordFilter; patch(p: Partial<RecordFilter>): void; rows: number[] } {
  const [filter, setFilter] = useState<RecordFilter>(NO_FILTER)
  const rows = useMemo(() => (result ? filterRows(result.records, filter) : []), [result, filter])
  const patch = (p: Partial<RecordFilter>): void => {
    setFilter((f) => ({ ...f, ...p }))
    onChange()
  }
  return { filter, patch, rows }
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
  const { current, setCurrent, open, setOpen, marks, setMarks, note, setNote } = useRecordState()
  const { filter, patch, rows } = useFiltered(result, () => setCurrent(-1))
  const strips = useRef<SVGSVGElement>(null)
  const { colors, labels } = useSourceLook(sources)

  const [following, setFollowing] = useState(false)
  const pickedList = useMemo(() => [...picked], [picked])
  const followed = useFollow(api, server.id, pickedList, result, setResult, following)

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
    })
    setBusy(false)
    if (!r.ok) return setError(r.error.message)
    setResult(r.value)
    patch({ narrow: null })
    setCurrent(-1)
    setOpen(new Set())
    setMarks(new Map())
  }

  const read = result ? sources.filter((s) => result.sources.some((x) => x.path === s.path)) : []

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
      <SourcePicker sources={sources} colors={colors} picked={picked} setPicked={setPicked} />
      {picked.size === 0 && <p className="muted">{t('timeline.noSource')}</p>}
      {error && <ErrorBanner message={error} onClose={() => setError(null)} />}
      {busy && <p className="muted">{t('common.loading')}</p>}
      {result && (
        <>
          <ResultNotes result={result} shown={rows.length} />
          <DensityStrips
            sources={read}
            colors={colors}
            records={result.records}
            from={Date.parse(result.from)}
            to={Date.parse(result.to)}
            narrow={filter.narrow}
            onBrush={(narrow) => patch({ narrow })}
            hidden={filter.hidden}
            onToggle={(path) => {
              const hidden = new Set(filter.hidden)
              if (!hidden.delete(path)) hidden.add(path)
              patch({ hidden })
            }}
            svgRef={strips}
          />
          <FilterBar filter={filter} patch={patch} />
          {rows.length === 0 ? (
            <p className="muted">{t('timeline.empty')}</p>
          ) : (
            <RecordList
              records={result.records}
              rows={rows}
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
      )}
    </div>
  )
}

function WindowForm({
  from,
  setFrom,
  minutes,
  setMinutes,
  disabled,
  onShow,
  following,
  onFollow,
}: {
  from: number
  setFrom(ms: number): void
  minutes: number
  setMinutes(m: number): void
  disabled: boolean
  onShow(): void
  following: boolean
  onFollow(on: boolean): void
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  return (
    <form
      className="toolbar"
      onSubmit={(e) => {
        e.preventDefault()
        onShow()
      }}
    >
      <label>
        {t('timeline.from')} ({clock.zoneShort}){' '}
        <input
          type="datetime-local"
          step={1}
          value={clock.wall(from, 'second').replace(' ', 'T')}
          disabled={following}
          onChange={(e) => {
            const at = clock.parseWall(e.target.value)
            if (at !== null) setFrom(at)
          }}
          data-testid="timeline-from"
        />
      </label>
      <label>
        {t('timeline.minutes')}{' '}
        <select
          value={minutes}
          onChange={(e) => setMinutes(Number(e.target.value))}
          data-testid="timeline-minutes"
        >
          {MINUTES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={disabled}>
        {t('timeline.show')}
      </button>
      <label title={t('timeline.follow.title')}>
        <input
          type="checkbox"
          checked={following}
          disabled={disabled && !following}
          onChange={(e) => onFollow(e.target.checked)}
        />{' '}
        {t('timeline.follow')}
      </label>
    </form>
  )
}

function SourcePicker({
  sources,
  colors,
  picked,
  setPicked,
}: {
  sources: TimelineSource[]
  colors: Map<string, string>
  picked: Set<string>
  setPicked(next: Set<string>): void
}): React.JSX.Element {
  const { t } = useI18n()
  const byKind = new Map<TimelineKind, TimelineSource[]>()
  for (const s of sources) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s])
  return (
    <fieldset className="timeline-sources">
      <legend>{t('timeline.sources')}</legend>
      {[...byKind.entries()].map(([kind, list]) => (
        <span key={kind} className="timeline-kind">
          <b>{t(`timeline.kind.${kind}` as MessageKey)}</b>
          {list.map((s) => (
            <label key={s.path} title={s.path}>
              <input
                type="checkbox"
                checked={picked.has(s.path)}
                onChange={(e) => {
                  const next = new Set(picked)
                  if (e.target.checked) next.add(s.path)
                  else next.delete(s.path)
                  setPicked(next)
                }}
              />
              <i className="chip" style={{ background: colors.get(s.path) }} />
              {s.label}
            </label>
          ))}
        </span>
      ))}
    </fieldset>
  )
}

/** How many records, from how many sources, in how long; what was cut or could not be read. */
function ResultNotes({ result, shown }: { result: Timeline; shown: number }): React.JSX.Element {
  const { t, locale } = useI18n()
  return (
    <>
      <p className="muted small" data-testid="timeline-count">
        {t('timeline.count', {
          shown: formatNumber(shown, locale),
          total: formatNumber(result.total, locale),
          sources: result.sources.length,
          secs: (result.ms / 1000).toFixed(2),
        })}
      </p>
      {result.records.length < result.total && (
        <p className="warn-text small">
          {t('timeline.cut', {
            shown: formatNumber(result.records.length, locale),
            total: formatNumber(result.total, locale),
          })}
        </p>
      )}
      {result.sources.map((s) =>
        s.error ? (
          <p key={s.path} className="warn-text small" data-testid="timeline-source-error">
            {t('timeline.failed', { source: s.label, error: s.error })}
          </p>
        ) : s.truncated ? (
          <p key={s.path} className="warn-text small">
            {t('timeline.truncated', { source: s.label })}
          </p>
        ) : null,
      )}
    </>
  )
}

function FilterBar({
  filter,
  patch,
}: {
  filter: RecordFilter
  patch(p: Partial<RecordFilter>): void
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const { narrow } = filter
  return (
    <div className="toolbar">
      <input
        type="search"
        placeholder={t('timeline.filter')}
        aria-label={t('timeline.filter')}
        value={filter.text}
        onChange={(e) => patch({ text: e.target.value })}
      />
      <label>
        <input
          type="checkbox"
          checked={filter.problems}
          onChange={(e) => patch({ problems: e.target.checked })}
        />{' '}
        {t('timeline.onlyProblems')}
      </label>
      <select
        aria-label={t('timeline.filter.status')}
        value={filter.status ?? ''}
        onChange={(e) => patch({ status: e.target.value ? Number(e.target.value) : null })}
      >
        <option value="">{t('timeline.filter.status')}</option>
        {[2, 3, 4, 5].map((c) => (
          <option key={c} value={c}>
            {c}xx
          </option>
        ))}
      </select>
      <select
        aria-label={t('timeline.filter.level')}
        value={filter.level ?? ''}
        onChange={(e) => patch({ level: (e.target.value || null) as RecordFilter['level'] })}
      >
        <option value="">{t('timeline.filter.level')}</option>
        <option value="warning">{t('timeline.filter.warning')}</option>
        <option value="error">{t('timeline.filter.error')}</option>
      </select>
      <input
        type="search"
        className="narrow-input"
        placeholder={t('timeline.filter.table')}
        aria-label={t('timeline.filter.table')}
        value={filter.table}
        onChange={(e) => patch({ table: e.target.value })}
      />
      {narrow && (
        <>
          <span className="small" data-testid="timeline-narrowed">
            {t('timeline.narrowed', {
              from: clock.format(narrow[0]),
              to: clock.format(narrow[1]),
            })}
          </span>
          <button type="button" className="ghost" onClick={() => patch({ narrow: null })}>
            {t('timeline.widen')}
          </button>
        </>
      )}
    </div>
  )
}

function FollowNote({
  followed,
}: {
  followed: { at: number | null; added: number; error: string | null }
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  return (
    <p className="small" data-testid="timeline-following">
      {followed.at === null
        ? t('timeline.following', { every: FOLLOW_EVERY_MS / 1000 })
        : t('timeline.followed', { at: clock.format(followed.at), n: followed.added })}
      {followed.error && <span className="warn-text"> {followed.error}</span>}
    </p>
  )
}
