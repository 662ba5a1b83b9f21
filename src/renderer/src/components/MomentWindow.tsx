import { useState } from 'react'
import type { ApiError, LogWindow } from '../../../shared/api'
import { useApi } from '../api/context'
import { useClock } from '../clock'
import { formatBytes, formatDuration, formatNumber, useI18n } from '../i18n'
import { ErrorBanner } from './ErrorBanner'
import { VirtualLines } from './VirtualLines'

/**
 * The lines a log wrote in the 5 minutes from a moment, found in the whole file by bisection
 * (issue #20): for a moment older than the lines the tail loaded. Says what finding them cost.
 */
export function MomentWindow({
  server,
  path,
  moment,
}: {
  server: string
  path: string
  moment: number
}): React.JSX.Element {
  const api = useApi()
  const { t, locale } = useI18n()
  const clock = useClock()
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'busy' }
    | { kind: 'done'; w: LogWindow }
    | { kind: 'error'; e: ApiError }
  >({ kind: 'idle' })
  const find = async (): Promise<void> => {
    setState({ kind: 'busy' })
    const r = await api.call('logs:window', { server, path, at: moment, minutes: 5 })
    setState(r.ok ? { kind: 'done', w: r.value } : { kind: 'error', e: r.error })
  }
  if (state.kind === 'idle' || state.kind === 'busy')
    return (
      <button type="button" disabled={state.kind === 'busy'} onClick={() => void find()}>
        {state.kind === 'busy' ? t('window.finding') : t('window.find')}
      </button>
    )
  if (state.kind === 'error') return <ErrorBanner message={state.e.message} />
  const w = state.w
  const found = t('window.found', {
    n: formatNumber(w.lines.length, locale),
    from: clock.format(Date.parse(w.from)),
    reads: formatNumber(w.reads, locale),
    bytes: formatBytes(w.bytesRead, locale),
    time: formatDuration(w.ms, locale),
  })
  return (
    <div className="moment-window" data-testid="moment-window">
      <p className="muted small">
        {w.noTime
          ? t('moment.noTime')
          : w.outside
            ? t(w.outside === 'before' ? 'window.before' : 'window.after')
            : found}
        {w.truncated ? ` ${t('window.truncated')}` : ''}
      </p>
      {w.lines.length > 0 && (
        <VirtualLines
          count={w.lines.length}
          line={(i) => w.lines[i]!}
          stickToBottom={false}
          label={`${path} @ ${w.from}`}
          focus={0}
        />
      )}
    </div>
  )
}
