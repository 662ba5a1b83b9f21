// The fleet overview: a row per server, filled as each answers, sortable by any column, filtered
// by text or to the rows with a problem; a figure opens its server at the screen that shows it.
import { useEffect, useState } from 'react'
import type { FleetRow } from '../../../../shared/api'
import { useApi } from '../../api/context'
import { useJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import type { Section } from '../../components/SectionTabs'
import { useSorted } from '../../components/sortable'
import { formatBytes, formatDuration, formatNumber, useI18n } from '../../i18n'
import type { OpenAt } from './FleetView'
import { inUtc } from './fleet-job'

const KEYS = {
  server: (r: FleetRow) => r.server,
  requests: (r: FleetRow) => r.requests1h ?? -1,
  '5xx': (r: FleetRow) => r.status5xx1h ?? -1,
  '408': (r: FleetRow) => r.bans408_1h ?? -1,
  slow: (r: FleetRow) => r.slow24h ?? -1,
  slowest: (r: FleetRow) => r.slowestScript ?? '',
  fatal: (r: FleetRow) => r.fatal24h ?? -1,
  site: (r: FleetRow) => r.diskSiteBytes ?? -1,
  logs: (r: FleetRow) => r.diskLogsBytes ?? -1,
  binlogs: (r: FleetRow) => r.binlogLast ?? -1,
  schema: (r: FleetRow) => (r.driftChanges ?? 0) + (r.integrityNew ?? 0),
  atRisk: (r: FleetRow) => r.preprodAtRisk ?? -1,
  cert: (r: FleetRow) => r.certDays ?? Infinity,
  took: (r: FleetRow) => r.ms,
}

/** Refresh periods of the overview (minutes; 0 only on demand). */
const EVERY = [0, 5, 15, 60] as const

/** The overview's rounds: asked when the group changes, on demand and on a schedule. */
function useOverviewRun(group: string, servers: number) {
  const api = useApi()
  const [started, setStarted] = useState<{ job: string; servers: string[] } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [every, setEvery] = useState<(typeof EVERY)[number]>(0)
  const [askedAt, setAskedAt] = useState<number | null>(null)
  const run = useJob(started?.job ?? null, 'fleet:overview')
  const start = async (): Promise<void> => {
    setError(null)
    const r = await api.call('fleet:overview', group ? { group } : {})
    if (r.ok) {
      setStarted(r.value)
      setAskedAt(Date.now())
    } else setError(r.error.message)
  }
  useEffect(() => {
    void start()
    // Asked again when the group changes; Refresh asks on demand.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [group, servers])
  const running = started !== null && run.state === 'running'
  // On a schedule: the next round once the last has ended, never two at once.
  useEffect(() => {
    if (every === 0 || running || askedAt === null) return
    const timer = setTimeout(() => void start(), Math.max(0, askedAt + every * 60_000 - Date.now()))
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [every, running, askedAt])
  return {
    run,
    started,
    running,
    start,
    every,
    setEvery,
    askedAt,
    error: error ?? run.error?.message ?? null,
    setError,
    cancel: () => started && void api.call('jobs:cancel', { job: started.job }),
    // The key the user checked, trusted by an explicit click; then every row asked again.
    trust: (id: string, fingerprint: string): void =>
      void api.call('servers:trust', { server: id, fingerprint }).then((r) => {
        if (!r.ok) setError(r.error.message)
        else if (!running) void start()
      }),
  }
}

/** The overview: a row per server, filled as each answers. */
export function FleetOverview({
  group,
  servers,
  onOpen,
}: {
  group: string
  servers: number
  onOpen: OpenAt
}): React.JSX.Element {
  const { t } = useI18n()
  const o = useOverviewRun(group, servers)
  const { run, started, running, every, askedAt, trust } = o
  const [filter, setFilter] = useState('')
  const [problemsOnly, setProblemsOnly] = useState(false)
  const rows = run.records
  const words = filter.trim().toLowerCase()
  const shown = rows.filter(
    (r) =>
      (!problemsOnly || hasProblem(r)) &&
      (!words ||
        [r.server, r.group, r.slowestScript, r.error, ...r.notes]
          .join('\n')
          .toLowerCase()
          .includes(words)),
  )
  const sorted = useSorted(shown, KEYS, 'server', 'asc')
  const failed = rows.filter((r) => !r.ok).length
  const total = started?.servers.length ?? 0
  return (
    <>
      <p className="muted small">{t('fleet.intro')}</p>
      <div className="toolbar">
        {running ? (
          <button type="button" onClick={o.cancel}>
            {t('common.cancel')}
          </button>
        ) : (
          <button type="button" onClick={() => void o.start()}>
            {t('fleet.refresh')}
          </button>
        )}
        <input
          type="search"
          className="filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder={t('common.filter')}
          aria-label={t('common.filter')}
        />
        <label className="small">
          <input
            type="checkbox"
            checked={problemsOnly}
            onChange={(e) => setProblemsOnly(e.target.checked)}
          />{' '}
          {t('fleet.problems')}
        </label>
        <label className="small">
          {t('fleet.every')}{' '}
          <select
            value={every}
            onChange={(e) => o.setEvery(Number(e.target.value) as (typeof EVERY)[number])}
          >
            {EVERY.map((m) => (
              <option key={m} value={m}>
                {m === 0 ? t('fleet.every.never') : t('fleet.every.min', { n: m })}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" data-testid="fleet-progress">
          {t('fleet.progress', { done: rows.length, total })}
          {shown.length < rows.length && (
            <> · {t('fleet.shown', { n: shown.length, total: rows.length })}</>
          )}
          {failed > 0 && <span className="error-text"> · {t('fleet.failed', { n: failed })}</span>}
          {askedAt !== null && <> · {t('fleet.askedAt', { time: inUtc(askedAt) })}</>}
        </span>
      </div>
      {o.error && <ErrorBanner message={o.error} />}
      <table className="table compact fleet-table" aria-label={t('fleet.title')}>
        <thead>
          <tr>
            {sorted.head('server', t('fleet.col.server'))}
            {sorted.head('requests', t('fleet.col.requests'), { num: true })}
            {sorted.head('5xx', t('fleet.col.5xx'), { num: true })}
            {sorted.head('408', t('fleet.col.408'), { num: true })}
            {sorted.head('slow', t('fleet.col.slow'), { num: true })}
            {sorted.head('slowest', t('fleet.col.slowest'))}
            {sorted.head('fatal', t('fleet.col.fatal'), { num: true })}
            {sorted.head('site', t('fleet.col.site'), { num: true })}
            {sorted.head('logs', t('fleet.col.logs'), { num: true })}
            {sorted.head('binlogs', t('fleet.col.binlogs'))}
            {sorted.head('schema', t('fleet.col.schema'), { num: true })}
            {sorted.head('atRisk', t('fleet.col.atRisk'), { num: true })}
            {sorted.head('cert', t('fleet.col.cert'), { num: true })}
            {sorted.head('took', t('fleet.col.took'), { num: true })}
          </tr>
        </thead>
        <tbody>
          {sorted.rows.map((r) => (
            <FleetTableRow key={r.id} r={r} onOpen={onOpen} onTrust={trust} />
          ))}
          {started?.servers
            .filter((name) => !problemsOnly && !words && !rows.some((r) => r.server === name))
            .map((name) => (
              <tr key={`pending-${name}`} className="pending">
                <td>{name}</td>
                <td colSpan={13} className="muted">
                  {t('fleet.pending')}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </>
  )
}

/** Whether a row needs a look: failed, errors, bans, slow PHP, schema changes, files at risk, a
 * certificate in its last two weeks. */
export function hasProblem(r: FleetRow): boolean {
  const some = (n: number | null): boolean => (n ?? 0) > 0
  return (
    !r.ok ||
    some(r.status5xx1h) ||
    some(r.bans408_1h) ||
    some(r.fatal24h) ||
    some(r.slow24h) ||
    some(r.driftChanges) ||
    some(r.integrityNew) ||
    some(r.preprodAtRisk) ||
    (r.certDays !== null && r.certDays < 14)
  )
}

/** One server's row: its figures, or why it could not be read; a figure opens where it is shown. */
function FleetTableRow({
  r,
  onOpen,
  onTrust,
}: {
  r: FleetRow
  onOpen: OpenAt
  onTrust(id: string, fingerprint: string): void
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const num = (n: number | null): string => (n === null ? '–' : formatNumber(n, locale))
  const bytes = (n: number | null): string => (n === null ? '–' : formatBytes(n, locale))
  /** A figure's cell: a click opens its server at the section that shows it. */
  const cell = (
    section: Section,
    text: string,
    tone: 'error' | 'warn' | null,
    className = 'num',
  ): React.JSX.Element => (
    <td
      className={`${className}${tone ? ` ${tone}-text` : ''}`}
      onClick={(e) => {
        e.stopPropagation()
        onOpen(r.id, { section })
      }}
    >
      {text}
    </td>
  )
  const some = (n: number | null): boolean => (n ?? 0) > 0
  return (
    <tr
      className={`clickable${r.ok ? '' : ' failed'}`}
      data-server={r.server}
      title={[r.error, ...r.notes].filter(Boolean).join('\n')}
      onClick={() => onOpen(r.id)}
    >
      <td>
        <button type="button" className="link" aria-label={t('fleet.open', { server: r.server })}>
          {r.server}
        </button>
        {r.group && <span className="muted small"> {r.group}</span>}
      </td>
      {r.ok ? (
        <>
          {cell('logs', num(r.requests1h), null)}
          {cell('logs', num(r.status5xx1h), some(r.status5xx1h) ? 'error' : null)}
          {cell('http', num(r.bans408_1h), some(r.bans408_1h) ? 'warn' : null)}
          {cell('slow', num(r.slow24h), null)}
          {cell('slow', r.slowestScript?.split('/').pop() ?? '', null, 'mono')}
          {cell('logs', num(r.fatal24h), some(r.fatal24h) ? 'error' : null)}
          {cell('files', bytes(r.diskSiteBytes), null)}
          {cell('files', bytes(r.diskLogsBytes), null)}
          {cell(
            'binlogs',
            r.binlogLast === null
              ? '–'
              : `${inUtc(r.binlogLast * 1000, 'minute')} · ${bytes(r.binlogBytes)}`,
            null,
            'mono small nowrap',
          )}
          {cell(
            'schema',
            r.driftChanges === null && r.integrityNew === null
              ? '–'
              : t('fleet.schema', { ddl: num(r.driftChanges), blocks: num(r.integrityNew) }),
            some(r.driftChanges) || some(r.integrityNew) ? 'warn' : null,
          )}
          {cell('files', num(r.preprodAtRisk), some(r.preprodAtRisk) ? 'warn' : null)}
          {cell('http', num(r.certDays), r.certDays !== null && r.certDays < 14 ? 'error' : null)}
        </>
      ) : (
        <td colSpan={12} className="error-text" data-testid="fleet-error">
          {r.error}
          {r.unknownHostKey && (
            <button
              type="button"
              className="trust-key"
              onClick={(e) => {
                e.stopPropagation()
                onTrust(r.id, r.unknownHostKey!)
              }}
            >
              {t('fleet.trust')}
            </button>
          )}
        </td>
      )}
      <td className="num">{formatDuration(r.ms, locale)}</td>
    </tr>
  )
}
