import { useClock } from '../clock'

/** One bar of the histogram: its start (epoch ms) and its parts, bottom first. */
export interface HistogramBucket {
  start: number
  parts: { key: string; label: string; n: number }[]
}

/** Stacked bars over time (SVG); a click picks a bar, a second click clears it. */
export function StackedHistogram({
  buckets,
  picked,
  onPick,
  label,
}: {
  buckets: HistogramBucket[]
  picked: number | null
  onPick(start: number | null): void
  label: string
}): React.JSX.Element {
  const clock = useClock()
  const max = Math.max(1, ...buckets.map((b) => b.parts.reduce((s, p) => s + p.n, 0)))
  const width = Math.max(1, buckets.length)
  return (
    <svg
      className="histogram"
      viewBox={`0 0 ${width} 100`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-testid="histogram"
    >
      {buckets.map((b, i) => {
        let y = 100
        const total = b.parts.reduce((s, p) => s + p.n, 0)
        return (
          <g
            key={b.start}
            className={`bucket ${picked === b.start ? 'picked' : ''}`}
            onClick={() => onPick(picked === b.start ? null : b.start)}
          >
            <title>
              {`${clock.format(b.start)}: ${total} (${b.parts
                .filter((p) => p.n > 0)
                .map((p) => `${p.label} ${p.n}`)
                .join(', ')})`}
            </title>
            <rect x={i} y={0} width={1} height={100} className="hit" />
            {b.parts.map((p) => {
              const h = (p.n / max) * 100
              y -= h
              return p.n > 0 ? (
                <rect
                  key={p.key}
                  x={i + 0.1}
                  y={y}
                  width={0.8}
                  height={h}
                  className={`bar ${p.key}`}
                />
              ) : null
            })}
          </g>
        )
      })}
    </svg>
  )
}
