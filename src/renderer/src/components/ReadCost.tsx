import type { ReadCost as Cost } from '../../../shared/logs'
import { formatBytes, formatDuration, formatNumber, useI18n } from '../i18n'

/**
 * What a remote read cost: its bytes, those that crossed the wire (and the ratio when they were
 * compressed), the time and the throughput. Nothing for a local file (the demo).
 */
export function ReadCostNote({ cost }: { cost: Cost | undefined }): React.JSX.Element | null {
  const { t, locale } = useI18n()
  if (!cost) return null
  const ratio = cost.wireBytes > 0 ? cost.bytes / cost.wireBytes : 1
  return (
    <span className="muted small read-cost" data-testid="read-cost">
      {t(`cost.${cost.method}`, {
        bytes: formatBytes(cost.bytes, locale),
        wire: formatBytes(cost.wireBytes, locale),
        ratio: formatNumber(ratio, locale, 1),
        time: formatDuration(cost.ms, locale),
        rate: formatBytes((cost.bytes / Math.max(1, cost.ms)) * 1000, locale),
      })}
    </span>
  )
}
