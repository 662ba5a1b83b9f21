import { useClock } from '../clock'
import type { Section } from './SectionTabs'
import { useMoment } from '../moment'
import { useI18n } from '../i18n'

const GO: [Section, 'section.logs' | 'section.slow' | 'section.binlogs'][] = [
  ['logs', 'section.logs'],
  ['slow', 'section.slow'],
  ['binlogs', 'section.binlogs'],
]

/** The picked moment, and the views that open at it. */
export function MomentBar({ section }: { section: Section }): React.JSX.Element | null {
  const { t } = useI18n()
  const { moment, setMoment, open } = useMoment()
  const clock = useClock()
  if (moment === null) return null
  return (
    <div className="moment-bar" role="region" aria-label={t('moment.label')} data-testid="moment">
      <span>
        {t('moment.at')} <strong className="mono">{clock.format(moment)}</strong>
      </span>
      {GO.filter(([s]) => s !== section).map(([s, label]) => (
        <button key={s} type="button" onClick={() => open(s)}>
          {t('moment.open', { view: t(label) })}
        </button>
      ))}
      <button type="button" className="link" onClick={() => setMoment(null)}>
        {t('moment.clear')}
      </button>
    </div>
  )
}
