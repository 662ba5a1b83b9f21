import { lazy, Suspense, useEffect, useState } from 'react'
import type { ServerInfo } from '../../../shared/api'
import { useApi } from '../api/context'
import { useI18n } from '../i18n'
import { ErrorBanner } from './ErrorBanner'

// Monaco is big: loaded with the first source shown.
const MonacoViewer = lazy(() => import('./MonacoViewer').then((m) => ({ default: m.MonacoViewer })))

/**
 * The source of a frame, read from the server, in the Monaco viewer at its line; `notes`
 * annotate lines (the cost of the calls made there, for a profiled function).
 */
export function SourcePeek({
  server,
  file,
  line,
  notes,
  onClose,
}: {
  server: ServerInfo
  file: string
  line: number
  notes?: Map<number, string>
  onClose(): void
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [text, setText] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    setText(null)
    setError(null)
    void api
      .call('files:read', { server: server.id, path: file, start: 0, length: 1 << 20 })
      .then((r) => (r.ok ? setText(r.value.text) : setError(r.error.message)))
  }, [api, server.id, file])
  return (
    <div className="source-peek" data-testid="source">
      <div className="toolbar">
        <span className="mono">
          {file}:{line}
        </span>
        <span className="spacer" />
        <button type="button" className="ghost" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      {error && <ErrorBanner message={error} />}
      {text !== null && (
        <Suspense fallback={<div className="muted">{t('common.loading')}</div>}>
          <MonacoViewer path={file} text={text} line={line} {...(notes ? { notes } : {})} />
        </Suspense>
      )}
    </div>
  )
}
