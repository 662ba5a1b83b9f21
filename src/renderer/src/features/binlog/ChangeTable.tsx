import type { BinlogFile } from '../../../../shared/api'
import type { ChangeEvent } from '../../../../core/binlog'
import { formatBytes, formatTime, useI18n } from '../../i18n'
import { withMember } from '../../components/sets'

/** The changes found, one row each: a click opens its detail, a box selects it for undo. */
export function ChangeTable({
  events,
  selected,
  setSelected,
  open,
  setOpen,
  toggle,
  offsetMin,
}: {
  events: ChangeEvent[]
  selected: Set<number>
  setSelected: React.Dispatch<React.SetStateAction<Set<number>>>
  open: ChangeEvent | null
  setOpen: React.Dispatch<React.SetStateAction<ChangeEvent | null>>
  toggle: (i: number) => void
  offsetMin: number | null
}): React.JSX.Element {
  const { t } = useI18n()
  return (
    <>
      {events.length > 0 && (
        <table className="table compact" aria-label={t('binlogs.results')}>
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label={t('binlogs.selectAll')}
                  checked={selected.size === events.length}
                  onChange={(e) =>
                    setSelected(e.target.checked ? new Set(events.keys()) : new Set())
                  }
                />
              </th>
              <th>{t('binlogs.time')}</th>
              <th>{t('binlogs.position')}</th>
              <th>thread</th>
              <th>{t('binlogs.type')}</th>
              <th>{t('binlogs.tableCol')}</th>
              <th className="num">{t('binlogs.rows')}</th>
              <th>SQL</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr
                key={i}
                className={`clickable ${open === e ? 'selected' : ''}`}
                onClick={() => setOpen(open === e ? null : e)}
              >
                <td onClick={(ev) => ev.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={t('binlogs.select', {
                      pos: `${e.file ?? ''}:${e.pos ?? ''}`,
                    })}
                    checked={selected.has(i)}
                    onChange={() => toggle(i)}
                  />
                </td>
                <td className="mono">
                  {e.time.replace('T', ' ').replace('Z', ' UTC')}
                  {offsetMin !== null && offsetMin !== 0 && (
                    <div className="muted">{serverTime(e.epoch, offsetMin)}</div>
                  )}
                </td>
                <td className="mono">
                  {e.file}:{e.pos}
                </td>
                <td className="mono">{e.thread ?? '—'}</td>
                <td>{e.type.toUpperCase()}</td>
                <td className="mono">
                  {e.db}.{e.table}
                </td>
                <td className="num">
                  {e.rows.length}
                  {e.part !== undefined && (
                    <span className="muted"> · {t('binlogs.part', { n: e.part })}</span>
                  )}
                </td>
                <td className="mono ellipsis">{e.sql}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}

/** The binary logs with their sizes and first and last event times; the ones ticked are searched. */
export function BinlogFiles({
  logs,
  picked,
  setPicked,
}: {
  logs: BinlogFile[]
  picked: Set<string>
  setPicked: React.Dispatch<React.SetStateAction<Set<string>>>
}): React.JSX.Element {
  const { locale, t } = useI18n()
  return (
    <>
      <div className="binlog-files">
        {logs.map((l) => (
          <label key={l.path} className="inline">
            <input
              type="checkbox"
              checked={picked.has(l.path)}
              onChange={(e) => setPicked(withMember(picked, l.path, e.target.checked))}
            />
            <span className="mono">{l.name}</span>
            <span className="muted" data-testid="binlog-span">
              {formatBytes(l.size, locale)} ·{' '}
              {l.first !== null && l.last !== null
                ? t('binlogs.span', { first: utc(l.first), last: utc(l.last) })
                : formatTime(l.mtimeMs, locale)}
            </span>
          </label>
        ))}
      </div>
    </>
  )
}

/** An event's second in the server's zone: `2026-11-28 14:22:07 (+01:00)`. */
export function serverTime(epoch: number, offsetMin: number): string {
  const local = new Date((epoch + offsetMin * 60) * 1000).toISOString().slice(0, 19)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
  return `${local.replace('T', ' ')} (${zone})`
}

/** Epoch seconds → `2026-11-28 13:20:06` (UTC, as mysqlbinlog run with TZ=UTC prints it). */
export const utc = (epoch: number): string =>
  new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ')
