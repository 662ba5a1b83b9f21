// The backup-weight audit: what in the site weighs on the host's backups (35 to 70 times its
// size), found on the server, ranked, with what to do — and the exclusion request for caches.
import { useState } from 'react'
import type { ServerInfo } from '../../../../shared/api'
import { useStartedJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { HostRequest } from '../../components/HostRequest'
import { useRowLimit } from '../../components/RowLimit'
import { RunOrCancel } from '../../components/RunOrCancel'
import { formatBytes, useI18n } from '../../i18n'

export function WeightPane({
  server,
  support,
}: {
  server: ServerInfo
  support: string
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const [minMb, setMinMb] = useState(10)
  const audit = useStartedJob('backup:weight')
  const result = audit.run.records[0] ?? null
  const rows = useRowLimit(result?.items ?? [], 100, 'backup-weight-limit')
  const total = result?.items.reduce((a, i) => a + i.bytes, 0) ?? 0
  const caches = result?.items.filter((i) => i.kind === 'cache') ?? []
  const bytes = (n: number): string => formatBytes(n, locale)
  return (
    <div data-testid="backup-weight">
      <form
        className="toolbar wrap"
        onSubmit={(e) => {
          e.preventDefault()
          void audit.start({ server: server.id, minMb })
        }}
      >
        <label className="small">
          {t('backups.minMb')}{' '}
          <input
            type="number"
            min={0}
            value={minMb}
            onChange={(e) => setMinMb(Number(e.target.value))}
            aria-label={t('backups.minMb')}
            className="narrow-input"
          />
        </label>
        <RunOrCancel
          job={audit.job}
          running={audit.running}
          label={t('backups.audit')}
          progress={t('backups.auditing')}
          testId="backup-weight-progress"
        />
      </form>
      {audit.error && <ErrorBanner message={audit.error} />}
      {result && (
        <>
          <p role="status" data-testid="backup-weight-total">
            {t('backups.weightTotal', {
              n: result.items.length,
              size: bytes(total),
              root: result.root,
              min: bytes(total * 35),
              max: bytes(total * 70),
              scanned: result.scanned,
            })}
          </p>
          {result.notes.map((n) => (
            <p key={n} className="warn-text small">
              {n}
            </p>
          ))}
          <table className="table compact" data-testid="backup-weight-items">
            <thead>
              <tr>
                <th className="num">{t('backups.col.size')}</th>
                <th>{t('backups.col.kind')}</th>
                <th>{t('backups.col.path')}</th>
                <th className="num">{t('backups.col.weight')}</th>
                <th>{t('backups.col.action')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.shown.map((i) => (
                <tr key={i.path} data-kind={i.kind}>
                  <td className="num">{bytes(i.bytes)}</td>
                  <td>{i.kind}</td>
                  <td className="mono small">{i.path}</td>
                  <td className="num nowrap">
                    {bytes(i.backupWeight[0])} – {bytes(i.backupWeight[1])}
                  </td>
                  <td className="small">{i.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.footer}
          {caches.length > 0 && (
            <HostRequest
              subject={t('backups.exclude.subject', { server: server.name })}
              body={t('backups.exclude.body', {
                server: server.name,
                address: server.address,
                list: caches.map((c) => `- ${c.path}`).join('\n'),
              })}
              to={support}
            />
          )}
        </>
      )}
    </div>
  )
}
