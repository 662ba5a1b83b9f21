import { useClock } from '../../clock'
import { useMoment } from '../../moment'
import { useEffect, useState } from 'react'
import type { ApiError, ManualCredentials, ServerInfo, SnapshotInfo } from '../../../../shared/api'
import { useApi } from '../../api/context'
import {
  parseIntegrityLog,
  type IntegrityBlock,
  type IntegrityLineKind,
} from '../../../../core/schema'
import { ErrorBanner } from '../../components/ErrorBanner'
import { SubTabs } from '../../components/SubTabs'
import { useI18n } from '../../i18n'
import { Drift } from './Drift'

export const INTEGRITY_LOG = '/var/log/mysql/btws_integrity.log'

/** A snapshot is taken on opening when the newest is older than this. */
export const AUTO_SNAPSHOT_MS = 10 * 60 * 1000

const MAX_LOG_BYTES = 4 << 20

const LINE_CLASS: Record<IntegrityLineKind, string> = {
  head: 'hl-head',
  drop: 'hl-danger',
  key: 'hl-warn',
  add: 'hl-add',
  del: 'hl-del',
  plain: '',
}

export function SchemaView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  // Opened for an integrity block (the timeline's "open at source"): the log, at that block. Once.
  const { moment, focus, setFocus } = useMoment()
  const [opened] = useState(focus?.kind === 'integrity' ? moment : null)
  useEffect(() => {
    if (opened !== null) setFocus(null)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  const [tab, setTab] = useState<'drift' | 'log'>(
    server.kind === 'ssh' && opened === null ? 'drift' : 'log',
  )
  const [preset, setPreset] = useState<{ from: string; to: string } | null>(null)
  return (
    <div className="column">
      <div className="toolbar">
        <SubTabs<'drift' | 'log'>
          tabs={['drift', 'log'] as const}
          value={tab}
          onChange={setTab}
          label={(x) => (x === 'drift' ? t('schema.drift') : t('schema.title'))}
        />
      </div>
      {tab === 'log' ? (
        <IntegrityLog
          server={server}
          at={opened}
          onOpenDiff={(from, to) => {
            setPreset({ from, to })
            setTab('drift')
          }}
        />
      ) : (
        <Drift
          key={preset ? `${preset.from}>${preset.to}` : 'latest'}
          server={server}
          preset={preset}
        />
      )}
    </div>
  )
}

/** The host's integrity log as timestamped blocks; a block links to the app's own diff of that moment. */
function IntegrityLog({
  server,
  at,
  onOpenDiff,
}: {
  server: ServerInfo
  /** The moment (epoch ms) whose block to bring into view and mark, if any. */
  at: number | null
  onOpenDiff(from: string, to: string): void
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const clock = useClock()
  const [blocks, setBlocks] = useState<IntegrityBlock[] | null>(null)
  const [truncated, setTruncated] = useState(false)
  const [snaps, setSnaps] = useState<SnapshotInfo[]>([])
  const [error, setError] = useState<ApiError | null>(null)

  useEffect(() => {
    void api
      .call('files:read', {
        server: server.id,
        path: INTEGRITY_LOG,
        start: 0,
        length: MAX_LOG_BYTES,
      })
      .then((r) => {
        if (!r.ok) return setError(r.error)
        setBlocks(parseIntegrityLog(r.value.text))
        setTruncated(r.value.truncated)
      })
    if (server.kind === 'ssh')
      void api
        .call('schema:snapshots', { server: server.id })
        .then((r) => r.ok && setSnaps(r.value))
  }, [api, server.id, server.kind])

  if (error)
    return error.code === 'NOT_FOUND' ? (
      <div className="empty">{t('schema.none')}</div>
    ) : (
      <ErrorBanner message={error.message} />
    )
  if (!blocks) return <div className="empty">{t('common.loading')}</div>
  // The block of the moment: the last one written at or before it.
  const focused =
    at === null
      ? null
      : (blocks
          .filter((b) => b.time !== null && b.time * 1000 <= at)
          .sort((a, b) => b.time! - a.time!)[0] ?? null)
  /** The app's snapshots just before and just after a moment, when there are. */
  const around = (time: number): [SnapshotInfo, SnapshotInfo] | null => {
    const ms = time * 1000
    const before = snaps
      .filter((s) => Date.parse(s.takenAt) <= ms)
      .sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1))[0]
    const after = snaps
      .filter((s) => Date.parse(s.takenAt) >= ms)
      .sort((a, b) => (a.takenAt < b.takenAt ? -1 : 1))[0]
    return before && after && before.id !== after.id ? [before, after] : null
  }
  return (
    <div className="integrity" data-testid="integrity">
      {truncated && <p className="note">{t('schema.logTruncated')}</p>}
      {blocks.map((b) => {
        const pair = b.time !== null ? around(b.time) : null
        return (
          <section
            key={b.line}
            className={b === focused ? 'iblock focused' : 'iblock'}
            ref={b === focused ? (el) => el?.scrollIntoView({ block: 'start' }) : undefined}
          >
            <header className="iblock-head">
              <span className="mono">
                {b.time !== null ? clock.format(b.time * 1000) : t('schema.noTime')}
              </span>
              <span className="spacer" />
              {pair && (
                <button type="button" onClick={() => onOpenDiff(pair[0].id, pair[1].id)}>
                  {t('schema.openDiff')}
                </button>
              )}
            </header>
            <pre className="code">
              {b.lines.map((l, i) => (
                <div key={i} className={LINE_CLASS[l.kind]}>
                  {l.text || ' '}
                </div>
              ))}
            </pre>
          </section>
        )
      })}
    </div>
  )
}

