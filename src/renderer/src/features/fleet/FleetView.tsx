import { useEffect, useState } from 'react'
import type { FleetRow, ServerInfo } from '../../../../shared/api'
import { useApi } from '../../api/context'
import { useJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useSorted } from '../../components/sortable'
import { SubTabs } from '../../components/SubTabs'
import type { Section } from '../../components/SectionTabs'
import { formatBytes, formatDuration, formatNumber, useI18n } from '../../i18n'
import type { MomentFocus } from '../../moment'
import { FleetBinlog } from './FleetBinlog'
import { FleetSearch } from './FleetSearch'
import { ImportServers } from './ImportServers'
import { inUtc } from './fleet-job'

/** What the sidebar's "All servers" selects (not a server's id: ids are names' slugs). */
export const FLEET = '\u0000fleet'

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

/** Where a result opens its server: a section, at a moment, on a record. */
export type OpenAt = (
  id: string,
  at?: { section: Section; moment: number; focus: MomentFocus | null },
) => void

const PANES = ['overview', 'search', 'binlog'] as const
type Pane = (typeof PANES)[number]
const PANE_KEYS = {
  overview: 'fleet.pane.overview',
  search: 'fleet.pane.search',
  binlog: 'fleet.pane.binlog',
} as const

/**
 * Every SSH server at once (or a group's): the overview (a row each, filled as each answers), a
 * search of their logs, the binlog finder across them; a result opens its server at its place.
 */
export function FleetView({
  servers,
  onOpen,
  onAdded,
}: {
  servers: ServerInfo[]
  onOpen: OpenAt
  onAdded(added: ServerInfo[]): void
}): React.JSX.Element {
  const { t } = useI18n()
  const ssh = servers.filter((s) => s.kind === 'ssh')
  const groups = [...new Set(ssh.flatMap((s) => (s.group ? [s.group] : [])))].sort()
  const [group, setGroup] = useState('')
  const [pane, setPane] = useState<Pane>('overview')
  const [importing, setImporting] = useState(false)
  const importButton = (
    <button type="button" onClick={() => setImporting(true)}>
      {t('import.open')}
    </button>
  )
  const dialog = importing && (
    <ImportServers existing={servers} onClose={() => setImporting(false)} onAdded={onAdded} />
  )
  if (ssh.length === 0)
    return (
      <div className="empty">
        <p>{t('fleet.none')}</p>
        {importButton}
        {dialog}
      </div>
    )
  return (
    <div className="fleet-view" data-testid="fleet-view">
      {dialog}
      <h2 className="pane-title">{t('fleet.title')}</h2>
      <div className="toolbar">
        <label>
          {t('fleet.group')}{' '}
          <select
            value={group}
            onChange={(e) => setGroup(e.target.value)}
            aria-label={t('fleet.group')}
          >
            <option value="">{t('fleet.group.all')}</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        {importButton}
        <SubTabs<Pane>
          tabs={PANES}
          value={pane}
          onChange={setPane}
          label={(p) => t(PANE_KEYS[p])}
        />
      </div>
      {/* Each pane keeps its results while another is looked at. */}
      <div hidden={pane !== 'overview'}>
        <FleetOverview group={group} servers={ssh.length} onOpen={onOpen} />
      </div>
      <div hidden={pane !== 'search'}>
        <FleetSearch group={group} onOpen={onOpen} />
      </div>
      <div hidden={pane !== 'binlog'}>
        <FleetBinlog group={group} onOpen={onOpen} />
      </div>
    </div>
  )
}

/** Refresh periods of the overview (minutes; 0 only on demand). */
const EVERY = [0, 5, 15, 60] as const

/** The overview: a row per server, asked when the group changes, on demand and on a schedule. */
function FleetOverview({
  group,
  servers,
  onOpen,
}: {
  group: string
  servers: number
  onOpen: OpenAt
}): React.JSX.Element {
  const { t } = useI18n()
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
  // The key the user checked, trusted by an explicit click; then every row asked again.
  const trust = (id: string, fingerprint: string): void =>
    void api.call('servers:trust', { server: id, fingerprint }).then((r) => {
      if (!r.ok) setError(r.error.message)
      else if (!running) void start()
    })
  // On a schedule: the next round once the last has ended, never two at once.
  useEffect(() => {
    if (every === 0 || running || askedAt === null) return
    const timer = setTimeout(() => void start(), Math.max(0, askedAt + every * 60_000 - Date.now()))
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [every, running, askedAt])
  const rows = run.records
  const sorted = useSorted(rows, KEYS, 'server', 'asc')
  const failed = rows.filter((r) => !r.ok).length
  const total = started?.servers.length ?? 0
  return (
    <>
      <p className="muted small">{t('fleet.intro')}</p>
      <div className="toolbar">
        <button type="button" onClick={() => void start()} disabled={running}>
          {t('fleet.refresh')}
        </button>
        <label className="small">
          {t('fleet.every')}{' '}
          <select
            value={every}
            onChange={(e) => setEvery(Number(e.target.value) as (typeof EVERY)[number])}
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
          {failed > 0 && <span className="error-text"> · {t('fleet.failed', { n: failed })}</span>}
          {askedAt !== null && <> · {t('fleet.askedAt', { time: inUtc(askedAt) })}</>}
        </span>
      </div>
      {(error ?? run.error?.message) && <ErrorBanner message={(error ?? run.error?.message)!} />}
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
            .filter((name) => !rows.some((r) => r.server === name))
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

/** One server's row: its figures, or why it could not be read. */
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
          <td className="num">{num(r.requests1h)}</td>
          <td className={`num${(r.status5xx1h ?? 0) > 0 ? ' error-text' : ''}`}>
            {num(r.status5xx1h)}
          </td>
          <td className={`num${(r.bans408_1h ?? 0) > 0 ? ' warn-text' : ''}`}>
            {num(r.bans408_1h)}
          </td>
          <td className="num">{num(r.slow24h)}</td>
          <td className="mono">{r.slowestScript?.split('/').pop() ?? ''}</td>
          <td className={`num${(r.fatal24h ?? 0) > 0 ? ' error-text' : ''}`}>{num(r.fatal24h)}</td>
          <td className="num">{bytes(r.diskSiteBytes)}</td>
          <td className="num">{bytes(r.diskLogsBytes)}</td>
          <td className="mono small nowrap">
            {r.binlogLast === null ? '–' : inUtc(r.binlogLast * 1000, 'minute')}
          </td>
          <td
            className={`num${(r.driftChanges ?? 0) + (r.integrityNew ?? 0) > 0 ? ' warn-text' : ''}`}
            data-testid="fleet-schema"
          >
            {r.driftChanges === null && r.integrityNew === null
              ? '–'
              : t('fleet.schema', { ddl: num(r.driftChanges), blocks: num(r.integrityNew) })}
          </td>
          <td className={`num${(r.preprodAtRisk ?? 0) > 0 ? ' warn-text' : ''}`}>
            {num(r.preprodAtRisk)}
          </td>
          <td className={`num${r.certDays !== null && r.certDays < 14 ? ' error-text' : ''}`}>
            {num(r.certDays)}
          </td>
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
