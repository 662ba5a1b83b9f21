import type { BinlogFile } from '../../../../shared/api'
import type { ChangeEvent } from '../../../../core/binlog'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef } from 'react'
import { useClock } from '../../clock'
import { formatBytes, formatNumber, useI18n } from '../../i18n'
import { withMember } from '../../components/sets'
import { useSorted } from '../../components/sortable'

/** A row's height before it is measured (one line of text, compact padding). */
const ROW_HEIGHT = 29

/**
 * The changes found, one row each, every one reachable: only the rows in view are in the page
 * (thousands of events scroll like ten). A click opens its detail under it, a box selects it
 * for undo.
 */
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
  const { t, locale } = useI18n()
  const clock = useClock()
  // Rows keep their index in `events` (the selection is by index), sorted newest first.
  const indexed = useMemo(() => events.map((e, i) => ({ e, i })), [events])
  const sorted = useSorted(indexed, EVENT_KEYS, 'time', 'desc')
  const parent = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: sorted.rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (k) => sorted.rows[k]!.i,
  })
  // The open event's detail is under its row: brought into view when it opens.
  const openAt = open ? sorted.rows.findIndex((r) => r.e === open) : -1
  useEffect(() => {
    if (openAt >= 0) virtualizer.scrollToIndex(openAt, { align: 'auto' })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openAt])
  const items = virtualizer.getVirtualItems()
  const before = items[0]?.start ?? 0
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)
  return (
    <>
      {events.length > 0 && (
        <>
          <p className="muted small" data-testid="binlog-count">
            {events.length === 1
              ? t('binlogs.count.one')
              : t('binlogs.count', { n: formatNumber(events.length, locale) })}
          </p>
          <div className="change-scroll" ref={parent} data-testid="binlog-results">
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
              {before > 0 && <Spacer height={before} />}
              {items.map((item) => {
                const { e, i } = sorted.rows[item.index]!
                return (
                  <tbody key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
                    <ChangeRow
                      e={e}
                      selected={selected.has(i)}
                      isOpen={open === e}
                      onOpen={() => setOpen(open === e ? null : e)}
                      onToggle={() => toggle(i)}
                    />
                    {open === e && detail && (
                      <tr className="detail-row">
                        <td colSpan={8}>{detail}</td>
                      </tr>
                    )}
                  </tbody>
                )
              })}
              {after > 0 && <Spacer height={after} />}
            </table>
          </div>
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

/** One change: its time on the chosen clock, where it is, what it did. */
function ChangeRow({
  e,
  selected,
  isOpen,
  onOpen,
  onToggle,
}: {
  e: ChangeEvent
  selected: boolean
  isOpen: boolean
  onOpen: () => void
  onToggle: () => void
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  return (
    <tr className={`clickable ${isOpen ? 'selected' : ''}`} onClick={onOpen}>
      <td onClick={(ev) => ev.stopPropagation()}>
        <input
          type="checkbox"
          aria-label={t('binlogs.select', {
            pos: `${e.file ?? ''}:${e.pos ?? ''}`,
          })}
          checked={selected}
          onChange={onToggle}
        />
      </td>
      <td className="mono nowrap" title={`${clock.format(e.epoch * 1000)} · ${e.time}`}>
        {clock.wall(e.epoch * 1000)}
      </td>
      <td className="mono nowrap">
        {e.file}:{e.pos}
      </td>
      <td className="mono num" title={e.thread === null ? t('binlogs.thread.hint') : undefined}>
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
  )
}

/** The rows out of view, as one empty row of their height (the scroll bar stays true). */
function Spacer({ height }: { height: number }): React.JSX.Element {
  return (
    <tbody aria-hidden="true">
      <tr>
        <td colSpan={8} className="spacer" style={{ height }} />
      </tr>
    </tbody>
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
