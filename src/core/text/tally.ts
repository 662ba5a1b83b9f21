// Counting by key, and the one order every report ranks its counts in: the most frequent
// first, equal counts by key (so that a report is the same from run to run).

export function bump<K>(map: Map<K, number>, key: K, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n)
}

/** The entries, most frequent first, ties by key; the first `top` of them. */
export function ranked(entries: Iterable<[string, number]>, top = Infinity): [string, number][] {
  return [...entries].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top)
}

/** An epoch-ms time as ISO 8601 UTC, null kept. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}
