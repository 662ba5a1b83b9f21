// The time a log line was written, whatever the log: the error log formats, CLF access logs
// (`[28/Nov/2026:14:22:35 +0100]`), HAProxy's syslog headers, ISO stamps at the start of a line.
// Times written without a zone are read in `zoneMinutes` (the server's), UTC when unknown.
import { clfTime, syslogZoneMinutes, zoneText } from '../logs'
import { readLogTime } from '../logs'
import { ERROR_FORMATS } from '../logs'

const CLF = /\[(\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?: [+-]\d{4})?)\]/
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
  return iso ? readLogTime(iso[1]!, zone) : null
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
