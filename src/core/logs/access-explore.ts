// Exploring an access log (HAProxy, Apache, Nginx): its requests as rows for the table, a time
// histogram stacked by status class, the top IPs and paths, the slowest requests, and the ban
// helper — the per-IP request rate in 10-second windows and the 408/403/429 bursts that trip the
// platform's IDS micro-bans.
import type { AccessExploration, AccessRow, BanSuspect } from '../../shared/logs'
import { createAccessLineReader, type AccessFormat } from './access-log'
import { bump, ranked } from '../text'

/** Requests from one IP in 10 seconds above which a micro-ban is likely. */
export const BURST_PER_10S = 40
/** 408/403/429 answers to one IP above which its requests are likely being refused. */
export const REFUSALS = 5

const STEPS_MS = [60_000, 5 * 60_000, 15 * 60_000, 3_600_000, 6 * 3_600_000, 86_400_000]

/** A bucket size giving at most `max` buckets over the span. */
export function bucketFor(spanMs: number, max = 180): number {
  return STEPS_MS.find((s) => spanMs / s <= max) ?? STEPS_MS[STEPS_MS.length - 1]!
}

export function statusClass(status: number): 'c2' | 'c3' | 'c4' | 'c5' | 'other' {
  return status >= 200 && status < 300
    ? 'c2'
    : status >= 300 && status < 400
      ? 'c3'
      : status >= 400 && status < 500
        ? 'c4'
        : status >= 500 && status < 600
          ? 'c5'
          : 'other'
}

/**
 * The exploration of access log lines (oldest first). `maxRows` bounds the rows kept for the table
 * (the newest are kept); every count covers all lines.
 */
export function exploreAccess(
  lines: readonly string[],
  format: AccessFormat | null,
  options: { maxRows?: number; top?: number; firstLine?: number } = {},
): AccessExploration {
  const maxRows = options.maxRows ?? 200_000
  const top = options.top ?? 15
  let rows: AccessRow[] = []
  let parsed = 0
  let unparsed = 0
  const ips = new Map<string, number>()
  const paths = new Map<string, number>()
  const agents = new Map<string, number>()
  const perIp = new Map<
    string,
    { windows: Map<number, number>; refused: [number, number, number] }
  >()
  let first = Infinity
  let last = -Infinity
  const timed: { time: number; status: number }[] = []
  const slowest: AccessRow[] = []
  const read = createAccessLineReader(format)
  lines.forEach((text, i) => {
    if (text.length === 0) return
    const r = read(text)
    if (!r) {
      unparsed++
      return
    }
    parsed++
    const row: AccessRow = { n: (options.firstLine ?? 1) + i, ...r, line: text }
    rows.push(row)
    // The newest `maxRows` kept, the older half dropped at once (one shift per line was quadratic).
    if (rows.length >= 2 * maxRows) rows = rows.slice(rows.length - maxRows)
    bump(ips, r.ip)
    const path = r.path.split('?')[0] ?? r.path
    bump(paths, path)
    if (r.agent !== undefined) bump(agents, r.agent)
    if (r.time !== null) {
      if (r.time < first) first = r.time
      if (r.time > last) last = r.time
      timed.push({ time: r.time, status: r.status })
      let ip = perIp.get(r.ip)
      if (!ip) perIp.set(r.ip, (ip = { windows: new Map(), refused: [0, 0, 0] }))
      const w = Math.floor(r.time / 10_000)
      bump(ip.windows, w)
      if (r.status === 408) ip.refused[0]++
      else if (r.status === 403) ip.refused[1]++
      else if (r.status === 429) ip.refused[2]++
    }
    if (r.durationMs !== undefined) {
      slowest.push(row)
      if (slowest.length > top * 4) {
        slowest.sort((a, b) => b.durationMs! - a.durationMs!)
        slowest.length = top
      }
    }
  })
  const histogram: AccessExploration['histogram'] = { bucketMs: 60_000, buckets: [] }
  if (timed.length > 0) {
    const bucketMs = bucketFor(last - first)
    const start = Math.floor(first / bucketMs) * bucketMs
    const count = Math.floor((last - start) / bucketMs) + 1
    const buckets = Array.from({ length: count }, (_, k) => ({
      start: start + k * bucketMs,
      c2: 0,
      c3: 0,
      c4: 0,
      c5: 0,
      other: 0,
    }))
    for (const t of timed)
      buckets[Math.floor((t.time - start) / bucketMs)]![statusClass(t.status)]++
    histogram.bucketMs = bucketMs
    histogram.buckets = buckets
  }
  const bans: BanSuspect[] = []
  for (const [ip, stat] of perIp) {
    let maxPer10s = 0
    let busiest = 0
    for (const [w, n] of stat.windows)
      if (n > maxPer10s) {
        maxPer10s = n
        busiest = w * 10_000
      }
    const [s408, s403, s429] = stat.refused
    const refused = s408 + s403 + s429
    if (maxPer10s < BURST_PER_10S / 2 && refused === 0) continue
    bans.push({
      ip,
      requests: ips.get(ip) ?? 0,
      maxPer10s,
      busiestAt: busiest,
      s408,
      s403,
      s429,
      likelyBanned: maxPer10s >= BURST_PER_10S || refused >= REFUSALS,
    })
  }
  bans.sort(
    (a, b) =>
      Number(b.likelyBanned) - Number(a.likelyBanned) ||
      b.maxPer10s - a.maxPer10s ||
      b.s408 + b.s403 + b.s429 - (a.s408 + a.s403 + a.s429),
  )
  return {
    format: format?.name ?? null,
    rows: rows.length > maxRows ? rows.slice(rows.length - maxRows) : rows,
    parsed,
    unparsed,
    first: Number.isFinite(first) ? first : null,
    last: Number.isFinite(last) ? last : null,
    histogram,
    topIps: ranked(ips, top),
    topPaths: ranked(paths, top),
    topAgents: ranked(agents, top),
    slowest: slowest.sort((a, b) => b.durationMs! - a.durationMs!).slice(0, top),
    bans: bans.slice(0, 50),
  }
}
