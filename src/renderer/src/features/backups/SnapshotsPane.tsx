// Safety snapshots: take one before a risky deploy (files linked to the previous, the database
// dumped), list them, and restore one table of one into a database.
import { useState } from 'react'
import type { ServerInfo, SiteSnapshot } from '../../../../shared/api'
import { useApi, useCall } from '../../api/context'
import { useStartedJob } from '../../api/use-job'
import { useClock } from '../../clock'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loadable } from '../../components/Loadable'
import { RunOrCancel } from '../../components/RunOrCancel'
import { HostRequest } from '../../components/HostRequest'
import { formatBytes, formatNumber, useI18n } from '../../i18n'

export function SnapshotsPane({
  server,
  support,
}: {
  server: ServerInfo
  support: string
}): React.JSX.Element {
  const { t } = useI18n()
  const [keep, setKeep] = useState(5)
  const take = useStartedJob('snapshot:take')
  const taken = take.run.records[0] ?? null
  const [state, reload] = useCall(
    'snapshot:list',
    { server: server.id },
    `${server.id}:${taken?.id ?? ''}`,
  )
  return (
    <div data-testid="snapshots">
      <p className="muted small">{t('snapshots.intro')}</p>
      <form
        className="toolbar wrap"
        onSubmit={(e) => {
          e.preventDefault()
          void take.start({ server: server.id, keep })
        }}
      >
        <label className="small">
          {t('snapshots.keep')}{' '}
          <input
            type="number"
            min={1}
            className="narrow-input"
            value={keep}
            onChange={(e) => setKeep(Number(e.target.value))}
            aria-label={t('snapshots.keep')}
          />
        </label>
        <RunOrCancel
          job={take.job}
          running={take.running}
          label={t('snapshots.take')}
          progress={t('snapshots.taking')}
          testId="snapshot-progress"
        />
      </form>
      {take.error && <ErrorBanner message={take.error} />}
      {taken &&
        taken.notes.map((n) => (
          <p key={n} className="warn-text small">
            {n}
          </p>
        ))}
      <ForceBackupRequest server={server} support={support} />
      <Loadable state={state} reload={reload}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t('snapshots.none')}</p>
          ) : (
            <SnapshotList server={server} list={list} />
          )
        }
      </Loadable>
    </div>
  )
}

function SnapshotList({
  server,
  list,
}: {
  server: ServerInfo
  list: SiteSnapshot[]
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const clock = useClock()
  const [open, setOpen] = useState<string | null>(null)
  return (
    <table className="table compact" data-testid="snapshot-list">
      <thead>
        <tr>
          <th>{t('snapshots.col.taken')}</th>
          <th className="num">{t('snapshots.col.files')}</th>
          <th className="num">{t('snapshots.col.copied')}</th>
          <th>{t('snapshots.col.database')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {list.map((s) => (
          <tr key={s.id} data-snapshot={s.id}>
            <td className="mono small">{clock.format(Date.parse(s.takenAt))}</td>
            <td className="num">
              {formatNumber(s.files, locale)} · {formatBytes(s.bytes, locale)}
            </td>
            <td className="num">{formatBytes(s.transferred, locale)}</td>
            <td>
              {s.database
                ? t('snapshots.tables', { db: s.database, n: s.tables.length })
                : t('snapshots.noDb')}
              {open === s.id && <RestoreTable server={server} snapshot={s} />}
            </td>
            <td>
              {s.database && open !== s.id && (
                <button type="button" onClick={() => setOpen(s.id)}>
                  {t('snapshots.restore')}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** One table of a snapshot into a database, typed as a URL (its password never stored). */
function RestoreTable({
  server,
  snapshot,
}: {
  server: ServerInfo
  snapshot: SiteSnapshot
}): React.JSX.Element {
  const { t } = useI18n()
  const api = useApi()
  const [table, setTable] = useState(snapshot.tables[0] ?? '')
  const [url, setUrl] = useState('')
  const [confirm, setConfirm] = useState('')
  const [result, setResult] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  return (
    <form
      className="form restore-table"
      onSubmit={(e) => {
        e.preventDefault()
        setError(null)
        void api
          .call('snapshot:restore-table', { server: server.id, id: snapshot.id, table, dbUrl: url })
          .then((r) =>
            r.ok
              ? setResult(t('snapshots.restored', { table: r.value.table, into: r.value.into }))
              : setError(r.error.message),
          )
      }}
    >
      <label>
        {t('snapshots.table')}
        <select value={table} onChange={(e) => setTable(e.target.value)}>
          {snapshot.tables.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('snapshots.into')}
        <input
          type="password"
          placeholder="mysql://USER:PASSWORD@HOST:PORT/DATABASE"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          required
        />
      </label>
      <label>
        {t('snapshots.confirm', { table })}
        <input value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </label>
      <button type="submit" className="danger" disabled={confirm !== table}>
        {t('snapshots.restoreTable', { table })}
      </button>
      {error && <ErrorBanner message={error} />}
      {result && <p role="status">{result}</p>}
    </form>
  )
}

/** The mail asking the host to force a backup before the deploy (the guide asks for it). */
function ForceBackupRequest({
  server,
  support,
}: {
  server: ServerInfo
  support: string
}): React.JSX.Element {
  const { t } = useI18n()
  const [what, setWhat] = useState('')
  const [when, setWhen] = useState('')
  return (
    <details className="force-backup">
      <summary>{t('snapshots.force')}</summary>
      <div className="form">
        <label>
          {t('snapshots.force.when')}
          <input value={when} onChange={(e) => setWhen(e.target.value)} />
        </label>
        <label>
          {t('snapshots.force.what')}
          <input value={what} onChange={(e) => setWhat(e.target.value)} />
        </label>
      </div>
      <HostRequest
        subject={t('snapshots.force.subject', { server: server.name })}
        body={t('snapshots.force.body', {
          server: server.name,
          address: server.address,
          root: server.cmsRoot,
          when: when || t('snapshots.force.soon'),
          what: what || '…',
        })}
        to={support}
      />
    </details>
  )
}
