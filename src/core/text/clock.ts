// One clock for every screen and the CLI. A time is an instant (Unix ms) and is shown in the zone
// the user picked once: the server's (the zone its logs are written in), UTC, or this computer's;
// every time shown says its zone. Times a log writes without a zone are placed with the server's.
import type { ClockMode, ServerClock } from '../../shared/servers'
import { zoneText } from '../logs'

/** The zone times are shown in: an IANA name (its offset follows summer time) or a fixed offset. */
export interface DisplayZone {
  mode: ClockMode
  /** IANA name, or null for a fixed offset (`fixedMin`). */
  name: string | null
  fixedMin: number
}

/** One formatter per zone name, made once (null: a name this runtime does not know). */
const OFFSET_FORMATS = new Map<string, Intl.DateTimeFormat | null>()

function offsetFormat(zone: string): Intl.DateTimeFormat | null {
  let f = OFFSET_FORMATS.get(zone)
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    } catch {
      f = null
    }
    OFFSET_FORMATS.set(zone, f)
  }
  return f
}

/** Whether `zone` is an IANA zone this runtime knows. */
export function knownZone(zone: string): boolean {
  return offsetFormat(zone) !== null
}

/** Minutes east of UTC of an IANA zone at an instant (summer time included); 0 if unknown. */
export function zoneOffsetAt(zone: string, ms: number): number {
  const f = offsetFormat(zone)
  if (!f) return 0
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name)
  if (!m) return 0
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? -minutes : minutes
}

/** The zone to show times in for a mode, given the server's clock and this computer's zone. */
export function displayZone(
  mode: ClockMode,
  server: ServerClock | null,
  localZone: string,
): DisplayZone {
  if (mode === 'utc') return { mode, name: null, fixedMin: 0 }
  if (mode === 'local') return { mode, name: localZone, fixedMin: 0 }
  if (!server || server.source === 'unknown') return { mode: 'utc', name: null, fixedMin: 0 }
  return { mode, name: server.zone, fixedMin: server.offsetMin }
}

/** Minutes east of UTC of the display zone at an instant. */
export function offsetAt(zone: DisplayZone, ms: number): number {
  return zone.name ? zoneOffsetAt(zone.name, ms) : zone.fixedMin
}

/** The server's offset from UTC at an instant (its zone's, summer time included; 0 if unknown). */
export function serverOffsetAt(server: ServerClock | null, ms: number): number {
  return offsetAt(displayZone('server', server, 'UTC'), ms)
}

const two = (n: number): string => String(n).padStart(2, '0')

/** The wall-clock time of an instant in a zone: `2026-11-28 14:23:15` (or to the minute or ms). */
export function wallTime(
  ms: number,
  zone: DisplayZone,
  precision: 'minute' | 'second' | 'ms' = 'second',
): string {
  const d = new Date(ms + offsetAt(zone, ms) * 60_000)
  const date = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`
  const hm = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
  if (precision === 'minute') return `${date} ${hm}`
  const s = `${hm}:${two(d.getUTCSeconds())}`
  return `${date} ${precision === 'ms' ? `${s}.${String(d.getUTCMilliseconds()).padStart(3, '0')}` : s}`
}

/** The zone as written after a time: `UTC`, or the offset at that instant (`+01:00`). */
export function zoneSuffix(ms: number, zone: DisplayZone): string {
  if (zone.mode === 'utc' || (zone.name === null && zone.fixedMin === 0)) return 'UTC'
  return zoneText(offsetAt(zone, ms))
}

/** An instant as every screen writes it: `2026-11-28 14:23:15 +01:00`, `2026-11-28 13:23:15 UTC`. */
export function formatInstant(
  ms: number,
  zone: DisplayZone,
  precision: 'minute' | 'second' | 'ms' = 'second',
): string {
  return `${wallTime(ms, zone, precision)} ${zoneSuffix(ms, zone)}`
}

/**
 * A time a log wrote without a zone (`2026-11-28T14:23:15`, `2026-11-28 14:23`), read in the
 * server's zone: the instant, or null if the text is not such a time.
 */
export function serverLocalToEpoch(local: string, server: ServerClock | null): number | null {
  return wallToEpoch(local, displayZone('server', server, 'UTC'))
}

/** A wall time (`2026-11-28T14:23:15`, `2026-11-28 14:23`) read in a zone: the instant, or null. */
export function wallToEpoch(local: string, zone: DisplayZone): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(local)
  if (!m) return null
  return wallMsToEpoch(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)), zone)
}

/** A wall time given as if it were UTC (epoch ms of the same digits) read in a zone: the instant. */
export function wallMsToEpoch(asUtc: number, zone: DisplayZone): number {
  if (!zone.name) return asUtc - zone.fixedMin * 60_000
  // The offset of the zone at that wall time: found from a first guess, then corrected once
  // (right on both sides of a summer-time change, except in the hour that does not exist).
  const first = zoneOffsetAt(zone.name, asUtc)
  const second = zoneOffsetAt(zone.name, asUtc - first * 60_000)
  return asUtc - second * 60_000
}

/** A server's zoneless wall time, given as if it were UTC, placed in its zone. */
export function serverWallToEpoch(asUtc: number, server: ServerClock | null): number {
  return wallMsToEpoch(asUtc, displayZone('server', server, 'UTC'))
}

/** `Europe/Paris (UTC+01:00)`, `UTC+01:00`: the server's zone as the UI names it. */
export function serverZoneName(server: ServerClock, nowMs: number): string {
  const utc = `UTC${zoneText(serverOffsetAt(server, nowMs))}`
  return server.zone ? `${server.zone} (${utc})` : utc
}
