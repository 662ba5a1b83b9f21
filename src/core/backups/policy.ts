// The host's backup policy (guide §7) as arithmetic: which backups exist at a moment, and until
// when each is kept. Files every day at the contract's hour, kept 2, 4 or 10 rolling days, plus
// the first day of the previous month (of the two previous months for 4 and 10 days); databases
// every day, kept 60 rolling days. High availability adds the database every half hour (:00 and
// :30, kept 24 hours) and the files every hour (:15, each overwriting the last). The hour is on
// the server's clock: `offsetAt` gives its offset (minutes east of UTC) at an instant, DST and all.
import type { BackupContract, RestorePoint } from '../../shared/backups'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

export type OffsetAt = (ms: number) => number

/**
 * A wall-clock time on the server's clock as an instant, as cron runs it: a time a DST change
 * repeats, its first occurrence; a time a DST gap skips, just after the gap.
 */
export function serverInstant(
  y: number,
  month: number,
  d: number,
  hh: number,
  mm: number,
  offsetAt: OffsetAt,
): number {
  const wall = Date.UTC(y, month, d, hh, mm)
  const before = wall - offsetAt(wall - DAY) * MIN
  const after = wall - offsetAt(wall + DAY) * MIN
  const real = [before, after].filter((t) => t + offsetAt(t) * MIN === wall)
  return real.length ? Math.min(...real) : before
}

/** The server's calendar day of an instant: [year, month (0-11), day]. */
function serverDay(ms: number, offsetAt: OffsetAt): [number, number, number] {
  const d = new Date(ms + offsetAt(ms) * MIN)
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()]
}

function hourOf(c: BackupContract): [number, number] {
  const m = /^(\d\d):(\d\d)$/.exec(c.hour)
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    throw new Error(`"${c.hour}" is not a time HH:MM.`)
  return [Number(m[1]), Number(m[2])]
}

/** The last `n` daily backups taken by `now` (newest first), each kept `n` days. */
function dailies(c: BackupContract, n: number, now: number, offsetAt: OffsetAt): RestorePoint[] {
  const [hh, mm] = hourOf(c)
  const [y, mo, d] = serverDay(now, offsetAt)
  const out: RestorePoint[] = []
  for (let back = 0; out.length < n; back++) {
    const at = serverInstant(y, mo, d - back, hh, mm, offsetAt)
    if (at > now) continue
    out.push({ at, kind: 'daily', keptUntil: serverInstant(y, mo, d - back + n, hh, mm, offsetAt) })
  }
  return out
}

/** The file backups that exist at `now`, newest first. */
export function filePoints(c: BackupContract, now: number, offsetAt: OffsetAt): RestorePoint[] {
  const [hh, mm] = hourOf(c)
  const points = dailies(c, c.days, now, offsetAt)
  // The first day of the previous month (and of the one before, for 4 and 10 days), kept while
  // its month is one of those previous months.
  const [y, mo] = serverDay(now, offsetAt)
  const months = c.days === 2 ? 1 : 2
  for (let back = 1; back <= months; back++) {
    const at = serverInstant(y, mo - back, 1, hh, mm, offsetAt)
    const keptUntil = serverInstant(y, mo - back + months + 1, 1, 0, 0, offsetAt)
    if (!points.some((p) => p.at === at)) points.push({ at, kind: 'monthly', keptUntil })
  }
  if (c.ha) {
    // Every hour at :15, each overwriting the last: only the newest exists.
    // (on the server's clock: :15 there, whatever its offset's minutes)
    const off = offsetAt(now) * MIN
    const hourStart = now - ((((now + off) % HOUR) + HOUR) % HOUR)
    const at = hourStart + 15 * MIN <= now ? hourStart + 15 * MIN : hourStart - 45 * MIN
    points.push({ at, kind: 'hourly', keptUntil: at + HOUR })
  }
  return points.sort((a, b) => b.at - a.at)
}

/** The database backups that exist at `now`, newest first. */
export function databasePoints(c: BackupContract, now: number, offsetAt: OffsetAt): RestorePoint[] {
  const points = dailies(c, 60, now, offsetAt)
  if (c.ha) {
    // Every half hour (:00 and :30), kept 24 hours.
    const half = 30 * MIN
    const off = offsetAt(now) * MIN
    for (let at = now - ((((now + off) % half) + half) % half); at > now - DAY; at -= half)
      if (!points.some((p) => p.at === at))
        points.push({ at, kind: 'half-hourly', keptUntil: at + DAY })
  }
  return points.sort((a, b) => b.at - a.at)
}

/** The newest point taken at or before `at`, or null when every kept one is younger. */
export function newestBefore(points: readonly RestorePoint[], at: number): RestorePoint | null {
  let best: RestorePoint | null = null
  for (const p of points) if (p.at <= at && (best === null || p.at > best.at)) best = p
  return best
}

/** A contract from anything (a request, a settings file), or why it is not one. */
export function checkContract(x: unknown): BackupContract {
  const c = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>
  if (c.days !== 2 && c.days !== 4 && c.days !== 10)
    throw new Error('A contract keeps the files 2, 4 or 10 days.')
  if (typeof c.hour !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(c.hour))
    throw new Error('The daily backup time is HH:MM.')
  return { days: c.days, ha: c.ha === true, hour: c.hour }
}
