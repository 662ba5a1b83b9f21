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
