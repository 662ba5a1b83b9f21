import type { TimelineRecord } from '../../../../shared/api'

/** How a record reads at a glance: an error or a 5xx, a warning or a 4xx, a write, or neither. */
export function severity(r: TimelineRecord): 'bad' | 'warn' | 'write' | 'slow' | null {
  if (r.level === 'critical' || r.level === 'error') return 'bad'
  if (r.status !== undefined && r.status >= 500) return 'bad'
  if (r.level === 'warning') return 'warn'
  if (r.status !== undefined && r.status >= 400) return 'warn'
  if (r.kind === 'binlog' || r.kind === 'integrity') return 'write'
  if (r.kind === 'slow') return 'slow'
  return null
}

/** The keys that move to the next record of a sort (j/k: any; e: errors; 5: 5xx; w: writes; s: slow). */
export const JUMPS: Record<string, (r: TimelineRecord) => boolean> = {
  j: () => true,
  k: () => true,
  e: (r) => severity(r) === 'bad',
  E: (r) => severity(r) === 'bad',
  '5': (r) => r.status !== undefined && r.status >= 500,
  w: (r) => r.kind === 'binlog',
  s: (r) => r.kind === 'slow',
}

/** The index of the next (or previous) record after `from` that `wanted` picks, or -1. */
export function nextIndex(
  records: readonly TimelineRecord[],
  from: number,
  wanted: (r: TimelineRecord) => boolean,
  backwards: boolean,
): number {
  const step = backwards ? -1 : 1
  for (let i = from + step; i >= 0 && i < records.length; i += step)
    if (wanted(records[i]!)) return i
  return -1
}

/** What the list keeps of a timeline: each filter applies to the records it concerns. */
export interface RecordFilter {
  /** Words in the text or the table. */
  text: string
  /** Errors, warnings, 4xx and 5xx only. */
  problems: boolean
  /** Access records of this status class only (`5` for 5xx; one read without a status goes); others pass. */
  status: number | null
  /** Error records at this level or worse only; others pass. */
  level: 'warning' | 'error' | null
  /** Binlog records of tables whose name holds this only; others pass. */
  table: string
  /** Sources not shown. */
  hidden: ReadonlySet<string>
  /** A span of the window, dragged across the strips. */
  narrow: [number, number] | null
}

const WORSE = { critical: 0, error: 1, warning: 2, notice: 3, info: 4, debug: 5 }

/** The ids (places in `records`) the filter keeps, in order. */
export function filterRows(records: readonly TimelineRecord[], f: RecordFilter): number[] {
  const needle = f.text.trim().toLowerCase()
  const table = f.table.trim().toLowerCase()
  const out: number[] = []
  records.forEach((r, id) => {
    if (f.hidden.has(r.source)) return
    if (f.narrow && (r.time < f.narrow[0] || r.time > f.narrow[1])) return
    if (f.problems && severity(r) !== 'bad' && severity(r) !== 'warn') return
    if (f.status !== null && r.kind === 'access' && Math.floor((r.status ?? 0) / 100) !== f.status)
      return
    if (f.level && r.level && WORSE[r.level] > WORSE[f.level]) return
    if (table && r.kind === 'binlog' && !(r.table ?? '').toLowerCase().includes(table)) return
    if (
      needle &&
      !r.text.toLowerCase().includes(needle) &&
      !(r.table ?? '').toLowerCase().includes(needle)
    )
      return
    out.push(id)
  })
  return out
}
