import type { ReactNode } from 'react'
import type { CallState } from '../api/context'
import { useI18n } from '../i18n'
import { ErrorBanner } from './ErrorBanner'

interface LoadableProps<T> {
  state: CallState<T>
  reload(): void
  children(value: T): ReactNode
}

/** The designed loading and error states around a call's result. */
export function Loadable<T>({ state, reload, children }: LoadableProps<T>): React.JSX.Element {
  const { t } = useI18n()
  if (state.status === 'loading') return <div className="empty">{t('common.loading')}</div>
  if (state.status === 'error')
    return <ErrorBanner message={state.error.message} onRetry={reload} />
  return <>{children(state.value)}</>
}
