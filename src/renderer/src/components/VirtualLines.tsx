import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import { scrolledAway } from './stick'

interface VirtualLinesProps {
  count: number
  line(index: number): string
  /** Extra class of a line (e.g. to highlight DROP statements). */
  lineClass?(text: string): string | undefined
  /** Keeps the view on the last line while true. */
  stickToBottom: boolean
  onScrolledAway?(away: boolean): void
  label: string
  /** A line to bring into view and mark (the shared moment's). */
  focus?: number | null
}

const ROW_HEIGHT = 20

/** A virtualized list of text lines: smooth at a million rows, only the visible ones in the DOM. */
export function VirtualLines({
  count,
  line,
  lineClass,
  stickToBottom,
  onScrolledAway,
  label,
  focus = null,
}: VirtualLinesProps): React.JSX.Element {
  const parent = useRef<HTMLDivElement>(null)
  const lastTop = useRef(0)
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  })

  useEffect(() => {
    if (stickToBottom && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' })
  }, [count, stickToBottom, virtualizer])

  useEffect(() => {
    if (focus !== null && focus < count) virtualizer.scrollToIndex(focus, { align: 'center' })
    // Only when asked: not again as lines arrive.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus, virtualizer])

  return (
    <div
      ref={parent}
      className="lines"
      role="log"
      aria-label={label}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget
        const away = scrolledAway(
          lastTop.current,
          { top: el.scrollTop, height: el.scrollHeight, client: el.clientHeight },
          ROW_HEIGHT * 2,
        )
        lastTop.current = el.scrollTop
        if (away !== null) onScrolledAway?.(away)
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const text = line(item.index)
          return (
            <div
              key={item.key}
              className={`line ${lineClass?.(text) ?? ''}${item.index === focus ? ' focused' : ''}`}
              style={{
                position: 'absolute',
                top: 0,
                transform: `translateY(${item.start}px)`,
                height: ROW_HEIGHT,
              }}
            >
              {text}
            </div>
          )
        })}
      </div>
    </div>
  )
}
