// Tables that sort by every column: a click on a heading sorts by it (numbers largest first, text
// A→Z), a second click reverses. The heading says the order (aria-sort and an arrow).
import { useMemo, useState } from 'react'

export type SortValue = number | string

export interface Sorted<T, K extends string> {
  rows: T[]
  /** A sortable heading for `key`. */
  head(key: K, label: string, options?: { num?: boolean; title?: string }): React.JSX.Element
}

export function useSorted<T, K extends string>(
  rows: readonly T[],
  keys: Record<K, (row: T) => SortValue>,
  initial: NoInfer<K>,
  initialDir?: 'asc' | 'desc',
): Sorted<T, K> {
  const [order, setOrder] = useState<{ key: K; dir: 'asc' | 'desc' | undefined }>({
    key: initial,
    dir: initialDir,
  })
  const valueOf = keys[order.key]
  const first = rows[0]
  // Numbers start largest first, text A→Z, unless the user reversed it.
  const dir =
    order.dir ?? (first !== undefined && typeof valueOf(first) === 'string' ? 'asc' : 'desc')
  const sorted = useMemo(() => {
    const sign = dir === 'asc' ? 1 : -1
    const keyed = rows.map((row, i) => ({ row, i, v: valueOf(row) }))
    keyed.sort((a, b) => {
      const c =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v))
      return c !== 0 ? sign * c : a.i - b.i
    })
    return keyed.map((k) => k.row)
    // valueOf is chosen by order.key; the key functions are constants of their caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, order.key, dir])
  const head = (
    key: K,
    label: string,
    options: { num?: boolean; title?: string } = {},
  ): React.JSX.Element => {
    const active = order.key === key
    return (
      <th
        key={key}
        className={options.num ? 'num' : ''}
        aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
        title={options.title}
      >
        <button
          type="button"
          className="th-button"
          onClick={() =>
            setOrder(
              active ? { key, dir: dir === 'asc' ? 'desc' : 'asc' } : { key, dir: undefined },
            )
          }
        >
          {label}
          {active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
        </button>
      </th>
    )
  }
  return { rows: sorted, head }
}
