import { useState } from 'react'
import type { RightsAudit, ServerInfo } from '../../../../shared/api'
import { useApi } from '../../api/context'
import { useJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { HostRequest } from '../../components/HostRequest'
import { Modal } from '../../components/Modal'
import { useI18n } from '../../i18n'
import { useRowLimit } from '../../components/RowLimit'

/** Reset rights through the supervisor, and see which files the login cannot chmod. */
export function RightsDialog({
  server,
  onClose,
}: {
  server: ServerInfo
  onClose(): void
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [job, setJob] = useState<string | null>(null)
  const [started, setStarted] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [audit, setAudit] = useState<RightsAudit | null>(null)
  const [auditing, setAuditing] = useState(false)
  const run = useJob(job, 'rights:reset')
  const files = useRowLimit(audit?.files ?? [], 500, 'rights-files-limit')
  const lines = job ? run.records.map((s) => t(`rights.step.${s.step}`, s)) : []
  const running = started && (job === null || run.state === 'running') && !error
  const failure = error ?? run.error?.message ?? null

  const reset = async (): Promise<void> => {
    if (
      server.role === 'production' &&
      !window.confirm(t('rights.confirm.production', { name: server.name }))
    )
      return
    setError(null)
    setJob(null)
    setStarted(true)
    const r = await api.call('rights:reset', { server: server.id })
    if (r.ok) setJob(r.value.job)
    else setError(r.error.message)
  }

  const runAudit = async (): Promise<void> => {
    setAuditing(true)
    const r = await api.call('rights:audit', { server: server.id })
    setAuditing(false)
    if (r.ok) setAudit(r.value)
    else setError(r.error.message)
  }

  return (
    <Modal title={t('rights.title')} onClose={onClose}>
      <p>{t('rights.explain', { flag: `${server.cmsRoot}/tw_supervisor/api/reset_rights` })}</p>
      <div className="actions left">
        <button type="button" className="primary" disabled={running} onClick={() => void reset()}>
          {running ? t('rights.waiting') : t('rights.reset')}
        </button>
        <button type="button" disabled={auditing} onClick={() => void runAudit()}>
          {auditing ? t('common.loading') : t('rights.audit')}
        </button>
      </div>
      {lines.length > 0 && (
        <pre className="joblog" data-testid="rights-log">
          {lines.join('\n')}
        </pre>
      )}
      {failure && <ErrorBanner message={failure} />}
      {audit && (
        <div className="audit" data-testid="rights-audit">
          <p>
            {audit.files.length === 0
              ? t('rights.audit.none', { login: audit.login })
              : t('rights.audit.some', {
                  n: `${audit.files.length}${audit.truncated ? '+' : ''}`,
                  login: audit.login,
                })}
          </p>
          {audit.files.length > 0 && (
            <table className="table compact">
              <thead>
                <tr>
                  <th>{t('common.name')}</th>
                  <th>{t('rights.owner')}</th>
                  <th>mode</th>
                </tr>
              </thead>
              <tbody>
                {files.shown.map((f) => (
                  <tr key={f.path}>
                    <td className="mono">
                      {f.path.startsWith(audit.root)
                        ? f.path.slice(audit.root.length + 1) || '.'
                        : f.path}
                    </td>
                    <td className="mono">
                      {f.owner}:{f.group}
                    </td>
                    <td className="mono">{(f.mode & 0o7777).toString(8)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {files.footer}
          {audit.files.length > 0 && <OwnershipRequest server={server} audit={audit} />}
        </div>
      )}
      <div className="actions">
        <button type="button" className="ghost" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Modal>
  )
}

/** The files the login cannot fix itself: the mail asking the host to give them back to it. */
function OwnershipRequest({
  server,
  audit,
}: {
  server: ServerInfo
  audit: RightsAudit
}): React.JSX.Element {
  const { t } = useI18n()
  const listed = audit.files.slice(0, 50)
  const list = listed
    .map((f) => `- ${f.path} (${f.owner}:${f.group}, ${(f.mode & 0o7777).toString(8)})`)
    .join('\n')
  const more = audit.files.length - listed.length
  return (
    <HostRequest
      subject={t('rights.request.subject', { server: server.name })}
      body={t('rights.request.body', {
        server: server.name,
        address: server.address,
        login: audit.login,
        root: audit.root,
        n: `${audit.files.length}${audit.truncated ? '+' : ''}`,
        list: more > 0 ? `${list}\n- … ${t('rights.request.more', { n: more })}` : list,
      })}
    />
  )
}
