// An error log explored: entries with their continuation lines (stack traces stay with their
// error), counts by level over time, the messages that repeat.
import type { ErrorExploration, ErrorRow } from '../../shared/logs'
import { bucketFor } from './access-explore'
import { createErrorStats, parseErrorLog, type ErrorFormat } from './error-log'

/**
 * Explores an error log's lines; times written without a zone are placed with `zoneMinutes`
 * (the server's). `maxEntries` bounds the entries kept (the newest); the counts cover all.
 */
export function exploreErrors(
  lines: readonly string[],
  format: ErrorFormat,
  options: { zoneMinutes?: number; maxEntries?: number; top?: number } = {},
): ErrorExploration {
  const shift = (options.zoneMinutes ?? 0) * 60_000
  const { entries, raw } = parseErrorLog(lines, format)
  const zoneless = entries.some((e) => e.zoneless)
  const rows: ErrorRow[] = entries.map((e) => ({
    line: e.line,
    time: e.time === null ? null : e.zoneless ? e.time - shift : e.time,
    level: e.level,
    message: e.message,
    more: e.more,
  }))
  // Counted from the entries just read: the lines are not matched a second time.
  const stats = createErrorStats(format)
  for (const e of entries) stats.entry(e)
  // Every repeated message (the screen lists them N of M), counted over all the entries read.
  const { byLevel, topMessages } = stats.result(options.top ?? Infinity)
  let first: number | null = null
  let last: number | null = null
  for (const r of rows) {
    if (r.time === null) continue
    if (first === null || r.time < first) first = r.time
    if (last === null || r.time > last) last = r.time
  }
  const histogram: ErrorExploration['histogram'] = { bucketMs: 60_000, buckets: [] }
  if (first !== null && last !== null) {
    const bucketMs = bucketFor(last - first)
    const start = Math.floor(first / bucketMs) * bucketMs
    const buckets = Array.from({ length: Math.floor((last - start) / bucketMs) + 1 }, (_, i) => ({
      start: start + i * bucketMs,
      error: 0,
      warning: 0,
      other: 0,
    }))
    for (const r of rows) {
      if (r.time === null) continue
      const b = buckets[Math.floor((r.time - start) / bucketMs)]!
      if (r.level === 'critical' || r.level === 'error') b.error++
      else if (r.level === 'warning') b.warning++
      else b.other++
    }
    histogram.bucketMs = bucketMs
    histogram.buckets = buckets
  }
  const maxEntries = options.maxEntries ?? 50_000
  return {
    format: format.name,
    entries: rows.slice(-maxEntries),
    total: rows.length,
    raw: raw.length,
    first,
    last,
    byLevel,
    histogram,
    topMessages,
    zoneless,
  }
}
