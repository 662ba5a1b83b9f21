import { useCallback, useEffect, useState } from 'react'
import type { ApiError, ServerInfo, SlowlogReport } from '../../../../shared/api'
import type { SlowTotal } from '../../../../shared/slowlog'
import { useApi, useCall } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FlameGraph, shortName } from '../../components/FlameGraph'
import { Loadable } from '../../components/Loadable'
import { LogTail } from '../../components/LogTail'
import { ReadCostNote } from '../../components/ReadCost'
import { SubTabs } from '../../components/SubTabs'
import { Timeline } from '../../components/Timeline'
import { useMoment } from '../../moment'
import { serverOffsetAt } from '../../../../core/text'
import { useClock } from '../../clock'
import { formatNumber, useI18n } from '../../i18n'
import { useRowLimit } from '../../components/RowLimit'
import { useSorted } from '../../components/sortable'
import { LogList } from '../logs'
import { Entries, EntriesTab, serverTime } from './SlowEntries'

type Tab = 'flame' | 'inverted' | 'timeline' | 'entries' | 'aggregates' | 'raw'
const TABS: Tab[] = ['flame', 'inverted', 'timeline', 'entries', 'aggregates', 'raw']

const slowLineClass = (line: string): string | undefined =>
  line.startsWith('[') && line.includes('[pool ')
    ? 'hl-head'
    : line.startsWith('script_filename')
      ? 'hl-key'
      : undefined

export function SlowView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const [state, reload] = useCall('logs:discover', { server: server.id }, server.id)
  // Opened for one entry (the timeline's "open at source"): its file, then the entry. Once.
  const { focus, setFocus } = useMoment()
  const [wanted] = useState(focus?.kind === 'slow' ? focus : null)
  useEffect(() => {
    if (wanted) setFocus(null)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted])
  const [picked, setPicked] = useState<string | null>(wanted?.path ?? null)
  return (
    <Loadable state={state} reload={reload}>
      {(logs) => {
        const slow = logs.filter((l) => l.kind === 'php-slow')
        if (slow.length === 0) return <div className="empty">{t('slow.none')}</div>
        const path = picked ?? slow[0]!.path
        return (
          <div className="split">
            <div className="pane-left">
              <h2 className="pane-title">{t('slow.title')}</h2>
              <LogList logs={slow} selected={path} onSelect={setPicked} />
            </div>
            <div className="pane-right">
              <SlowAnalysis
                key={path}
                server={server}
                path={path}
                entryPid={wanted?.path === path ? wanted.pid : null}
              />
            </div>
          </div>
        )
      }}
    </Loadable>
  )
}

/**
 * The slow log's minute (and second) of the shared moment, on the server's clock: the slow log
 * writes its local time, so changing how times are shown does not move the view.
 */
