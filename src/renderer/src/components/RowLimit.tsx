// A long list is never cut silently: the first rows are drawn, and a line under them says how
// many of how many are shown, with buttons for the next ones and for all of them.
import { useState } from 'react'
import { formatNumber, useI18n } from '../i18n'

export interface RowLimit<T> {
  shown: readonly T[]
  /** The "N of M" line with its buttons, or null when every row is shown. */
  footer: React.JSX.Element | null
}

export function useRowLimit<T>(rows: readonly T[], step: number, testId?: string): RowLimit<T> {
  const { t, locale } = useI18n()
  const [limit, setLimit] = useState(step)
  if (rows.length <= limit) return { shown: rows, footer: null }
  const more = Math.min(step, rows.length - limit)
  return {
    shown: rows.slice(0, limit),
    footer: (
      <div className="row-limit muted small" data-testid={testId ?? 'row-limit'} role="status">
        <span>
          {t('rows.shown', {
            n: formatNumber(limit, locale),
            total: formatNumber(rows.length, locale),
          })}
        </span>
        <button type="button" className="ghost" onClick={() => setLimit(limit + more)}>
          {t('rows.more', { n: formatNumber(more, locale) })}
        </button>
        <button type="button" className="ghost" onClick={() => setLimit(rows.length)}>
          {t('rows.all', { total: formatNumber(rows.length, locale) })}
        </button>
      </div>
    ),
  }
}
