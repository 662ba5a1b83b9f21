// A form's submit button while nothing runs; while its job runs, what it has done so far and a
// Cancel that stops the job on the service.
import { useApi } from '../api/context'
import { useI18n } from '../i18n'

export function RunOrCancel({
  job,
  running,
  label,
  progress,
  testId,
}: {
  job: string | null
  running: boolean
  label: string
  /** What the job has done so far (hops found, seconds waited). */
  progress: string
  testId: string
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  if (!running || job === null)
    return (
      <button type="submit" className="primary">
        {label}
      </button>
    )
  return (
    <>
      <span className="muted small" data-testid={testId}>
        {progress}
      </span>
      <button type="button" onClick={() => void api.call('jobs:cancel', { job })}>
        {t('common.cancel')}
      </button>
    </>
  )
}
