import { useCallback, useEffect, useRef, useState } from 'react'
import type { Api, TimelineFilter, TimelineRow } from '../../../../shared/api'

/** Rows asked at once, and pages kept (the farthest from the last asked are dropped first). */
export const PAGE = 200
const PAGES_KEPT = 60
/** A filter being typed is asked once the typing pauses. */
const TYPING_MS = 200

export interface RowsView {
  /** How many records the filter keeps (null until the first page is in). */
  total: number | null
  /** The row at a place among those kept, if its page is in. */
  row(i: number): TimelineRow | undefined
  /** Asks the pages of the places [from, to] (those in view). */
  ensure(from: number, to: number): void
  error: string | null
}

/**
 * The records a filter keeps, asked from main a page at a time as the list scrolls (a million
 * of them stay there). A new filter, timeline or follow starts again from its first page.
 */
export function useRows(api: Api, id: string, filter: TimelineFilter, version: number): RowsView {
  const [asked, setAsked] = useState(filter)
  useEffect(() => {
    const typing = asked.text !== filter.text || asked.table !== filter.table
    const timer = setTimeout(() => setAsked(filter), typing ? TYPING_MS : 0)
    return () => clearTimeout(timer)
  }, [filter, asked])
  const key = `${id}\u0000${version}\u0000${JSON.stringify(asked)}`
  const [state, setState] = useState<{
    key: string
    total: number | null
    pages: Map<number, TimelineRow[]>
    error: string | null
  }>({ key, total: null, pages: new Map(), error: null })
  const requested = useRef<{ key: string; pages: Set<number> }>({ key, pages: new Set() })

  const fetchPage = useCallback(
    (page: number): void => {
      if (requested.current.key !== key) requested.current = { key, pages: new Set() }
      if (requested.current.pages.has(page)) return
      requested.current.pages.add(page)
      void api
        .call('timeline:rows', { id, filter: asked, start: page * PAGE, count: PAGE })
        .then((r) => {
          setState((s) => {
            const base =
              s.key === key
                ? s
                : { key, total: null, pages: new Map<number, TimelineRow[]>(), error: null }
            if (requested.current.key !== key) return s // a newer filter is asked
            if (!r.ok) return { ...base, error: r.error.message }
            const pages = new Map(base.pages)
            pages.set(page, r.value.rows)
            if (pages.size > PAGES_KEPT) {
              const far = [...pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page))
              for (const p of far.slice(0, pages.size - PAGES_KEPT)) {
                pages.delete(p)
                requested.current.pages.delete(p)
              }
            }
            return { ...base, total: r.value.total, pages, error: null }
          })
        })
    },
    [api, id, asked, key],
  )
  useEffect(() => fetchPage(0), [fetchPage])

  const current = state.key === key ? state : { total: null, pages: new Map(), error: null }
  return {
    total: current.total,
    error: current.error,
    row: (i) => current.pages.get(Math.floor(i / PAGE))?.[i % PAGE],
    ensure: (from, to) => {
      for (let p = Math.floor(Math.max(0, from) / PAGE); p <= Math.floor(to / PAGE); p++)
        fetchPage(p)
    },
  }
}
