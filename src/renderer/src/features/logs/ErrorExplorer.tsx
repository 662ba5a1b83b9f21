import { useMemo, useState } from 'react'
import type { ErrorExploration, ErrorRow } from '../../../../shared/logs'
import { StackedHistogram } from '../../components/StackedHistogram'
import { useClock } from '../../clock'
import { VirtualLines } from '../../components/VirtualLines'
import { RangeButtons, useMomentRange } from '../../components/MomentRange'
import { useI18n } from '../../i18n'
import { withMember } from '../../components/sets'
import { useRowLimit } from '../../components/RowLimit'
import { messageShape } from '../../../../core/logs'

const LEVELS: ErrorRow['level'][] = ['critical', 'error', 'warning', 'notice', 'info', 'debug']

/**
 * An error log explored: its entries with their continuation lines (a filter keeps or drops an
 * entry whole, so a stack trace stays with its error), levels over time, repeated messages.
 */
export function ErrorExplorer({
  x,
  sizePicker,
  onDefine,
}: {
  /** The entries, and how much of the log was read. */
  x: ErrorExploration & { bytesRead: number; partial: boolean }
  /** Chooses how much of the log's end is read. */
  sizePicker: React.ReactNode
  onDefine(): void
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const present = LEVELS.filter((l) => (x.byLevel[l] ?? 0) > 0)
  const [levels, setLevels] = useState<Set<string>>(new Set(present))
  const [text, setText] = useState('')
  const [traces, setTraces] = useState(true)
  // A repeated message picked: its occurrences only.
  const [shape, setShape] = useState<string | null>(null)
  // Opened at the shared moment: its entries within a minute of it.
  const [range, setRange] = useMomentRange(x.first, x.last, 60_000)
  const entries = useMemo(() => {
    const needle = text.toLowerCase()
    return x.entries.filter(
      (e) =>
        levels.has(e.level) &&
        (shape === null || messageShape(e.message) === shape) &&
        (!range || (e.time !== null && e.time >= range[0] && e.time < range[1])) &&
        (!needle ||
          e.message.toLowerCase().includes(needle) ||
          e.more.some((l) => l.toLowerCase().includes(needle))),
    )
  }, [x.entries, levels, text, range, shape])
  const shown = useMemo(
    () =>
      entries.flatMap((e) => [
        `${e.time === null ? '—' : clock.wall(e.time)}  ${e.level.padEnd(9)} ${e.message}${!traces && e.more.length > 0 ? `  (+${e.more.length})` : ''}`,
        ...(traces ? e.more.map((l) => `    ${l}`) : []),
      ]),
    [entries, traces, clock],
  )
  return (
    <div className="explorer">
      <ErrorFormatLine x={x} sizePicker={sizePicker} onDefine={onDefine} />
      <StackedHistogram
        label={t('errors.histogram')}
        picked={range ? range[0] : null}
        onPick={(start) => setRange(start === null ? null : [start, start + x.histogram.bucketMs])}
        buckets={x.histogram.buckets.map((b) => ({
          start: b.start,
          parts: [
            { key: 'c5', label: 'error', n: b.error },
            { key: 'c4', label: 'warning', n: b.warning },
            { key: 'other', label: 'other', n: b.other },
          ],
        }))}
      />
      <div className="finder explore-filters">
        {present.map((l) => (
          <label key={l} className="inline">
            <input
              type="checkbox"
              checked={levels.has(l)}
              onChange={(e) => setLevels(withMember(levels, l, e.target.checked))}
            />
            {l} <span className="muted">{x.byLevel[l]}</span>
          </label>
        ))}
        <input
          className="filter small"
          type="search"
          aria-label={t('explore.text')}
          placeholder={t('explore.text')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="inline">
          <input type="checkbox" checked={traces} onChange={(e) => setTraces(e.target.checked)} />
          {t('errors.traces')}
        </label>
        <RangeButtons range={range} onClear={() => setRange(null)} />
        <span className="muted" data-testid="errors-count">
          {t('errors.count', { n: entries.length, total: x.entries.length })}
        </span>
      </div>
      <div className="explore-body">
        <VirtualLines
          count={shown.length}
          line={(i) => shown[i] ?? ''}
          lineClass={(l) =>
            /^\S+ \S+ {2}(critical|error)/.test(l)
              ? 'hl-error'
              : /^\S+ \S+ {2}warning/.test(l)
                ? 'hl-warn'
                : undefined
          }
          stickToBottom={false}
          label={t('errors.entries')}
        />
        <RepeatedMessages shapes={x.topMessages} shape={shape} setShape={setShape} />
      </div>
    </div>
  )
}

/**
 * Every message, repeats grouped (numbers and quoted values masked), the most frequent first:
 * the count before the message (never cut off), a click lists its occurrences.
 */
function RepeatedMessages({
  shapes,
  shape,
  setShape,
}: {
  /** Every message shape with its count, most frequent first (from the service). */
  shapes: ErrorExploration['topMessages']
  shape: string | null
  setShape(shape: string | null): void
}): React.JSX.Element {
  const { t } = useI18n()
  const limit = useRowLimit(shapes, 15, 'top-messages-limit')
  return (
    <aside className="explore-side">
      <h4>{t('errors.top')}</h4>
      {shape !== null && (
        <button type="button" className="ghost" onClick={() => setShape(null)}>
          {t('errors.allMessages')}
        </button>
      )}
      <ol data-testid="top-messages">
        {limit.shown.map(([m, n]) => (
          <li key={m} className={m === shape ? 'selected' : ''}>
            <button
              type="button"
              className="link top-message"
              title={m}
              aria-pressed={m === shape}
              onClick={() => setShape(m === shape ? null : m)}
            >
              <span className="num count">{n}</span> <span className="ellipsis">{m}</span>
            </button>
          </li>
        ))}
      </ol>
      {limit.footer}
    </aside>
  )
}

/** Which error log format read the entries, and how many. */
function ErrorFormatLine({
  x,
  sizePicker,
  onDefine,
}: {
  x: ErrorExploration & { bytesRead: number; partial: boolean }
  sizePicker: React.ReactNode
  onDefine: () => void
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  return (
    <>
      <div className="finder explore-format">
        <span className="muted small" data-testid="errors-summary">
          {t('errors.summary', {
            format: x.format,
            n: x.total,
            first: x.first === null ? '—' : clock.wall(x.first),
            last: x.last === null ? '—' : clock.format(x.last),
          })}
          {x.zoneless ? ` ${t('errors.zoneless')}` : ''}
          {x.partial ? ` ${t('explore.partial', { mb: Math.round(x.bytesRead / (1 << 20)) })}` : ''}
        </span>
        {sizePicker}
        <button type="button" onClick={onDefine}>
          {t('format.define')}
        </button>
      </div>
    </>
  )
}
