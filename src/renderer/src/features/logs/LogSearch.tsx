import { useState } from 'react'
import type { ServerInfo } from '../../../../shared/api'
import { useApi } from '../../api/context'
import { useJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { VirtualLines } from '../../components/VirtualLines'
import { useI18n } from '../../i18n'

/** A log and all its rotations searched on the server (zgrep): nothing big is downloaded. */
export function LogSearch({
  server,
  path,
}: {
  server: ServerInfo
  path: string
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [pattern, setPattern] = useState('')
  const [regex, setRegex] = useState(false)
  const [ignoreCase, setIgnoreCase] = useState(false)
  const [job, setJob] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const run = useJob(job, 'logs:search')
  const search = async (): Promise<void> => {
    if (!pattern) return
    setError(null)
    const r = await api.call('logs:search', {
      server: server.id,
      path,
      pattern,
      fixed: !regex,
      ignoreCase,
    })
    if (r.ok) setJob(r.value.job)
    else setError(r.error.message)
  }
  return (
    <div className="log-search">
      <form
        className="finder explore-filters"
        onSubmit={(e) => {
          e.preventDefault()
          void search()
        }}
      >
        <input
          className="filter grow"
          aria-label={t('logsearch.pattern')}
          placeholder={t('logsearch.pattern')}
          value={pattern}
          onChange={(e) => setPattern(e.target.value)}
        />
        <label className="inline">
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} />
          {t('logsearch.regex')}
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={ignoreCase}
            onChange={(e) => setIgnoreCase(e.target.checked)}
          />
          {t('logsearch.ignoreCase')}
        </label>
        {job && run.state === 'running' ? (
          <button type="button" onClick={() => void api.call('jobs:cancel', { job })}>
            {t('common.cancel')}
          </button>
        ) : (
          <button
            type="submit"
            className="primary"
            disabled={!pattern}
            title={pattern ? undefined : t('logsearch.empty')}
          >
            {t('logsearch.run')}
          </button>
        )}
        {job && (
          <span className="muted" data-testid="search-count">
            {run.state === 'running'
              ? t('logsearch.running', { n: run.records.length })
              : t('logsearch.found', { n: run.records.length })}
          </span>
        )}
      </form>
      {(error ?? run.error?.message) && <ErrorBanner message={(error ?? run.error?.message)!} />}
      <VirtualLines
        count={run.records.length}
        line={(i) => run.records[i]!}
        stickToBottom={false}
        label={t('logsearch.results')}
      />
    </div>
  )
}
