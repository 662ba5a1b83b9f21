// A request to the host, prepared with the facts the workbench measured: shown, copied, or opened
// in the mail client (mailto:) to the support address of the settings. Nothing is sent by the
// workbench itself.
import { useState } from 'react'
import { useCall } from '../api/context'
import { useI18n } from '../i18n'

export function HostRequest({
  subject,
  body,
  to: given,
}: {
  subject: string
  body: string
  /** The host's support address; the one of the settings when not given. */
  to?: string
}): React.JSX.Element {
  const { t } = useI18n()
  const [settings] = useCall('settings:get', given === undefined ? {} : null, 'settings')
  const to = given ?? (settings.status === 'ok' ? (settings.value.supportEmail ?? '') : '')
  const [copied, setCopied] = useState(false)
  const mail = `mailto:${encodeURIComponent(to)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`
  return (
    <div className="host-request" data-testid="host-request">
      <p className="small">
        <strong>{t('request.subject')}</strong> {subject}
      </p>
      <textarea readOnly value={body} rows={Math.min(16, body.split('\n').length + 1)} />
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard
              .writeText(`${t('request.subject')} ${subject}\n\n${body}`)
              .then(() => setCopied(true))
          }
        >
          {t(copied ? 'request.copied' : 'request.copy')}
        </button>
        <a className="button" href={mail}>
          {t('request.mail')}
        </a>
        {!to && <span className="muted small">{t('request.noAddress')}</span>}
      </div>
    </div>
  )
}
