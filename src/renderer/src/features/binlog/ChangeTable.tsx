import type { BinlogFile } from '../../../../shared/api'
import type { ChangeEvent } from '../../../../core/binlog'
import { Fragment, useMemo } from 'react'
import { useClock } from '../../clock'
import { formatBytes, useI18n } from '../../i18n'
import { useRowLimit } from '../../components/RowLimit'
import { withMember } from '../../components/sets'
import { useSorted } from '../../components/sortable'

/** The changes found, one row each: a click opens its detail, a box selects it for undo. */
export function ChangeTable({
  events,
  selected,
  setSelected,
  open,
  setOpen,
  toggle,
  detail,
}: {
  events: ChangeEvent[]
  selected: Set<number>
  setSelected: React.Dispatch<React.SetStateAction<Set<number>>>
  open: ChangeEvent | null
  setOpen: React.Dispatch<React.SetStateAction<ChangeEvent | null>>
  toggle: (i: number) => void
  /** The open event's detail, shown right under its row. */
  detail?: React.ReactNode
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  // Rows keep their index in `events` (the selection is by index), sorted newest first.
  const indexed = useMemo(() => events.map((e, i) => ({ e, i })), [events])
  const sorted = useSorted(indexed, EVENT_KEYS, 'time', 'desc')
  const limit = useRowLimit(sorted.rows, 200, 'binlog-results-limit')
  return (
    <>
      {events.length > 0 && (
        <>
          <table className="table compact change-table" aria-label={t('binlogs.results')}>
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
                {sorted.head('time', `${t('binlogs.time')} (${clock.zoneShort})`)}
                {sorted.head('position', t('binlogs.position'))}
                {sorted.head('thread', 'thread', { num: true, title: t('binlogs.thread.hint') })}
                {sorted.head('type', t('binlogs.type'))}
                {sorted.head('table', t('binlogs.tableCol'))}
                {sorted.head('rows', t('binlogs.rows'), { num: true })}
                <th>SQL</th>
              </tr>
            </thead>
            <tbody>
              {limit.shown.map(({ e, i }) => (
                <Fragment key={i}>
                  <tr
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
                    <td
                      className="mono nowrap"
                      title={`${clock.format(e.epoch * 1000)} · ${e.time}`}
                    >
                      {clock.wall(e.epoch * 1000)}
                    </td>
                    <td className="mono nowrap">
                      {e.file}:{e.pos}
                    </td>
                    <td
                      className="mono num"
                      title={e.thread === null ? t('binlogs.thread.hint') : undefined}
                    >
                      {e.thread ?? '—'}
                    </td>
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
                  {open === e && detail && (
                    <tr className="detail-row">
                      <td colSpan={8}>{detail}</td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
          {limit.footer}
          {events.some((e) => e.thread === null) && (
            <p className="muted small" data-testid="thread-hint">
              {t('binlogs.thread.hint')}
            </p>
          )}
        </>
      )}
    </>
  )
}

type Indexed = { e: ChangeEvent; i: number }
const EVENT_KEYS = {
  // The binlog order breaks ties of one second: file, then position.
  time: (r: Indexed) => r.e.epoch * 1e6 + r.i,
  position: (r: Indexed) => `${r.e.file ?? ''}:${String(r.e.pos ?? 0).padStart(12, '0')}`,
  thread: (r: Indexed) => r.e.thread ?? -1,
  type: (r: Indexed) => r.e.type,
  table: (r: Indexed) => `${r.e.db}.${r.e.table}`,
  rows: (r: Indexed) => r.e.rows.length,
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
  const clock = useClock()
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
                ? t('binlogs.span', {
                    first: clock.wall(l.first * 1000),
                    last: clock.format(l.last * 1000),
                  })
                : clock.format(l.mtimeMs)}
            </span>
          </label>
        ))}
      </div>
    </>
  )
}
