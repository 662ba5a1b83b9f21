// The time a log line was written, whatever the log: the error log formats, CLF access logs
// (`[28/Nov/2026:14:22:35 +0100]`), HAProxy's syslog headers, ISO stamps at the start of a line.
// Times written without a zone are read in `zoneMinutes` (the server's), UTC when unknown.
import { clfTime, monthIndex, syslogZoneMinutes, zoneText } from '../logs'
import { readLogTime } from '../logs'
import { ERROR_FORMATS } from '../logs'

const CLF = /\[(\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?: [+-]\d{4})?)\]/
// A PHP-FPM slow-log dump's header: `[28-Nov-2026 14:22:28]  [pool www] pid 18736` (no zone).
const FPM_DUMP = /^\[(\d{2})-([A-Z][a-z]{2})-(\d{4}) (\d{2}:\d{2}:\d{2})\]/
// A PHP-FPM pool's access log (`%t` without brackets): `- -  28/Nov/2026:14:22:26 +0100 "GET …`.
const BARE_CLF = /^\S+ \S+ +(\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}) "/
const ISO = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/

/** Epoch ms of a line, or null when it has no time this knows (a continuation line). */
export function lineTime(line: string, zoneMinutes = 0): number | null {
  const zone = zoneText(zoneMinutes)
  const clf = CLF.exec(line)
  if (clf) {
    // HAProxy's accept date has no zone: its syslog header's, else the server's.
    const header = syslogZoneMinutes(line)
    const own = /[+-]\d{4}$/.test(clf[1]!) ? undefined : header === null ? zone : zoneText(header)
    const t = clfTime(clf[1]!, own)
    if (t !== null) return t
  }
  for (const f of ERROR_FORMATS) {
    const m = f.pattern.exec(line)
    if (!m) continue
    const r = f.read(m)
    if (r.time !== null) return r.zoneless ? r.time - zoneMinutes * 60_000 : r.time
  }
  const iso = ISO.exec(line)
  if (iso) return readLogTime(iso[1]!, zone)
  const bare = BARE_CLF.exec(line)
  if (bare) return clfTime(bare[1]!)
  const dump = FPM_DUMP.exec(line)
  const month = dump ? monthIndex(dump[2]!) : -1
  if (!dump || month < 0) return null
  return readLogTime(`${dump[3]}-${String(month + 1).padStart(2, '0')}-${dump[1]}T${dump[4]}`, zone)
}

/**
 * The index of the first line written at or after `ms` (lines without a time skipped), or
 * 'before' / 'after' when the moment is outside what the lines cover, or null if none has a time.
 */
export function lineAtMoment(
  lines: readonly string[],
  ms: number,
  zoneMinutes = 0,
): number | 'before' | 'after' | null {
  let any = false
  for (let i = 0; i < lines.length; i++) {
    const t = lineTime(lines[i]!, zoneMinutes)
    if (t === null) continue
    if (t >= ms) return any || t - ms < 1000 ? i : 'before'
    any = true
  }
  return any ? 'after' : null
}
