import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef } from 'react'
import type { TimelineRecord } from '../../../../shared/api'
import { recordWhat } from '../../../../core/timeline'
import type { Section } from '../../components/SectionTabs'
import { useClock } from '../../clock'
import { useI18n, type MessageKey } from '../../i18n'
import { useMoment } from '../../moment'
import { JUMPS, nextIndex, severity } from './severity'

const ROW_HEIGHT = 24

/** Where a record's own screen is, and how the button says it. */
const OPEN: Record<TimelineRecord['kind'], [Section, MessageKey]> = {
  access: ['logs', 'timeline.open.logs'],
  error: ['logs', 'timeline.open.logs'],
  slow: ['slow', 'timeline.open.slow'],
  binlog: ['binlogs', 'timeline.open.binlogs'],
  integrity: ['schema', 'timeline.open.schema'],
}

/** The records a list shows (ids: their place in the timeline), and what the user did to them. */
export interface RecordListState {
  /** Folded open, by id. */
  open: ReadonlySet<number>
  setOpen(next: Set<number>): void
  /** Marked for the report, by id, with the user's note on each ('' for none). */
  marks: ReadonlyMap<number, string>
  setMarks(next: Map<number, string>): void
}

/**
 * The merged records, one row each and all reachable (only those in view are in the page). A
 * click or Enter folds a record's lines open; keys jump to the next error, 5xx, write or slow
 * request; a box marks it for the report.
 */
export function RecordList({
  records,
  rows,
  labels,
  colors,
  current,
  setCurrent,
  state,
}: {
  records: readonly TimelineRecord[]
  /** The ids shown, in order. */
  rows: readonly number[]
  labels: Map<string, string>
  colors: Map<string, string>
  /** The current row's position in `rows` (-1: none). */
  current: number
  setCurrent(i: number): void
  state: RecordListState
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const parent = useRef<HTMLDivElement>(null)
  const shown = useMemo(() => rows.map((id) => records[id]!), [records, rows])
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    getItemKey: (k) => rows[k]!,
  })
  useEffect(() => {
    if (current >= 0) virtualizer.scrollToIndex(current, { align: 'auto' })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current])
  const toggle = (id: number): void => {
    const next = new Set(state.open)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    state.setOpen(next)
  }
  const onKey = (e: React.KeyboardEvent): void => {
    if (e.target !== e.currentTarget) return // typing a note
    if (e.key === 'Enter' && current >= 0) {
      toggle(rows[current]!)
      e.preventDefault()
      return
    }
    const wanted = JUMPS[e.key]
    if (!wanted || e.ctrlKey || e.metaKey || e.altKey) return
    const to = nextIndex(shown, current, wanted, e.key === 'k' || e.key === 'E')
    if (to >= 0) setCurrent(to)
    e.preventDefault()
  }
  const items = virtualizer.getVirtualItems()
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
          const id = rows[item.index]!
          const r = records[id]!
          return (
            <RecordRow
              key={item.key}
              r={r}
              index={item.index}
              start={item.start}
              measure={virtualizer.measureElement}
              current={item.index === current}
              isOpen={state.open.has(id)}
              mark={state.marks.get(id)}
              setMark={(note) => {
                const next = new Map(state.marks)
                if (note === null) next.delete(id)
                else next.set(id, note)
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
