// Exploring an access log (HAProxy, Apache, Nginx): its requests as rows for the table, a time
// histogram stacked by status class, the top IPs and paths, the slowest requests, and the ban
// helper — the per-IP request rate in 10-second windows and the 408/403/429 bursts that trip the
// platform's IDS micro-bans.
import type { AccessExploration, AccessRow, BanSuspect } from '../../shared/logs'
import { createAccessLineReader, type AccessFormat, type AccessRecord } from './access-log'
import { ranked } from '../text'

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

/** A growable column of doubles (pairs of the ban helper, times of the histogram). */
class Doubles {
  data = new Float64Array(1024)
  length = 0
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2)
      grown.set(this.data)
      this.data = grown
    }
    this.data[this.length++] = v
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length)
  }
}

/** 10-second windows up to 2^28 (the year 2055) and IPs up to 2^25 fit one exact double. */
const WINDOWS = 2 ** 28
const SLOW_KEEP = 4

/**
 * The exploration of access lines fed one at a time (oldest first), as they are read: nothing
 * but the newest `maxRows` rows is kept, the counts cover all lines.
 */
export class AccessExplorer {
  private rows: AccessRow[] = []
  private parsed = 0
  private unparsed = 0
  /** IP → its index in the per-IP columns. */
  private readonly ipIndex = new Map<string, number>()
  private readonly ipNames: string[] = []
  private readonly ipCounts: number[] = []
  private readonly refused: number[] = []
  private readonly paths = new Map<string, number>()
  private readonly agents = new Map<string, number>()
  /** ipIndex × 2^28 + 10-second window, one per timed request: sorted and counted at the end. */
  private readonly ipWindows = new Doubles()
  private readonly times = new Doubles()
  private readonly statuses = new Doubles()
  private first = Infinity
  private last = -Infinity
  private slowest: AccessRow[] = []
  private readonly read: (text: string) => AccessRecord | null
  private readonly maxRows: number
  private readonly top: number

  constructor(
    private readonly format: AccessFormat | null,
    options: { maxRows?: number; top?: number } = {},
  ) {
    this.read = createAccessLineReader(format)
    this.maxRows = options.maxRows ?? 200_000
    this.top = options.top ?? 15
  }

  /** One line, `n` its number in what was read. */
  add(text: string, n: number): void {
    if (text.length === 0) return
    const r = this.read(text) as AccessRow | null
    if (!r) {
      this.unparsed++
      return
    }
    this.parsed++
    // The record is this line's own: it becomes the row (a copy per line cost a third).
    r.n = n
    r.line = text
    this.rows.push(r)
    // The newest `maxRows` kept, the older half dropped at once (one shift per line was quadratic).
    if (this.rows.length >= 2 * this.maxRows) this.rows = this.rows.slice(-this.maxRows)
    let ip = this.ipIndex.get(r.ip)
    if (ip === undefined) {
      ip = this.ipNames.length
      this.ipIndex.set(r.ip, ip)
      this.ipNames.push(r.ip)
      this.ipCounts.push(0)
      this.refused.push(0, 0, 0)
    }
    this.ipCounts[ip]!++
    const q = r.path.indexOf('?')
    const path = q === -1 ? r.path : r.path.slice(0, q)
    this.paths.set(path, (this.paths.get(path) ?? 0) + 1)
    if (r.agent !== undefined) this.agents.set(r.agent, (this.agents.get(r.agent) ?? 0) + 1)
    if (r.time !== null) {
      if (r.time < this.first) this.first = r.time
      if (r.time > this.last) this.last = r.time
      this.times.push(r.time)
      this.statuses.push(r.status)
      const w = Math.floor(r.time / 10_000)
      if (w >= 0 && w < WINDOWS) this.ipWindows.push(ip * WINDOWS + w)
      if (r.status === 408) this.refused[ip * 3]!++
      else if (r.status === 403) this.refused[ip * 3 + 1]!++
      else if (r.status === 429) this.refused[ip * 3 + 2]!++
    }
    if (r.durationMs !== undefined) {
      this.slowest.push(r)
      if (this.slowest.length > this.top * SLOW_KEEP) {
        this.slowest.sort((a, b) => b.durationMs! - a.durationMs!)
        this.slowest.length = this.top
      }
    }
  }

