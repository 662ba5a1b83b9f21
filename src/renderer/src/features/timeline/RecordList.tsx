import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import type { TimelineJump, TimelineRecord } from '../../../../shared/api'
import { recordWhat } from '../../../../core/timeline'
import type { Section } from '../../components/SectionTabs'
import { useClock } from '../../clock'
import { useI18n, type MessageKey } from '../../i18n'
import { useMoment } from '../../moment'
import { severity } from './severity'
import type { RowsView } from './rows'

const ROW_HEIGHT = 24

/** Where a record's own screen is, and how the button says it. */
const OPEN: Record<TimelineRecord['kind'], [Section, MessageKey]> = {
  access: ['logs', 'timeline.open.logs'],
  error: ['logs', 'timeline.open.logs'],
  slow: ['slow', 'timeline.open.slow'],
  binlog: ['binlogs', 'timeline.open.binlogs'],
  integrity: ['schema', 'timeline.open.schema'],
}

/** A record marked for the report: the record itself (kept here: the list shows pages), a note. */
export interface Mark {
  record: TimelineRecord
  note: string
}

/** What the user did to the records, by id (their place in the timeline). */
export interface RecordListState {
  /** Folded open. */
  open: ReadonlySet<number>
  setOpen(next: Set<number>): void
  /** Marked for the report, with the user's note on each ('' for none). */
  marks: ReadonlyMap<number, Mark>
  setMarks(next: Map<number, Mark>): void
}

/** The keys that move to the next record of a sort (j/k: any; e: errors; 5: 5xx; w: writes; s: slow). */
const KEYS: Record<string, [TimelineJump, boolean]> = {
  j: ['any', false],
  k: ['any', true],
  e: ['error', false],
  E: ['error', true],
  '5': ['5xx', false],
  w: ['write', false],
  s: ['slow', false],
}

/**
 * The merged records the filter keeps, one row each and all reachable: the rows in view are
 * asked from main a page at a time. A click or Enter folds a record's lines open; keys jump to
 * the next error, 5xx, write or slow request (found in main, among all of them); a box marks it
 * for the report.
 */
export function RecordList({
  rows,
  jump,
  labels,
  colors,
  current,
  setCurrent,
  state,
}: {
  rows: RowsView & { total: number }
  /** The place of the next record of a sort, among those kept (-1: none). */
  jump(from: number, to: TimelineJump, backwards: boolean): Promise<number>
  labels: Map<string, string>
  colors: Map<string, string>
  /** The current row's place among those kept (-1: none). */
  current: number
  setCurrent(i: number): void
  state: RecordListState
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const parent = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.total,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    getItemKey: (k) => rows.row(k)?.id ?? `place-${k}`,
  })
  useEffect(() => {
    if (current >= 0) virtualizer.scrollToIndex(current, { align: 'auto' })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current])
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? 0
  useEffect(() => rows.ensure(first, last), [rows, first, last])
  const toggle = (id: number): void => {
    const next = new Set(state.open)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    state.setOpen(next)
  }
  const onKey = listKeys(rows, current, setCurrent, jump, toggle)
  return (
    <div
      className="timeline-scroll"
      ref={parent}
      tabIndex={0}
      role="list"
      aria-label={t('timeline.records')}
      data-testid="timeline-records"
      onKeyDown={onKey}
    >
      <div className="timeline-head" role="presentation">
        <span>{t('timeline.source')}</span>
        <span>{t('timeline.time', { zone: clock.zoneShort })}</span>
        <span>{t('timeline.what')}</span>
        <span>{t('timeline.text')}</span>
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const r = rows.row(item.index)
          if (!r) return <PendingRow key={item.key} start={item.start} />
          const id = r.id
          return (
            <RecordRow
              key={item.key}
              r={r}
              index={item.index}
              start={item.start}
              measure={virtualizer.measureElement}
              current={item.index === current}
              isOpen={state.open.has(id)}
              mark={state.marks.get(id)?.note}
              setMark={(note) => {
                const next = new Map(state.marks)
                if (note === null) next.delete(id)
                else {
                  const { id: _id, ...record } = r
                  next.set(id, { record, note })
                }
                state.setMarks(next)
              }}
              label={labels.get(r.source)}
              color={colors.get(r.source)}
              onClick={() => {
                setCurrent(item.index)
                toggle(id)
              }}
            />
          )
        })}
      </div>
    </div>
  )
}

