import { useClock } from '../clock'
import type { ReactNode } from 'react'
import { formatBytes, useI18n } from '../i18n'
import { useRowLimit } from './RowLimit'

export interface FileRow {
  key: string
  name: ReactNode
  size: number
  mtimeMs: number
  /** An optional first column (e.g. the profiled request). */
  lead?: ReactNode
}

interface FileTableProps {
  rows: FileRow[]
  label: string
  leadHeader?: string
  compact?: boolean
}

/** Files with name, size and modification time: the table several screens share. */
export function FileTable({ rows, label, leadHeader, compact }: FileTableProps): React.JSX.Element {
  const { t, locale } = useI18n()
  const limit = useRowLimit(rows, 500)
  const clock = useClock()
  return (
    <>
      <table className={compact ? 'table compact' : 'table'} aria-label={label}>
        <thead>
          <tr>
            {leadHeader && <th>{leadHeader}</th>}
            <th>{t('common.name')}</th>
            <th className="num">{t('common.size')}</th>
            <th>{`${t('common.modified')} (${clock.zoneShort})`}</th>
          </tr>
        </thead>
        <tbody>
          {limit.shown.map((r) => (
            <tr key={r.key}>
              {leadHeader && <td className="mono">{r.lead}</td>}
              <td className={leadHeader ? 'mono muted' : 'mono'}>{r.name}</td>
              <td className="num">{formatBytes(r.size, locale)}</td>
              <td className="mono nowrap">{clock.wall(r.mtimeMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {limit.footer}
    </>
  )
}
