// The web requests and slow PHP entries around one moment (a binlog event's second, say), from
// the access logs and the php-fpm slow logs of the server: which request made the change.
import type {
  CorrelatedRequest,
  CorrelatedRequests,
  CorrelatedSlowEntry,
  CustomLogFormat,
  LogFile,
} from '../../../shared/api'
import { parseSlowlog } from '../../../core/slowlog'
import {
  accessFormats,
  bestFormat,
  clfMinutePrefixes,
  clfOffsetMinutes,
  createAccessLineReader,
  localMinutes,
  syslogZoneMinutes,
  zoneText,
} from '../../../core/logs'
import { readRange } from '../files'
import { commandOutput as output, type Target } from '../platform'
import { discoverLogs } from './logs'
/**
 * The web requests around a binlog event (± `windowSec`), from the nginx and Apache access logs
 * (live and first rotation), found on the server with grep on the minutes the window covers in
 * each log's own time zone: which PHP request made the change. POSTs first, then by distance.
 */
export async function correlateRequests(
  target: Target,
  epoch: number,
  windowSec = 10,
  /** The user's own access log formats, tried after the built-in ones. */
  custom: CustomLogFormat[] = [],
): Promise<CorrelatedRequests> {
  const formats = accessFormats(custom)
  const from = (epoch - windowSec) * 1000
  const to = (epoch + windowSec) * 1000
  const found = (await discoverLogs(target)).filter((l) => !l.compressed)
  // The web servers' logs first (their times carry the zone), HAProxy's last: its accept date
  // has no zone, and an RFC 3164 syslog header none either; then the zone the others show is used.
  const logs = [
    ...found.filter((l) => l.kind === 'nginx-access' || l.kind === 'apache-access'),
    ...found.filter((l) => l.kind === 'haproxy'),
  ]
  const requests: CorrelatedRequest[] = []
  const skipped: string[] = []
  // The server's zone, learnt from the access logs: php-fpm writes local times without one.
  let serverOffset: number | null = null
  for (const log of logs) {
    if (log.size === 0) continue
    let offset: number | null
    try {
      const tail = await readRange(target, log.path, Math.max(0, log.size - 8192), 8192)
      const lines = tail.text.split('\n').filter(Boolean)
      const last = lines[lines.length - 1]
      offset =
        last === undefined
          ? null
          : log.kind === 'haproxy'
            ? (syslogZoneMinutes(last) ?? serverOffset)
            : (clfOffsetMinutes(last) ?? syslogZoneMinutes(last))
    } catch {
      skipped.push(log.path)
      continue
    }
    if (offset === null) {
      skipped.push(log.path) // no zone in its times: they cannot be placed on the timeline
      continue
    }
    serverOffset ??= offset
    // The minutes of the window as the log writes them: CLF, or ISO at the start of the line.
    const prefixes = [
      ...clfMinutePrefixes(from, to, offset),
      ...localMinutes(from, to, offset).flatMap((m) => {
        const day = `${m.year}-${m.monthNumber}-${m.day}`
        return [`${day}T${m.hour}:${m.minute}:`, `${day} ${m.hour}:${m.minute}:`]
      }),
    ]
    const text = await output(target, [
      'grep',
      '-F',
      ...prefixes.flatMap((p) => ['-e', p]),
      target.commandPath(log.path),
    ])
    const lines = text.split('\n').filter(Boolean)
    const best = bestFormat(formats, lines)
    if (!best) {
      if (lines.length > 0) skipped.push(log.path) // no format reads it: define one in Explore
      continue
    }
    // A zone-less HAProxy time (RFC 3164 header) is the server's local time.
    const read = createAccessLineReader(best, zoneText(offset))
    for (const line of lines) {
      const r = read(line)
      if (!r) continue
      const time = r.time
      if (time === null || time < from || time > to) continue
      requests.push({
        log: log.path,
        time,
        offsetSec: Math.round((time - epoch * 1000) / 1000),
        ip: r.ip,
        method: r.method,
        path: r.path,
        status: r.status,
        ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
        ...(r.termination !== undefined ? { termination: r.termination } : {}),
        line,
      })
    }
  }
  // A vhost often logs each request twice (two log formats): once is enough, from the log that
  // says how long it took when one does.
  const byKey = new Map<string, CorrelatedRequest>()
  for (const q of requests) {
    const key = `${q.time} ${q.ip} ${q.method} ${q.path} ${q.status}`
    const kept = byKey.get(key)
    if (!kept || (kept.durationMs === undefined && q.durationMs !== undefined)) byKey.set(key, q)
  }
  const unique = [...byKey.values()]
  const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
  unique.sort(
    (a, b) =>
      Number(writes.has(b.method)) - Number(writes.has(a.method)) ||
      Math.abs(a.offsetSec) - Math.abs(b.offsetSec),
  )
  const slow =
    serverOffset === null
      ? []
      : await slowEntriesAround(
          target,
          found.filter((l) => l.kind === 'php-slow'),
          from,
          to,
          serverOffset,
          epoch,
        )
  return { requests: unique.slice(0, 200), slow, skipped }
}

/**
 * The PHP-FPM slow-log entries of the window (their header times are local: `offset` minutes
 * from UTC), found with grep on the minutes it covers, with each entry's stack as context.
 */
async function slowEntriesAround(
  target: Target,
  logs: LogFile[],
  from: number,
  to: number,
  offset: number,
  epoch: number,
): Promise<CorrelatedSlowEntry[]> {
  // php-fpm's header: `[28-Nov-2026 14:22:28]`.
  const prefixes = localMinutes(from, to, offset).map(
    (m) => `[${m.day}-${m.month}-${m.year} ${m.hour}:${m.minute}:`,
  )
  const out: CorrelatedSlowEntry[] = []
  for (const log of logs) {
    if (log.size === 0) continue
    const text = await output(target, [
      'grep',
      '-F',
      '-A',
      '40',
      ...prefixes.flatMap((p) => ['-e', p]),
      target.commandPath(log.path),
    ])
    // grep separates its groups with "--": a blank line ends an entry for the parser.
    const { entries } = parseSlowlog(text.replace(/^--$/gm, ''))
    for (const e of entries) {
      const time = e.secs * 1000 - offset * 60_000
      if (!(time >= from && time <= to)) continue
      out.push({
        log: log.path,
        time,
        offsetSec: Math.round((time - epoch * 1000) / 1000),
        pool: e.pool,
        pid: e.pid,
        script: e.script,
        top: e.frames[0] ? `${e.frames[0].fn}() ${e.frames[0].file}:${e.frames[0].line}` : null,
      })
    }
  }
  return out.sort((a, b) => Math.abs(a.offsetSec) - Math.abs(b.offsetSec)).slice(0, 50)
}