/** A row whose page is being asked. */
function PendingRow({ start }: { start: number }): React.JSX.Element {
  return (
    <div
      className="timeline-row pending"
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        transform: `translateY(${start}px)`,
      }}
    />
  )
}

/** Enter folds the current record; j/k move by one; e, E, 5, w, s jump (found in main). */
function listKeys(
  rows: RowsView & { total: number },
  current: number,
  setCurrent: (i: number) => void,
  jump: (from: number, to: TimelineJump, backwards: boolean) => Promise<number>,
  toggle: (id: number) => void,
): (e: React.KeyboardEvent) => void {
  return (e) => {
    if (e.target !== e.currentTarget) return // typing a note
    if (e.key === 'Enter' && current >= 0) {
      const r = rows.row(current)
      if (r) toggle(r.id)
      e.preventDefault()
      return
    }
    const key = KEYS[e.key]
    if (!key || e.ctrlKey || e.metaKey || e.altKey) return
    e.preventDefault()
    const [to, backwards] = key
    if (to === 'any') {
      const next = current + (backwards ? -1 : 1)
      if (next >= 0 && next < rows.total) setCurrent(next)
      return
    }
    void jump(current, to, backwards).then((i) => i >= 0 && setCurrent(i))
  }
}

function RecordRow({
  r,
  index,
  start,
  measure,
  current,
  isOpen,
  mark,
  setMark,
  label: name,
  color,
  onClick,
}: {
  r: TimelineRecord
  index: number
  start: number
  measure: (el: Element | null) => void
  current: boolean
  isOpen: boolean
  /** Marked for the report, with its note; undefined when not. */
  mark: string | undefined
  setMark(note: string | null): void
  label: string | undefined
  color: string | undefined
  onClick(): void
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const { setMoment, setFocus, open: openSection } = useMoment()
  const sev = severity(r)
  const [section, label] = OPEN[r.kind]
  return (
    <div
      data-index={index}
      ref={measure}
      role="listitem"
      className={`timeline-row${current ? ' current' : ''}${sev ? ` sev-${sev}` : ''}`}
      data-kind={r.kind}
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        transform: `translateY(${start}px)`,
      }}
    >
      <div className="timeline-line" onClick={onClick}>
        <span className="timeline-source" title={r.file}>
          <input
            type="checkbox"
            aria-label={t('timeline.mark')}
            title={t('timeline.mark')}
            checked={mark !== undefined}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => setMark(e.target.checked ? '' : null)}
          />
          <i style={{ background: color }} />
          {name ?? r.source}
        </span>
        <span className="mono">{clock.wall(r.time, r.ms ? 'ms' : 'second')}</span>
        <span className={`timeline-what${sev ? ` sev-${sev}` : ''}`}>{recordWhat(r)}</span>
        <span className="timeline-text mono">
          {r.more?.length ? <b className="fold">{isOpen ? '▾' : '▸'}</b> : null}
          {r.text}
        </span>
      </div>
      {isOpen && (
        <div className="timeline-detail">
          {r.more?.length ? <pre className="mono">{r.more.join('\n')}</pre> : null}
          <span className="muted small">{t('timeline.file', { file: r.file })}</span>
          {mark !== undefined && (
            <input
              type="text"
              className="timeline-note"
              placeholder={t('timeline.markNote')}
              aria-label={t('timeline.markNote')}
              value={mark}
              onChange={(e) => setMark(e.target.value)}
            />
          )}
          <button
            type="button"
            className="ghost"
            onClick={() => {
              setMoment(r.time)
              // A binlog change opens as itself: its detail, with the SQL that undoes it.
              // …a log line opens its own file (a rotation too) at the moment.
              setFocus(
                r.kind === 'binlog' && r.pos !== undefined
                  ? { kind: 'binlog', file: r.file.split('/').pop()!, pos: r.pos }
                  : r.kind === 'access' || r.kind === 'error'
                    ? { kind: 'log', path: r.file }
                    : r.kind === 'integrity'
                      ? { kind: 'integrity' }
                      : r.kind === 'slow' && r.pid !== undefined
                        ? { kind: 'slow', path: r.file, pid: r.pid }
                        : null,
              )
              openSection(section)
            }}
          >
            {t(label)}
          </button>
        </div>
      )}
    </div>
  )
}
