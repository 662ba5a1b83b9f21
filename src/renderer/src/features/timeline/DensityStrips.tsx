import { useState } from 'react'
import type { TimelineSource, TimelineStrips } from '../../../../shared/api'
import { useClock } from '../../clock'
import { useI18n } from '../../i18n'

const ROW = 12
const LABEL = 150
const WIDTH = 900

/**
 * One strip per source over the window: how many records each slice of time holds (the bar's
 * height), red where errors and 5xx are, orange for warnings and 4xx. Dragging across the strips
 * narrows the list to that span.
 */
export function DensityStrips({
  sources,
  colors,
  strips,
  from,
  to,
  narrow,
  onBrush,
  hidden,
  onToggle,
  svgRef,
}: {
  sources: TimelineSource[]
  colors: Map<string, string>
  /** Each source's counts per slice (made in main, where the records are). */
  strips: TimelineStrips
  from: number
  to: number
  /** The span the list is narrowed to, shaded. */
  narrow: [number, number] | null
  onBrush(range: [number, number]): void
  /** Sources whose records the list hides (their strip is dimmed); a click on a name toggles. */
  hidden: ReadonlySet<string>
  onToggle(path: string): void
  svgRef: React.RefObject<SVGSVGElement | null>
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const svg = svgRef
  const [drag, setDrag] = useState<[number, number] | null>(null)
  const span = Math.max(1, to - from)
  const step = span / strips.buckets
  const rows = sources.flatMap((s) => {
    const counted = strips.rows.find((r) => r.source === s.path)
    return counted ? [{ s, all: counted.all, bad: counted.bad, warn: counted.warn }] : []
  })
  const max = Math.max(1, ...rows.flatMap((r) => r.all))
  const plot = WIDTH - LABEL
  const timeAt = (clientX: number): number => {
    const box = svg.current!.getBoundingClientRect()
    const px = ((clientX - box.left) / box.width) * WIDTH
    return from + (Math.min(plot, Math.max(0, px - LABEL)) / plot) * span
  }
  const height = rows.length * ROW + 18
  return (
    <figure className="density" aria-label={t('timeline.strips')} data-testid="timeline-strips">
      <figcaption className="muted small">
        {t('timeline.strips')} — {t('timeline.hide')}
      </figcaption>
      <svg
        ref={svg}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        onMouseDown={(e) => setDrag([timeAt(e.clientX), timeAt(e.clientX)])}
        onMouseMove={(e) => drag && setDrag([drag[0], timeAt(e.clientX)])}
        onMouseUp={() => {
          if (drag && Math.abs(drag[1] - drag[0]) > step / 2)
            onBrush([Math.min(...drag), Math.max(...drag)])
          setDrag(null)
        }}
        onMouseLeave={() => setDrag(null)}
      >
        {rows.map((r, i) => (
          <StripRow
            key={r.s.path}
            row={r}
            y={i * ROW}
            color={colors.get(r.s.path)}
            max={max}
            from={from}
            step={step}
            hidden={hidden.has(r.s.path)}
            onToggle={() => onToggle(r.s.path)}
          />
        ))}
        <text x={LABEL} y={height - 3} className="density-label">
          {clock.format(from)}
        </text>
        <text x={WIDTH} y={height - 3} textAnchor="end" className="density-label">
          {clock.format(to)}
        </text>
        {narrow && !drag && (
          <rect
            x={LABEL + ((narrow[0] - from) / span) * plot}
            y={0}
            width={((narrow[1] - narrow[0]) / span) * plot}
            height={rows.length * ROW}
            className="density-brush"
            data-testid="timeline-narrow-span"
          />
        )}
        {drag && (
          <rect
            x={LABEL + ((Math.min(...drag) - from) / span) * plot}
            y={0}
            width={(Math.abs(drag[1] - drag[0]) / span) * plot}
            height={rows.length * ROW}
            className="density-brush"
          />
        )}
      </svg>
    </figure>
  )
}

interface Strip {
  s: TimelineSource
  all: number[]
  bad: number[]
  warn: number[]
}

function StripRow({
  row: r,
  y,
  color,
  max,
  from,
  step,
  hidden,
  onToggle,
}: {
  row: Strip
  y: number
  color: string | undefined
  max: number
  from: number
  step: number
  hidden: boolean
  onToggle(): void
}): React.JSX.Element {
  const clock = useClock()
  const plot = WIDTH - LABEL
  const buckets = r.all.length
  const x = (b: number): number => LABEL + (b / buckets) * plot
  const h = (n: number): number => (n === 0 ? 0 : Math.max(2, (n / max) * (ROW - 3)))
  const w = plot / buckets - 1
  const base = y + ROW - 1
  return (
    <g data-source={r.s.path} opacity={hidden ? 0.3 : 1}>
      <g
        className="density-toggle"
        role="button"
        aria-pressed={!hidden}
        aria-label={r.s.label}
        onMouseDown={(e) => e.stopPropagation()}
        onClick={onToggle}
      >
        <rect x={0} y={y + 3} width={8} height={ROW - 6} fill={color} />
        <text x={12} y={y + ROW - 4} className="density-label">
          {r.s.label}
        </text>
      </g>
      <line x1={LABEL} x2={WIDTH} y1={base} y2={base} className="density-axis" />
      {r.all.map((n, b) =>
        n === 0 ? null : (
          <g key={b}>
            <rect x={x(b)} y={base - h(n)} width={w} height={h(n)} fill={color} opacity={0.55}>
              <title>{`${r.s.label} ${clock.format(from + b * step)}: ${n}`}</title>
            </rect>
            {r.warn[b]! > 0 && (
              <rect
                x={x(b)}
                y={base - h(r.warn[b]! + r.bad[b]!)}
                width={w}
                height={h(r.warn[b]! + r.bad[b]!)}
                className="density-warn"
              />
            )}
            {r.bad[b]! > 0 && (
              <rect
                x={x(b)}
                y={base - h(r.bad[b]!)}
                width={w}
                height={h(r.bad[b]!)}
                className="density-bad"
              />
            )}
          </g>
        ),
      )}
    </g>
  )
}
