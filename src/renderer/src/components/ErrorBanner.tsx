import { useI18n } from '../i18n'

interface ErrorBannerProps {
  message: string
  onRetry?: () => void
  onClose?: () => void
}

export function ErrorBanner({ message, onRetry, onClose }: ErrorBannerProps): React.JSX.Element {
  const { t } = useI18n()
  return (
    <div className="banner error" role="alert">
      <span className="banner-text">{message}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
      {onClose && (
        <button type="button" className="ghost" aria-label="close" onClick={onClose}>
          ×
        </button>
      )}
    </div>
  )
}
