import { useCallback, useEffect, useState } from 'react'
import type { ApiError, ServerInfo, SlowlogReport } from '../../../../shared/api'
import type { SlowRequest } from '../../../../shared/slowlog'
import { useApi, useCall } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FlameGraph, shortName } from '../../components/FlameGraph'
import { Loadable } from '../../components/Loadable'
import { LogTail } from '../../components/LogTail'
import { SourcePeek } from '../../components/SourcePeek'
import { SubTabs } from '../../components/SubTabs'
import { Timeline } from '../../components/Timeline'
import { useMoment } from '../../moment'
import { useI18n } from '../../i18n'
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
  const { moment, setMoment } = useMoment()
  const [zone] = useCall('binlog:zone', { server: server.id }, server.id)
  const offsetMin = zone.status === 'ok' ? zone.value.offsetMin : null
  useEffect(() => {
    if (moment === null || offsetMin === null) return
    setMinute(new Date(moment + offsetMin * 60_000).toISOString().slice(0, 16))
    setTab('timeline')
  }, [moment, offsetMin])

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
              first: (report.first ?? '-').replace('T', ' '),
              last: (report.last ?? '-').replace('T', ' '),
              failed: report.dumpFailed,
            })}
            {report.issuesTotal > 0 && (
              <span className="warn-text"> · {t('slow.issues', { n: report.issuesTotal })}</span>
            )}
          </div>
          <div className="tab-body">
            {tab === 'flame' && (
              <FlameGraph root={report.flame} search={search} label={t('slow.flame.root')} />
            )}
            {tab === 'inverted' && (
              <FlameGraph root={report.inverted} search={search} label={t('slow.flame.inverted')} />
            )}
            {tab === 'timeline' && (
              <>
                <Timeline buckets={report.timeline} selected={minute} onSelect={setMinute} />
                {minute && offsetMin !== null && (
                  <button
                    type="button"
                    className="ghost"
                    onClick={() => setMoment(Date.parse(`${minute}:00Z`) - offsetMin * 60_000)}
                  >
                    {t('moment.set')}
                  </button>
                )}
                <Entries
                  server={server}
                  requests={report.requests.filter((q) => !minute || q.time.startsWith(minute))}
                />
              </>
            )}
            {tab === 'entries' && <Entries server={server} requests={report.requests} />}
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

function Entries({
  server,
  requests,
}: {
  server: ServerInfo
  requests: SlowRequest[]
}): React.JSX.Element {
  const { t } = useI18n()
  const [open, setOpen] = useState<SlowRequest | null>(null)
  const [source, setSource] = useState<{ file: string; line: number } | null>(null)
  return (
    <div className="entries">
      <table className="table compact" aria-label={t('slow.tab.entries')}>
        <thead>
          <tr>
            <th>{t('slow.col.time')}</th>
            <th>pid</th>
            <th>{t('slow.col.script')}</th>
            <th>{t('slow.col.request')}</th>
            <th className="num">{t('slow.col.after')}</th>
            <th>{t('slow.col.top')}</th>
          </tr>
        </thead>
        <tbody>
          {requests.slice(0, 2000).map((q) => (
            <tr
              key={`${q.line}`}
              className={`clickable ${open === q ? 'selected' : ''}`}
              onClick={() => setOpen(open === q ? null : q)}
            >
              <td className="mono">{q.time.replace('T', ' ')}</td>
              <td className="mono">{q.pid}</td>
              <td className="mono">{q.script.slice(q.script.lastIndexOf('/') + 1)}</td>
              <td className="mono">{q.method ? `${q.method} ${q.uri}` : '—'}</td>
              <td className="num">
                {q.durationSec !== undefined ? `${q.durationSec.toFixed(2)} s` : ''}
              </td>
              <td className="mono">
                {q.topFrame ? shortName(q.topFrame) : q.dumpFailed ? t('slow.dumpFailed') : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <div className="stack" data-testid="stack">
          {open.frames.map((f, i) => (
            <button
              key={i}
              type="button"
              className="frame"
              onClick={() => setSource({ file: f.file, line: f.line })}
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

function Aggregates({ report }: { report: SlowlogReport }): React.JSX.Element {
  const { t } = useI18n()
  const table = (title: string, rows: [string, number][], short = false): React.JSX.Element => (
    <section className="agg">
      <h3>{title}</h3>
      <table className="table compact">
        <tbody>
          {rows.slice(0, 15).map(([name, n]) => (
            <tr key={name}>
              <td className="num">{n}</td>
              <td className="num muted">{((n / Math.max(1, report.entries)) * 100).toFixed(1)}%</td>
              <td className="mono">{short ? shortName(name) : name}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
  return (
    <div className="aggregates" data-testid="aggregates">
      {table(t('slow.by.script'), report.byScript)}
      {report.byUri.length > 0 && table(t('slow.by.uri'), report.byUri)}
      {table(t('slow.by.top'), report.byTopFrame, true)}
      {table(
        t('slow.by.stack'),
        report.byStack.map(([s, n]) => [s.split(' ← ').map(shortName).join(' ← '), n]),
      )}
    </div>
  )
}
