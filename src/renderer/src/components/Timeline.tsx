import { useI18n } from '../i18n'

interface TimelineProps {
  /** Buckets in time order, each with counts per series. */
  buckets: { minute: string; byScript: Record<string, number> }[]
  selected: string | null
  onSelect(minute: string | null): void
  /** How a bucket's minute is written (on the app's clock); as given by default. */
  label?: (minute: string) => string
}

const PALETTE = [
  '#e4572e',
  '#2f6fde',
  '#17a398',
  '#f3a712',
  '#8e44ad',
  '#6c757d',
  '#c0392b',
  '#16a085',
]

/** Stacked bars per minute (SVG); a click picks a minute, a second click clears it. */
export function Timeline({
  buckets: given,
  selected,
  onSelect,
  label = (m) => m.replace('T', ' '),
}: TimelineProps): React.JSX.Element {
  const { t } = useI18n()
  const buckets = fillGaps(given)
  const series = [...new Set(buckets.flatMap((b) => Object.keys(b.byScript)))]
  const max = Math.max(
    1,
    ...buckets.map((b) => Object.values(b.byScript).reduce((s, n) => s + n, 0)),
  )
  const bar = Math.min(40, Math.max(6, 900 / Math.max(1, buckets.length)))
  const width = Math.max(300, buckets.length * bar)
  const height = 140
  return (
    <div className="timeline" data-testid="timeline">
      <svg width={width} height={height + 30} role="img" aria-label={t('slow.timeline')}>
        {buckets.map((b, i) => {
          let y = height
          const total = Object.values(b.byScript).reduce((s, n) => s + n, 0)
          return (
            <g
              key={b.minute}
              className={`tl-bar ${selected === b.minute ? 'selected' : ''}`}
              onClick={() => onSelect(selected === b.minute ? null : b.minute)}
              role="button"
              aria-label={`${label(b.minute)}: ${total}`}
            >
              <title>{`${label(b.minute)} — ${total}`}</title>
              <rect x={i * bar} y={0} width={bar} height={height} fill="transparent" />
              {series.map((s, k) => {
                const n = b.byScript[s] ?? 0
                if (n === 0) return null
                const h = (n / max) * (height - 10)
                y -= h
                return (
                  <rect
                    key={s}
                    x={i * bar + 3}
                    y={y}
                    width={Math.max(2, bar - 6)}
                    height={h}
                    fill={PALETTE[k % PALETTE.length]}
                  />
                )
              })}
              {(buckets.length < 16 || i % Math.ceil(buckets.length / 12) === 0) && (
                <text
                  x={i * bar + bar / 2}
                  y={height + 16}
                  textAnchor="middle"
                  fontSize="11"
                  fill="currentColor"
                >
                  {label(b.minute).slice(11, 16)}
                </text>
              )}
            </g>
          )
        })}
      </svg>
      <div className="legend">
        {series.map((s, k) => (
          <span key={s}>
            <i style={{ background: PALETTE[k % PALETTE.length] }} />{' '}
            {s.slice(s.lastIndexOf('/') + 1)}
          </span>
        ))}
      </div>
    </div>
  )
}

/** Minutes without slow requests become empty bars, so the axis is time (up to a day of minutes). */
function fillGaps(buckets: TimelineProps['buckets']): TimelineProps['buckets'] {
  if (buckets.length < 2) return buckets
  const toMs = (m: string): number => Date.parse(`${m}:00Z`)
  const start = toMs(buckets[0]!.minute)
  const end = toMs(buckets[buckets.length - 1]!.minute)
  if (!Number.isFinite(start) || !Number.isFinite(end) || (end - start) / 60_000 > 1440)
    return buckets
  const known = new Map(buckets.map((b) => [b.minute, b]))
  const out: TimelineProps['buckets'] = []
  for (let ms = start; ms <= end; ms += 60_000) {
    const minute = new Date(ms).toISOString().slice(0, 16)
    out.push(known.get(minute) ?? { minute, byScript: {} })
  }
  return out
}