function useMomentMinute(onMoment: () => void): {
  minute: string | null
  setMinute(m: string | null): void
  second: string | null
} {
  const [minute, setMinute] = useState<string | null>(null)
  const [second, setSecond] = useState<string | null>(null)
  const { moment } = useMoment()
  const serverClock = useClock().server
  useEffect(() => {
    if (moment === null || serverClock === null) return
    const offset = serverOffsetAt(serverClock, moment)
    const local = new Date(moment + offset * 60_000).toISOString()
    setMinute(local.slice(0, 16))
    setSecond(local.slice(0, 19))
    onMoment()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [moment, serverClock])
  return { minute, setMinute, second }
}

function SlowAnalysis({
  server,
  path,
  entryPid = null,
}: {
  server: ServerInfo
  path: string
  /** An entry to open: this worker's at the moment's second. */
  entryPid?: number | null
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [report, setReport] = useState<SlowlogReport | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [tab, setTab] = useState<Tab>('flame')
  const [search, setSearch] = useState('')
  const { minute, setMinute, second } = useMomentMinute(() => setTab('timeline'))
  const [live, setLive] = useState(false)
  const clock = useClock()

  const analyze = useCallback(async () => {
    const r = await api.call('slowlog:analyze', { server: server.id, paths: [path] })
    // A failed refresh keeps what is already shown.
    if (r.ok) {
      setReport(r.value)
      setError(null)
    } else setError(r.error)
  }, [api, server.id, path])

  useEffect(() => {
    void analyze()
  }, [analyze])

  // Live mode: the slow log is read again every few seconds and the views follow.
  useEffect(() => {
    if (!live) return
    const timer = setInterval(() => void analyze(), 5000)
    return () => clearInterval(timer)
  }, [live, analyze])

  return (
    <div className="column">
      <div className="toolbar">
        <SubTabs<Tab> tabs={TABS} value={tab} onChange={setTab} label={(x) => t(`slow.tab.${x}`)} />
        <span className="spacer" />
        {(tab === 'flame' || tab === 'inverted') && (
          <input
            className="filter"
            type="search"
            placeholder={t('slow.search')}
            aria-label={t('slow.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        )}
        <label className="inline muted">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />{' '}
          {t('slow.live')}
        </label>
      </div>
      {error && <ErrorBanner message={error.message} onRetry={() => void analyze()} />}
      {!report && !error && <div className="empty">{t('common.loading')}</div>}
      {report && report.entries === 0 && report.issuesTotal > 0 && (
        <ErrorBanner message={t('slow.unreadable', { n: report.issuesTotal })} />
      )}
      {report && (
        <>
          <div className="stats" data-testid="slow-stats">
            {t('slow.stats', {
              n: report.entries,
              first: serverTime(report.first, clock, 'wall'),
              last: serverTime(report.last, clock, 'format'),
              failed: report.dumpFailed,
            })}
            {report.issuesTotal > 0 && (
              <span className="warn-text"> · {t('slow.issues', { n: report.issuesTotal })}</span>
            )}{' '}
            <ReadCostNote cost={report.cost} />
          </div>
          <div className="tab-body">
            {tab === 'flame' && (
              <FlameGraph root={report.flame} search={search} label={t('slow.flame.root')} />
            )}
            {tab === 'inverted' && (
              <FlameGraph root={report.inverted} search={search} label={t('slow.flame.inverted')} />
            )}
            {tab === 'timeline' && (
              <TimelineTab
                server={server}
                report={report}
                minute={minute}
                setMinute={setMinute}
                entry={entryPid !== null && second ? { pid: entryPid, second } : null}
              />
            )}
            {tab === 'entries' && <EntriesTab server={server} report={report} />}
            {tab === 'aggregates' && <Aggregates report={report} />}
            {tab === 'raw' && (
              <LogTail
                server={server.id}
                path={path}
                lineClass={slowLineClass}
                follow={!path.endsWith('.gz')}
              />
            )}
          </div>
        </>
      )}
    </div>
  )
}

/** Slow entries per minute; a minute picked lists its entries and can become the moment. */
function TimelineTab({
  server,
  report,
  minute,
  setMinute,
  entry,
}: {
  server: ServerInfo
  report: SlowlogReport
  minute: string | null
  setMinute(minute: string | null): void
  /** The entry to open (a worker's, at a second of the server's clock). */
  entry: { pid: number; second: string } | null
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const { setMoment } = useMoment()
  return (
    <>
      <Timeline
        buckets={report.timeline}
        selected={minute}
        onSelect={setMinute}
        label={(m) => serverTime(m, clock, 'wall').slice(0, 16)}
      />
      {minute && clock.server !== null && (
        <button
          type="button"
          className="ghost"
          onClick={() => setMoment(clock.fromServerLocal(minute))}
        >
          {t('moment.set')}
        </button>
      )}
      <Entries
        server={server}
        requests={report.requests.filter((q) => !minute || q.time.startsWith(minute))}
        entry={entry}
      />
    </>
  )
}

/** A key, its entries, their total time and how many of them are timed. */
type AggregateRow = [name: string, count: number, seconds: number, timed: number]

function withTime(rows: [string, number][], time: Record<string, SlowTotal>): AggregateRow[] {
  return rows.map(([name, n]) => [name, n, time[name]?.[0] ?? 0, time[name]?.[1] ?? 0])
}

function Aggregates({ report }: { report: SlowlogReport }): React.JSX.Element {
  const { t, locale } = useI18n()
  const timed = report.timed > 0
  const table = (title: string, rows: AggregateRow[], short = false): React.JSX.Element => (
    <AggregateTable
      title={title}
      rows={rows}
      entries={report.entries}
      short={short}
      timed={timed}
    />
  )
  return (
    <div className="aggregates" data-testid="aggregates">
      <p className="muted small" data-testid="slow-timed">
        {timed
          ? t('slow.timed', {
              timed: formatNumber(report.timed, locale),
              entries: formatNumber(report.entries, locale),
            })
          : t('slow.untimed')}
      </p>
      {table(t('slow.by.script'), withTime(report.byScript, report.time.byScript))}
      {report.byUri.length > 0 &&
        table(t('slow.by.uri'), withTime(report.byUri, report.time.byUri))}
      {table(t('slow.by.top'), withTime(report.byTopFrame, report.time.byTopFrame), true)}
      {table(
        t('slow.by.stack'),
        withTime(report.byStack, report.time.byStack).map(([s, ...rest]) => [
          s.split(' ← ').map(shortName).join(' ← '),
          ...rest,
        ]),
      )}
    </div>
  )
}

const AGGREGATE_KEYS = {
  count: (r: AggregateRow) => r[1],
  total: (r: AggregateRow) => r[2],
  name: (r: AggregateRow) => r[0],
}

/** Entries counted by one key: sortable, the first 15 shown, then the rest on request. */
function AggregateTable({
  title,
  rows,
  entries,
  short = false,
  timed,
}: {
  title: string
  rows: AggregateRow[]
  entries: number
  short?: boolean
  timed: boolean
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const sorted = useSorted(rows, AGGREGATE_KEYS, 'count')
  const limit = useRowLimit(sorted.rows, 15)
  return (
    <section className="agg">
      <h3>{title}</h3>
      <table className="table compact">
        <thead>
          <tr>
            {sorted.head('count', t('slow.col.count'), { num: true })}
            <th className="num">%</th>
            {timed && sorted.head('total', t('slow.col.total'), { num: true })}
            {sorted.head('name', t('common.name'))}
          </tr>
        </thead>
        <tbody>
          {limit.shown.map(([name, n, sec, known]) => (
            <tr key={name}>
              <td className="num">{formatNumber(n, locale)}</td>
              <td className="num muted">
                {formatNumber((n / Math.max(1, entries)) * 100, locale, 1)}%
              </td>
              {timed && (
                <td className="num" data-testid="agg-total">
                  {formatNumber(sec, locale, 1)} s
                  {known < n && (
                    <span className="muted small"> ({t('slow.total.part', { known, n })})</span>
                  )}
                </td>
              )}
              <td className="mono">{short ? shortName(name) : name}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {limit.footer}
    </section>
  )
}