  result(): AccessExploration {
    const { top, maxRows } = this
    const ips = this.ipNames.map((ip, i): [string, number] => [ip, this.ipCounts[i]!])
    return {
      format: this.format?.name ?? null,
      rows: this.rows.length > maxRows ? this.rows.slice(-maxRows) : this.rows,
      parsed: this.parsed,
      unparsed: this.unparsed,
      first: Number.isFinite(this.first) ? this.first : null,
      last: Number.isFinite(this.last) ? this.last : null,
      histogram: this.histogram(),
      topIps: ranked(ips, top),
      topPaths: ranked(this.paths, top),
      topAgents: ranked(this.agents, top),
      slowest: this.slowest.sort((a, b) => b.durationMs! - a.durationMs!).slice(0, top),
      bans: this.bans(),
    }
  }

  private histogram(): AccessExploration['histogram'] {
    const histogram: AccessExploration['histogram'] = { bucketMs: 60_000, buckets: [] }
    if (this.times.length === 0) return histogram
    const bucketMs = bucketFor(this.last - this.first)
    const start = Math.floor(this.first / bucketMs) * bucketMs
    const count = Math.floor((this.last - start) / bucketMs) + 1
    const buckets = Array.from({ length: count }, (_, k) => ({
      start: start + k * bucketMs,
      c2: 0,
      c3: 0,
      c4: 0,
      c5: 0,
      other: 0,
    }))
    const times = this.times.view()
    const statuses = this.statuses.view()
    for (let i = 0; i < times.length; i++)
      buckets[Math.floor((times[i]! - start) / bucketMs)]![statusClass(statuses[i]!)]++
    histogram.bucketMs = bucketMs
    histogram.buckets = buckets
    return histogram
  }

  /** Per IP, its busiest 10 seconds (the pairs sorted: each IP's windows in a run) and refusals. */
  private bans(): BanSuspect[] {
    const pairs = this.ipWindows.view().sort()
    const maxPer10s = new Array<number>(this.ipNames.length).fill(0)
    const busiest = new Array<number>(this.ipNames.length).fill(0)
    for (let i = 0; i < pairs.length;) {
      let j = i + 1
      while (j < pairs.length && pairs[j] === pairs[i]) j++
      const ip = Math.floor(pairs[i]! / WINDOWS)
      if (j - i > maxPer10s[ip]!) {
        maxPer10s[ip] = j - i
        busiest[ip] = (pairs[i]! - ip * WINDOWS) * 10_000
      }
      i = j
    }
    const bans: BanSuspect[] = []
    this.ipNames.forEach((ip, i) => {
      const [s408, s403, s429] = [
        this.refused[i * 3]!,
        this.refused[i * 3 + 1]!,
        this.refused[i * 3 + 2]!,
      ]
      const refused = s408 + s403 + s429
      const most = maxPer10s[i]!
      if (most < BURST_PER_10S / 2 && refused === 0) return
      bans.push({
        ip,
        requests: this.ipCounts[i]!,
        maxPer10s: most,
        busiestAt: busiest[i]!,
        s408,
        s403,
        s429,
        likelyBanned: most >= BURST_PER_10S || refused >= REFUSALS,
      })
    })
    bans.sort(
      (a, b) =>
        Number(b.likelyBanned) - Number(a.likelyBanned) ||
        b.maxPer10s - a.maxPer10s ||
        b.s408 + b.s403 + b.s429 - (a.s408 + a.s403 + a.s429),
    )
    return bans.slice(0, 50)
  }
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
  const explorer = new AccessExplorer(format, options)
  const first = options.firstLine ?? 1
  for (let i = 0; i < lines.length; i++) explorer.add(lines[i]!, first + i)
  return explorer.result()
}
