import { useCallback, useEffect, useState } from 'react'
import type { ApiError, ServerInfo, SlowlogReport } from '../../../../shared/api'
import type { SlowRequest, SlowTotal } from '../../../../shared/slowlog'
import { useApi, useCall } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FlameGraph, shortName } from '../../components/FlameGraph'
import { Loadable } from '../../components/Loadable'
import { LogTail } from '../../components/LogTail'
import { ReadCostNote } from '../../components/ReadCost'
import { SourcePeek } from '../../components/SourcePeek'
import { SubTabs } from '../../components/SubTabs'
import { Timeline } from '../../components/Timeline'
import { useMoment } from '../../moment'
import { jailPath } from '../../../../core/servers'
import { serverOffsetAt } from '../../../../core/text'
import { useClock, type Clock } from '../../clock'
import { formatNumber, useI18n } from '../../i18n'
import { useRowLimit } from '../../components/RowLimit'
import { useSorted } from '../../components/sortable'
import { LogList } from '../logs'

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
  const [picked, setPicked] = useState<string | null>(null)
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
              <SlowAnalysis key={path} server={server} path={path} />
            </div>
          </div>
        )
      }}
    </Loadable>
  )
}

function SlowAnalysis({ server, path }: { server: ServerInfo; path: string }): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [report, setReport] = useState<SlowlogReport | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [tab, setTab] = useState<Tab>('flame')
  const [search, setSearch] = useState('')
  const [minute, setMinute] = useState<string | null>(null)
  const [live, setLive] = useState(false)
  // The slow log writes the server's local time: the shared moment is placed with its zone.
  const { moment } = useMoment()
  // The slow log's minute of the moment depends on the server's zone only: changing how times
  // are shown does not move the view.
  const clock = useClock()
  const serverClock = clock.server
  useEffect(() => {
    if (moment === null || serverClock === null) return
    const offset = serverOffsetAt(serverClock, moment)
    setMinute(new Date(moment + offset * 60_000).toISOString().slice(0, 16))
    setTab('timeline')
  }, [moment, serverClock])

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
              <TimelineTab server={server} report={report} minute={minute} setMinute={setMinute} />
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
}: {
  server: ServerInfo
  report: SlowlogReport
  minute: string | null
  setMinute(minute: string | null): void
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
      />
    </>
  )
}

/** A time the slow log wrote in the server's zone, shown on the one clock. */
function serverTime(local: string | null, clock: Clock, how: 'wall' | 'format'): string {
  const ms = local === null ? null : clock.fromServerLocal(local)
  if (ms === null) return local ?? '-'
  return how === 'wall' ? clock.wall(ms) : clock.format(ms)
}

/** Every entry kept, and how many of how many that is. */
function EntriesTab({
  server,
  report,
}: {
  server: ServerInfo
  report: SlowlogReport
}): React.JSX.Element {
  const { t, locale } = useI18n()
  return (
    <>
      {report.requestsTruncated && (
        <p className="warn-text small" data-testid="slow-kept">
          {t('slow.kept', {
            n: formatNumber(report.requests.length, locale),
            total: formatNumber(report.entries, locale),
          })}
        </p>
      )}
      <Entries server={server} requests={report.requests} />
    </>
  )
}

const ENTRY_KEYS = {
  time: (q: SlowRequest) => q.time,
  pid: (q: SlowRequest) => q.pid,
  script: (q: SlowRequest) => q.script.slice(q.script.lastIndexOf('/') + 1),
  request: (q: SlowRequest) => (q.method ? `${q.method} ${q.uri ?? ''}` : ''),
  after: (q: SlowRequest) => q.durationSec ?? -1,
  ran: (q: SlowRequest) => q.totalSec ?? -1,
  top: (q: SlowRequest) => q.topFrame ?? '',
}

function Entries({
  server,
  requests,
}: {
  server: ServerInfo
  requests: SlowRequest[]
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const clock = useClock()
  const [open, setOpen] = useState<SlowRequest | null>(null)
  const [source, setSource] = useState<{ file: string; line: number } | null>(null)
  const sorted = useSorted(requests, ENTRY_KEYS, 'time', 'asc')
  const limit = useRowLimit(sorted.rows, 500, 'slow-entries-limit')
  return (
    <div className="entries">
      <table className="table compact" aria-label={t('slow.tab.entries')}>
        <thead>
          <tr>
            {sorted.head('time', `${t('slow.col.time')} (${clock.zoneShort})`)}
            {sorted.head('pid', 'pid', { num: true })}
            {sorted.head('script', t('slow.col.script'))}
            {sorted.head('request', t('slow.col.request'))}
            {sorted.head('after', t('slow.col.after'), { num: true })}
            {sorted.head('ran', t('slow.col.ran'), { num: true })}
            {sorted.head('top', t('slow.col.top'))}
          </tr>
        </thead>
        <tbody>
          {limit.shown.map((q) => (
            <tr
              key={`${q.line}`}
              className={`clickable ${open === q ? 'selected' : ''}`}
              onClick={() => setOpen(open === q ? null : q)}
            >
              <td className="mono">{serverTime(q.time, clock, 'wall')}</td>
              <td className="mono">{q.pid}</td>
              <td className="mono">{q.script.slice(q.script.lastIndexOf('/') + 1)}</td>
              <td className="mono">{q.method ? `${q.method} ${q.uri}` : '—'}</td>
              <td className="num">
                {q.durationSec !== undefined ? `${formatNumber(q.durationSec, locale, 2)} s` : ''}
              </td>
              <Ran q={q} />
              <td className="mono">
                {q.topFrame ? shortName(q.topFrame) : q.dumpFailed ? t('slow.dumpFailed') : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {limit.footer}
      {open && (
        <div className="stack" data-testid="stack">
          {open.frames.map((f, i) => (
            <button
              key={i}
              type="button"
              className="frame"
              onClick={() => setSource({ file: jailPath(f.file, server.cmsRoot), line: f.line })}
              title={t('slow.openSource')}
            >
              <span className="mono">{f.fn}()</span>{' '}
              <span className="muted mono">
                {f.file}:{f.line}
              </span>
            </button>
          ))}
        </div>
      )}
      {source && (
        <SourcePeek
          server={server}
          file={source.file}
          line={source.line}
          onClose={() => setSource(null)}
        />
      )}
    </div>
  )
}

/** How long a slow request ran in all, and where that is known from. */
function Ran({ q }: { q: SlowRequest }): React.JSX.Element {
  const { t, locale } = useI18n()
  if (q.totalSec === undefined)
    return (
      <td className="num muted" title={t('slow.ran.unknown')}>
        —
      </td>
    )
  const text = `${formatNumber(q.totalSec, locale, 2)} s`
  return q.killed ? (
    <td className="num warn-text" title={t('slow.ran.killedTitle')}>
      {text} ({t('slow.ran.killed')})
    </td>
  ) : (
    <td className="num" title={t('slow.ran.access', { status: q.status ?? '—' })}>
      {text}
    </td>
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
