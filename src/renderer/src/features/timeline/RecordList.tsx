import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import type { TimelineRecord } from '../../../../shared/api'
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

function what(r: TimelineRecord): string {
  return r.level ?? (r.status !== undefined ? String(r.status) : (r.type?.toUpperCase() ?? r.kind))
}

/**
 * The merged records, one row each and all reachable (only those in view are in the page). A
 * click or Enter folds a record's lines open; keys jump to the next error, 5xx, write or slow
 * request.
 */
export function RecordList({
  records,
  labels,
  colors,
  current,
  setCurrent,
  open,
  setOpen,
}: {
  records: readonly TimelineRecord[]
  labels: Map<string, string>
  colors: Map<string, string>
  current: number
  setCurrent(i: number): void
  open: ReadonlySet<number>
  setOpen(next: Set<number>): void
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const parent = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  })
  useEffect(() => {
    if (current >= 0) virtualizer.scrollToIndex(current, { align: 'auto' })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current])
  const toggle = (i: number): void => {
    const next = new Set(open)
    if (next.has(i)) next.delete(i)
    else next.add(i)
    setOpen(next)
  }
  const onKey = (e: React.KeyboardEvent): void => {
    if (e.key === 'Enter' && current >= 0) {
      toggle(current)
      e.preventDefault()
      return
    }
    const wanted = JUMPS[e.key]
    if (!wanted || e.ctrlKey || e.metaKey || e.altKey) return
    const to = nextIndex(records, current, wanted, e.key === 'k' || e.key === 'E')
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
        {items.map((item) => (
          <RecordRow
            key={item.key}
            r={records[item.index]!}
            index={item.index}
            start={item.start}
            measure={virtualizer.measureElement}
            current={item.index === current}
            isOpen={open.has(item.index)}
            label={labels.get(records[item.index]!.source)}
            color={colors.get(records[item.index]!.source)}
            onClick={() => {
              setCurrent(item.index)
              toggle(item.index)
            }}
          />
        ))}
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
  label: string | undefined
  color: string | undefined
  onClick(): void
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const { setMoment, open: openSection } = useMoment()
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
          <i style={{ background: color }} />
          {name ?? r.source}
        </span>
        <span className="mono">{clock.wall(r.time, r.ms ? 'ms' : 'second')}</span>
        <span className={`timeline-what${sev ? ` sev-${sev}` : ''}`}>{what(r)}</span>
        <span className="timeline-text mono">
          {r.more?.length ? <b className="fold">{isOpen ? '▾' : '▸'}</b> : null}
          {r.text}
        </span>
      </div>
      {isOpen && (
        <div className="timeline-detail">
          {r.more?.length ? <pre className="mono">{r.more.join('\n')}</pre> : null}
          <span className="muted small">{t('timeline.file', { file: r.file })}</span>
          <button
            type="button"
            className="ghost"
            onClick={() => {
              setMoment(r.time)
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
