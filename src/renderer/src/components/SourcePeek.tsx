import { useEffect, useMemo, useState } from 'react'
import type { ServerInfo } from '../../../shared/api'
import { useApi } from '../api/context'
import { useI18n } from '../i18n'
import { ErrorBanner } from './ErrorBanner'

/**
 * The source of a frame around its line, read from the server; `notes` annotate lines (the cost
 * of the calls made there, for a profiled function) and widen the view to reach them.
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
    void api
      .call('files:read', { server: server.id, path: file, start: 0, length: 1 << 20 })
      .then((r) => (r.ok ? setText(r.value.text) : setError(r.error.message)))
  }, [api, server.id, file])
  const lines = useMemo(() => (text ?? '').split('\n'), [text])
  const from = Math.max(0, line - 8)
  const lastNote = notes && notes.size > 0 ? Math.max(...notes.keys()) : 0
  const to = Math.min(line + 400, Math.max(line + 7, lastNote + 3))
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
        <pre className="code">
          {lines.slice(from, to).map((l, i) => {
            const note = notes?.get(from + i + 1)
            return (
              <div
                key={i}
                className={`src-line ${from + i + 1 === line ? 'hl-warn' : note ? 'has-cost' : ''}`}
              >
                <span className="gutter">{from + i + 1}</span>
                {notes && notes.size > 0 && (
                  <span className="line-cost" title={note}>
                    {note ?? ''}
                  </span>
                )}
                <span className="src-text">{l}</span>
              </div>
            )
          })}
        </pre>
      )}
    </div>
  )
}