/** SHOW CREATE TABLE before and after, lines that differ highlighted. */
export function SideBySide({
  before,
  after,
}: {
  before: string
  after: string
}): React.JSX.Element {
  const { t } = useI18n()
  const a = before.split('\n')
  const b = after.split('\n')
  const inA = new Set(a.map((l) => l.trim().replace(/,$/, '')))
  const inB = new Set(b.map((l) => l.trim().replace(/,$/, '')))
  const pane = (
    lines: string[],
    other: Set<string>,
    cls: string,
    title: string,
  ): React.JSX.Element => (
    <div className="side">
      <h3>{title}</h3>
      <pre className="code">
        {lines.map((l, i) => (
          <div key={i} className={other.has(l.trim().replace(/,$/, '')) ? '' : cls}>
            {l || ' '}
          </div>
        ))}
      </pre>
    </div>
  )
  return (
    <div className="sidebyside">
      {pane(a, inB, 'hl-del', t('schema.before'))}
      {pane(b, inA, 'hl-add', t('schema.after'))}
    </div>
  )
}

/** Database credentials by hand, when the CMS configuration gives none. */
export function ManualForm({
  onSubmit,
}: {
  onSubmit(c: ManualCredentials): void
}): React.JSX.Element {
  const { t } = useI18n()
  const [c, setC] = useState<ManualCredentials>({
    host: '127.0.0.1',
    port: 3306,
    user: '',
    password: '',
    database: '',
  })
  return (
    <form
      className="form manual"
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit(c)
      }}
    >
      <p className="muted">{t('schema.manual')}</p>
      <div className="row">
        <label className="grow">
          {t('server.host')}
          <input value={c.host} onChange={(e) => setC({ ...c, host: e.target.value })} />
        </label>
        <label className="small">
          {t('server.port')}
          <input
            type="number"
            value={c.port}
            onChange={(e) => setC({ ...c, port: Number(e.target.value) })}
          />
        </label>
        <label className="grow">
          {t('schema.database')}
          <input
            value={c.database}
            onChange={(e) => setC({ ...c, database: e.target.value })}
            required
          />
        </label>
      </div>
      <div className="row">
        <label className="grow">
          {t('server.user')}
          <input value={c.user} onChange={(e) => setC({ ...c, user: e.target.value })} required />
        </label>
        <label className="grow">
          {t('server.password')}
          <input
            type="password"
            autoComplete="off"
            value={c.password}
            onChange={(e) => setC({ ...c, password: e.target.value })}
          />
        </label>
      </div>
      <div className="actions left">
        <button type="submit" className="primary">
          {t('schema.useCredentials')}
        </button>
      </div>
    </form>
  )
}
