// The drift screen: snapshots taken over SSH, two of them (or two servers) compared.
import { useClock } from '../../clock'
import { useCallback, useEffect, useState } from 'react'
import type {
  ApiError,
  ManualCredentials,
  SchemaDiffResult,
  ServerInfo,
  SnapshotInfo,
} from '../../../../shared/api'
import type { SchemaChange } from '../../../../shared/schema'
import { useApi } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useI18n } from '../../i18n'
import { AUTO_SNAPSHOT_MS, ManualForm, SideBySide } from './SchemaView'

export function Drift({
  server,
  preset,
}: {
  server: ServerInfo
  preset: { from: string; to: string } | null
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [snaps, setSnaps] = useState<SnapshotInfo[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [from, setFrom] = useState<string | null>(preset?.from ?? null)
  const [to, setTo] = useState<string | null>(preset?.to ?? null)
  const [diff, setDiff] = useState<SchemaDiffResult | null>(null)
  const [open, setOpen] = useState<SchemaChange | null>(null)
  const [exact, setExact] = useState(false)
  const others = useOtherSshServers(server.id)
  const [compareWith, setCompareWith] = useState<string>('')
  const [manual, setManual] = useState<ManualCredentials | null>(null)

  const take = useCallback(async () => {
    setBusy(true)
    const r = await api.call('schema:take', {
      server: server.id,
      exactCounts: exact,
      ...(manual ? { credentials: manual } : {}),
    })
    setBusy(false)
    if (!r.ok) return setError(r.error)
    setError(null)
    const list = await api.call('schema:snapshots', { server: server.id })
    if (list.ok) setSnaps(list.value)
  }, [api, server.id, exact, manual])

  // Credentials typed by hand: take the snapshot with them at once.
  useEffect(() => {
    if (manual) void take()
  }, [manual, take])

  // Production against preproduction: this server's newest snapshot against the other's newest.
  const compare = async (other: string): Promise<void> => {
    setCompareWith(other)
    if (!other || !snaps?.[0]) return
    let theirs = await api.call('schema:snapshots', { server: other })
    if (theirs.ok && theirs.value.length === 0) {
      const took = await api.call('schema:take', { server: other })
      if (!took.ok) return setError(took.error)
      theirs = await api.call('schema:snapshots', { server: other })
    }
    if (!theirs.ok) return setError(theirs.error)
    const r = await api.call('schema:diff', {
      server: server.id,
      from: snaps[0].id,
      to: theirs.value[0]!.id,
      toServer: other,
    })
    if (r.ok) setDiff(r.value)
    else setError(r.error)
  }

  useEffect(() => {
    if (server.kind !== 'ssh') return
    void api.call('schema:snapshots', { server: server.id }).then((r) => {
      if (!r.ok) return setError(r.error)
      setSnaps(r.value)
      const newest = r.value[0]
      // Drift since last time shows up without asking: a snapshot on opening.
      if (!preset && (!newest || Date.now() - Date.parse(newest.takenAt) > AUTO_SNAPSHOT_MS))
        void take()
    })
  }, [api, server.id, server.kind, take, preset])

  useEffect(() => {
    if (!snaps || snaps.length < 2) return
    setTo((cur) => cur ?? snaps[0]!.id)
    setFrom((cur) => cur ?? snaps[1]!.id)
  }, [snaps])

  useEffect(() => {
    if (compareWith) return
    if (!from || !to || from === to) return setDiff(null)
    void api
      .call('schema:diff', { server: server.id, from, to })
      .then((r) => (r.ok ? setDiff(r.value) : setError(r.error)))
  }, [api, server.id, from, to, compareWith])

  if (server.kind !== 'ssh') return <div className="empty">{t('schema.demo')}</div>
  return (
    <div className="drift" data-testid="drift">
      <DriftToolbar
        busy={busy}
        take={take}
        exact={exact}
        setExact={setExact}
        snaps={snaps}
        from={from}
        setFrom={setFrom}
        to={to}
        setTo={setTo}
        others={others}
        compareWith={compareWith}
        compare={compare}
      />
      {error && <ErrorBanner message={error.message} onClose={() => setError(null)} />}
      {error?.code === 'NOT_FOUND' && !manual && (
        <ManualForm
          onSubmit={(c) => {
            setManual(c)
            setError(null)
          }}
        />
      )}
      {snaps && snaps.length < 2 && !busy && <div className="empty">{t('schema.needTwo')}</div>}
      {diff && diff.changes.length === 0 && <div className="empty">{t('schema.noChange')}</div>}
      <DriftChanges diff={diff} open={open} setOpen={setOpen} />
    </div>
  )
}

/** The changes between two snapshots, most severe first, each with its restore SQL. */
export function DriftChanges({
  diff,
  open,
  setOpen,
}: {
  diff: SchemaDiffResult | null
  open: SchemaChange | null
  setOpen: React.Dispatch<React.SetStateAction<SchemaChange | null>>
}): React.JSX.Element {
  const { t } = useI18n()
  return (
    <>
      {diff && diff.changes.length > 0 && (
        <div className="changes">
          <table className="table compact" aria-label={t('schema.drift')}>
            <tbody>
              {diff.changes.map((c, i) => (
                <tr
                  key={i}
                  className={`clickable ${open === c ? 'selected' : ''}`}
                  onClick={() => setOpen(open === c ? null : c)}
                >
                  <td>
                    <span className={`sev ${c.severity}`}>{t(`schema.sev.${c.severity}`)}</span>
                  </td>
                  <td className="mono">{c.kind}</td>
                  <td className="mono">
                    {c.table ?? ''}
                    {c.object ? `.${c.object}` : ''}
                  </td>
                  <td className="mono muted">
                    {c.before ?? '∅'} → {c.after ?? '∅'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {open && (
            <div className="change-detail" data-testid="change-detail">
              {open.restore && (
                <>
                  <h3>{t('schema.restore')}</h3>
                  <pre className="code restore">{open.restore}</pre>
                </>
              )}
              {open.table && (
                <SideBySide
                  before={diff.before[open.table] ?? ''}
                  after={diff.after[open.table] ?? ''}
                />
              )}
            </div>
          )}
        </div>
      )}
    </>
  )
}

/** Taking a snapshot, and which two are compared (or which other server). */
export function DriftToolbar({
  busy,
  take,
  exact,
  setExact,
  snaps,
  from,
  setFrom,
  to,
  setTo,
  others,
  compareWith,
  compare,
}: {
  busy: boolean
  take: () => Promise<void>
  exact: boolean
  setExact: React.Dispatch<React.SetStateAction<boolean>>
  snaps: SnapshotInfo[] | null
  from: string | null
  setFrom: React.Dispatch<React.SetStateAction<string | null>>
  to: string | null
  setTo: React.Dispatch<React.SetStateAction<string | null>>
  others: ServerInfo[]
  compareWith: string
  compare: (other: string) => Promise<void>
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const option = (s: SnapshotInfo): React.JSX.Element => (
    <option key={s.id} value={s.id}>
      {clock.format(Date.parse(s.takenAt))} — {s.database} ({s.tables})
    </option>
  )
  return (
    <>
      <div className="toolbar">
        <button type="button" className="primary" disabled={busy} onClick={() => void take()}>
          {busy ? t('common.loading') : t('schema.take')}
        </button>
        <label className="inline muted">
          <input type="checkbox" checked={exact} onChange={(e) => setExact(e.target.checked)} />{' '}
          {t('schema.exact')}
        </label>
        {snaps && snaps.length >= 2 && (
          <>
            <label className="inline">
              {t('schema.from')}
              <select
                aria-label={t('schema.from')}
                value={from ?? ''}
                onChange={(e) => setFrom(e.target.value)}
              >
                {snaps.map(option)}
              </select>
            </label>
            <label className="inline">
              {t('schema.to')}
              <select
                aria-label={t('schema.to')}
                value={to ?? ''}
                onChange={(e) => setTo(e.target.value)}
              >
                {snaps.map(option)}
              </select>
            </label>
          </>
        )}
        {others.length > 0 && (
          <label className="inline">
            {t('schema.compare')}
            <select
              aria-label={t('schema.compare')}
              value={compareWith}
              onChange={(e) => void compare(e.target.value)}
            >
              <option value="">—</option>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.role})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </>
  )
}

/** The other SSH servers, to compare this one's schema with (production against preprod). */
export function useOtherSshServers(server: string): ServerInfo[] {
  const api = useApi()
  const [others, setOthers] = useState<ServerInfo[]>([])
  useEffect(() => {
    void api
      .call('servers:list', {})
      .then((r) => r.ok && setOthers(r.value.filter((s) => s.kind === 'ssh' && s.id !== server)))
  }, [api, server])
  return others
}
