import { useCallback, useEffect, useState, type ReactNode } from 'react'
import type { ApiError, ServerInfo } from '../../../../shared/api'
import { useApi } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Modal } from '../../components/Modal'
import { useI18n } from '../../i18n'

interface ServerGateProps {
  server: ServerInfo
  onChanged(server: ServerInfo): void
  children: ReactNode
}

/**
 * Connects an SSH server before its sections show: asks to trust an unknown host key, refuses a
 * changed one loudly, and says why anything else failed. The demo passes straight through.
 */
export function ServerGate({ server, onChanged, children }: ServerGateProps): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)

  const connect = useCallback(async () => {
    setBusy(true)
    setError(null)
    const r = await api.call('servers:connect', { server: server.id })
    setBusy(false)
    if (r.ok) onChanged(r.value)
    else setError(r.error)
  }, [api, server.id, onChanged])

  const needed = server.kind === 'ssh' && server.state !== 'connected'
  const [attempted, setAttempted] = useState(false)
  // Connect once when the server is opened; after that, reconnecting is the user's call
  // (the connection itself retries after a drop).
  useEffect(() => {
    if (needed && !attempted) {
      setAttempted(true)
      void connect()
    }
  }, [needed, attempted, connect])

  const trust = async (replace: boolean): Promise<void> => {
    if (!error?.details?.fingerprint) return
    const r = await api.call('servers:trust', {
      server: server.id,
      fingerprint: error.details.fingerprint,
      ...(error.details.host ? { host: error.details.host, port: Number(error.details.port) } : {}),
      replace,
    })
    if (r.ok) void connect()
    else setError(r.error)
  }

  if (!needed) return <>{children}</>
  if (error?.code === 'HOST_KEY_UNKNOWN') {
    return (
      <Modal title={t('trust.title')} onClose={() => setError({ ...error, code: 'CANCELLED' })}>
        <p>{t('trust.unknown', { where: `${error.details?.host}:${error.details?.port}` })}</p>
        <p className="fingerprint" data-testid="fingerprint">
          {error.details?.fingerprint}
        </p>
        <p className="muted">{t('trust.how')}</p>
        <div className="actions">
          <button
            type="button"
            className="ghost"
            onClick={() => setError({ ...error, code: 'CANCELLED' })}
          >
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void trust(false)}>
            {t('trust.accept')}
          </button>
        </div>
      </Modal>
    )
  }
  if (error?.code === 'HOST_KEY_CHANGED')
    return <ChangedKey error={error} name={server.name} onReplace={() => void trust(true)} />
  return (
    <div className="empty">
      {error ? (
        <ErrorBanner
          message={error.code === 'CANCELLED' ? t('trust.cancelled') : error.message}
          onRetry={() => void connect()}
        />
      ) : busy || server.state === 'connecting' ? (
        <p>{t('state.connecting')}</p>
      ) : (
        <p>
          {t('state.disconnected')}{' '}
          <button type="button" className="primary" onClick={() => void connect()}>
            {t('server.connect')}
          </button>
        </p>
      )}
    </div>
  )
}

function ChangedKey({
  error,
  name,
  onReplace,
}: {
  error: ApiError
  name: string
  onReplace(): void
}): React.JSX.Element {
  const { t } = useI18n()
  const [typed, setTyped] = useState('')
  return (
    <div className="changed-key" role="alert">
      <h2>{t('trust.changed.title')}</h2>
      <p>{error.message}</p>
      <dl>
        <dt>{t('trust.changed.stored')}</dt>
        <dd className="fingerprint">{error.details?.expected}</dd>
        <dt>{t('trust.changed.presented')}</dt>
        <dd className="fingerprint">{error.details?.fingerprint}</dd>
      </dl>
      <label>
        {t('trust.changed.confirm', { name })}
        <input value={typed} onChange={(e) => setTyped(e.target.value)} />
      </label>
      <button type="button" className="danger" disabled={typed !== name} onClick={onReplace}>
        {t('trust.changed.replace')}
      </button>
    </div>
  )
}
