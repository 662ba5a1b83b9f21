import { useClock } from '../../clock'
import { useEffect, useState } from 'react'
import type { AtRiskChanges, ServerInfo } from '../../../../shared/api'
import { useApi } from '../../api/context'
import { useJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FileTable } from '../../components/FileTable'
import { Modal } from '../../components/Modal'
import { useI18n } from '../../i18n'

/** Files changed on a preprod copy since its rebuild, saved in one click before the next one. */
export function PreprodDialog({
  server,
  onClose,
}: {
  server: ServerInfo
  onClose(): void
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const clock = useClock()
  const [scan, setScan] = useState<AtRiskChanges | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [save, setSave] = useState<{ job: string; to: string } | null>(null)
  const run = useJob(save?.job ?? null, 'preprod:save')

  useEffect(() => {
    void api
      .call('preprod:changes', { server: server.id })
      .then((r) => (r.ok ? setScan(r.value) : setError(r.error.message)))
  }, [api, server.id])

  const saveAll = async (): Promise<void> => {
    if (!scan) return
    const r = await api.call('preprod:save', {
      server: server.id,
      paths: scan.files.map((f) => f.path),
    })
    if (r.ok) setSave(r.value)
    else setError(r.error.message)
  }

  return (
    <Modal title={t('preprod.title')} onClose={onClose}>
      {!scan && !error && <p>{t('common.loading')}</p>}
      {error && <ErrorBanner message={error} />}
      {scan && (
        <>
          <p data-testid="preprod-summary">
            {t(scan.files.length === 0 ? 'preprod.none' : 'preprod.some', {
              n: `${scan.files.length}${scan.truncated ? '+' : ''}`,
              since: clock.format(scan.rebuiltAt),
              scanned: scan.scanned,
            })}
          </p>
          {scan.files.length > 0 && (
            <div className="audit">
              <FileTable
                compact
                label={t('preprod.title')}
                rows={scan.files.map((f) => ({
                  key: f.path,
                  name: f.path.slice(scan.root.length + 1),
                  size: f.size,
                  mtimeMs: f.mtimeMs,
                }))}
              />
            </div>
          )}
          {save && (
            <p className="muted" data-testid="preprod-save">
              {run.state === 'done'
                ? t('preprod.saved', { to: save.to })
                : run.progress
                  ? `${run.progress.done} / ${run.progress.total}`
                  : t('common.loading')}
            </p>
          )}
          {run.error && <ErrorBanner message={run.error.message} />}
        </>
      )}
      <div className="actions">
        <button type="button" className="ghost" onClick={onClose}>
          {t('common.close')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!scan || scan.files.length === 0 || (save !== null && run.state === 'running')}
          onClick={() => void saveAll()}
        >
          {t('preprod.saveAll')}
        </button>
      </div>
    </Modal>
  )
}
