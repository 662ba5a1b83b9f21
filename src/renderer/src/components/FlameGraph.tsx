import { useMemo, useState } from 'react'
import type { FlameNode } from '../../../shared/slowlog'
import { formatNumber, useI18n } from '../i18n'

interface FlameGraphProps {
  root: FlameNode
  /** Substring to highlight (case-insensitive). */
  search: string
  /** Outermost call at the top (icicle); the inverted graph reads leaf-first the same way. */
  label: string
  /** Shows a value (a duration for profiles); counts of samples by default. */
  format?: (value: number) => string
  /** A click on a box also selects its function (profiles). */
  onPick?: (node: FlameNode) => void
  /** Marks the hot path: the costliest child at every level from the zoomed root. */
  hot?: boolean
}

interface Cell {
  node: FlameNode
  depth: number
  /** Fraction of the zoomed root, 0..1. */
  x: number
  w: number
  path: string[]
}

const ROW = 22
const MIN_WIDTH = 0.002

/** Flame graph as an icicle of boxes: click to zoom into a frame, the top bar to zoom out. */
export function FlameGraph({
  root,
  search,
  label,
  format,
  onPick,
  hot = false,
}: FlameGraphProps): React.JSX.Element {
  const { t, locale } = useI18n()
  const [zoom, setZoom] = useState<string[]>([])

  const { focus, cells, depth, hotPath } = useMemo(() => {
    let focus = root
    for (const name of zoom) focus = focus.children.find((c) => c.name === name) ?? focus
    const cells: Cell[] = []
    let depth = 0
    const walk = (node: FlameNode, d: number, x: number, path: string[]): void => {
      let offset = x
      for (const child of node.children) {
        const w = child.value / Math.max(1, focus.value)
        if (w >= MIN_WIDTH) {
          const p = [...path, child.name]
          cells.push({ node: child, depth: d, x: offset, w, path: p })
          depth = Math.max(depth, d + 1)
          walk(child, d + 1, offset, p)
        }
        offset += w
      }
    }
    walk(focus, 1, 0, zoom)
    const hotPath = new Set<string>()
    for (let node = focus, path = zoom; node.children.length > 0;) {
      const next = node.children.reduce((a, b) => (b.value > a.value ? b : a))
      path = [...path, next.name]
      hotPath.add(path.join('\u0000'))
      node = next
    }
    return { focus, cells, depth, hotPath }
  }, [root, zoom])
  const show = format ?? String

  const needle = search.trim().toLowerCase()
  const matched = needle
    ? cells
        .filter((c) => c.node.name.toLowerCase().includes(needle))
        .reduce((s, c) => s + c.node.self, 0)
    : 0

  return (
    <div className="flame" role="figure" aria-label={label} data-testid="flamegraph">
      <div className="flame-head muted">
        {format
          ? zoom.length > 0
            ? t('flame.zoomedValue', { v: show(focus.value), total: show(root.value) })
            : t('flame.totalValue', { v: show(root.value) })
          : zoom.length > 0
            ? t('slow.flame.zoomed', { n: focus.value, total: root.value })
            : t('slow.flame.samples', { n: root.value })}
        {needle &&
          ` · ${format ? t('flame.matchedValue', { v: show(matched) }) : t('slow.flame.matched', { n: matched })}`}
        {hot && ` · ${t('flame.hotPath')}`}
      </div>
      <div className="flame-canvas" style={{ height: (depth + 1) * ROW }}>
        <button
          type="button"
          className="flame-cell flame-root"
          style={{ left: 0, width: '100%', top: 0, height: ROW - 2 }}
          title={zoom.length > 0 ? t('slow.flame.zoomOut') : label}
          onClick={() => setZoom((z) => z.slice(0, -1))}
        >
          {zoom.length > 0 ? `⟵ ${shortName(focus.name)}` : `${label} (${show(root.value)})`}
        </button>
        {cells.map((c) => {
          const hit = needle !== '' && c.node.name.toLowerCase().includes(needle)
          const onHotPath = hot && hotPath.has(c.path.join('\u0000'))
          return (
            <button
              type="button"
              key={c.path.join('\u0000')}
              className={`flame-cell ${hit ? 'hit' : ''} ${needle && !hit ? 'dim' : ''} ${onHotPath ? 'hot' : ''}`}
              style={{
                left: `${c.x * 100}%`,
                width: `${c.w * 100}%`,
                top: c.depth * ROW,
                height: ROW - 2,
                background: hit ? undefined : color(c.node.name),
              }}
              title={`${c.node.name}\n${show(c.node.value)} (${formatNumber((c.node.value / root.value) * 100, locale, 1)}%), self ${show(c.node.self)}`}
              onClick={() => {
                setZoom(c.path)
                onPick?.(c.node)
              }}
            >
              {c.w > 0.04 ? shortName(c.node.name) : ''}
            </button>
          )
        })}
      </div>
    </div>
  )
}

/** `fn() /long/path/file.php:12` → `fn() file.php:12`. */
export function shortName(name: string): string {
  return name.replace(/ \/(?:[^ /]+\/)*([^ /]+:\d+)$/, ' $1')
}

function color(name: string): string {
  let h = 0
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0
  const hue = 10 + (Math.abs(h) % 45)
  const light = 62 + (Math.abs(h >> 8) % 14)
  return `hsl(${hue} 85% ${light}%)`
}
