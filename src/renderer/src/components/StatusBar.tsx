import type { AppInfo, ServerInfo } from '../../../shared/api'
import { useI18n, type MessageKey } from '../i18n'

interface StatusBarProps {
  server: ServerInfo | null
  serviceUp: boolean
  jobs: number
  info: AppInfo | null
}

export function StatusBar({ server, serviceUp, jobs, info }: StatusBarProps): React.JSX.Element {
  const { t } = useI18n()
  return (
    <footer className="statusbar" role="status">
      {server && (
        <span className="status-item" data-testid="connection-state">
          <span className={`dot ${server.state}`} aria-hidden /> {server.name} —{' '}
          {t(`state.${server.state}` as MessageKey)}
        </span>
      )}
      <span className={`status-item ${serviceUp ? '' : 'warn'}`}>
        {serviceUp ? t('status.service.up') : t('status.service.down')}
      </span>
      {jobs > 0 && <span className="status-item busy">{t('status.jobs', { n: jobs })}</span>}
      <span className="spacer" />
      {info && (
        <span className="status-item muted">
          v{info.version} · {info.transport}
        </span>
      )}
    </footer>
  )
}
