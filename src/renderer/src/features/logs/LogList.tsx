import { useClock } from '../../clock'
import type { LogFile } from '../../../../shared/api'
import { formatBytes, useI18n } from '../../i18n'

interface LogListProps {
  logs: LogFile[]
  selected: string | null
  onSelect(path: string): void
}

/** Logs grouped by folder, live files first, with size and time. */
export function LogList({ logs, selected, onSelect }: LogListProps): React.JSX.Element {
  const { locale, t } = useI18n()
  const clock = useClock()
  const groups = new Map<string, LogFile[]>()
  for (const l of logs) {
    const dir = l.path.slice(0, l.path.lastIndexOf('/'))
    groups.set(dir, [...(groups.get(dir) ?? []), l])
  }
  return (
    <div className="filelist" role="listbox" aria-label="logs">
      {[...groups].map(([dir, files]) => (
        <div key={dir} className="group">
          <div className="group-title">{dir}</div>
          {files.map((f) => (
            <button
              key={f.path}
              type="button"
              role="option"
              aria-selected={f.path === selected}
              className={`fileitem ${f.path === selected ? 'selected' : ''} ${f.rotation > 0 ? 'rotated' : ''}`}
              onClick={() => onSelect(f.path)}
              title={`${f.path} — ${clock.format(f.mtimeMs)}`}
            >
              <span className="fname">{f.name}</span>
              <span className="fmeta">
                {f.compressed ? `${t('logs.compressed')} · ` : ''}
                {formatBytes(f.size, locale)}
              </span>
            </button>
          ))}
        </div>
      ))}
    </div>
  )
}
