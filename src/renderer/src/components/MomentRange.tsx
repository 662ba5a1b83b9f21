import { useClock } from '../clock'
import { useState } from 'react'
import { useI18n } from '../i18n'
import { useMoment } from '../moment'

export type TimeRange = [number, number] | null

/** Whether the moment falls within `aroundMs` of what was read (`first` to `last`). */
export function momentWithin(
  moment: number,
  first: number | null,
  last: number | null,
  aroundMs: number,
): boolean {
  return first !== null && last !== null && moment >= first - aroundMs && moment <= last + aroundMs
}

/**
 * The time range an explorer keeps: opened at the shared moment (`aroundMs` either side of it)
 * when the moment falls in what was read, else none.
 */
export function useMomentRange(
  first: number | null,
  last: number | null,
  aroundMs: number,
): [TimeRange, (r: TimeRange) => void] {
  const { moment } = useMoment()
  return useState<TimeRange>(() =>
    moment !== null && momentWithin(moment, first, last, aroundMs)
      ? [moment - aroundMs, moment + aroundMs]
      : null,
  )
}

/** Clear the kept time range; make its start the shared moment (unless the moment is in it). */
export function RangeButtons({
  range,
  onClear,
}: {
  range: TimeRange
  onClear(): void
}): React.JSX.Element | null {
  const { t } = useI18n()
  const { moment, setMoment } = useMoment()
  const clock = useClock()
  if (!range) return null
  return (
    <>
      <button type="button" className="ghost" onClick={onClear}>
        {t('explore.clearTime', { from: clock.format(range[0]) })}
      </button>
      {(moment === null || moment < range[0] || moment >= range[1]) && (
        <button type="button" className="ghost" onClick={() => setMoment(range[0])}>
          {t('moment.set')}
        </button>
      )}
    </>
  )
}
