import { useI18n, type MessageKey } from '../i18n'

export const SECTIONS = [
  'timeline',
  'logs',
  'slow',
  'profiles',
  'binlogs',
  'schema',
  'http',
  'files',
  'terminal',
  'clone',
  'backups',
] as const
export type Section = (typeof SECTIONS)[number]

interface SectionTabsProps {
  section: Section
  onSelect(section: Section): void
  /** Shown at the end of the row (the clock's zone). */
  children?: React.ReactNode
}

export function SectionTabs({ section, onSelect, children }: SectionTabsProps): React.JSX.Element {
  const { t } = useI18n()
  return (
    <nav className="tabs" role="tablist">
      {SECTIONS.map((s, i) => (
        <button
          key={s}
          type="button"
          role="tab"
          aria-selected={s === section}
          className={s === section ? 'tab active' : 'tab'}
          title={i < 10 ? `Ctrl+${(i + 1) % 10}` : undefined}
          onClick={() => onSelect(s)}
        >
          {t(`section.${s}` as MessageKey)}
        </button>
      ))}
      {children}
    </nav>
  )
}
