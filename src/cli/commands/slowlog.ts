// twb slowlog.
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { analyzeSlowlogs } from '../../main/services/slowlog'
import { localSource } from '../../main/services/platform'
import { offsetMinutes, zoneText } from '../../core/logs'
import { APP_ROOT, UsageError, nothingUnderstood, validZone, type Io } from '../common'

export async function slowlog(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'summary') throw new UsageError('expected "twb slowlog summary FILE..."')
  const { values, positionals: files } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      'fpm-log': { type: 'string', multiple: true },
      'access-log': { type: 'string', multiple: true },
      json: { type: 'boolean' },
      top: { type: 'string' },
      zone: { type: 'string' },
    },
  })
  if (files.length === 0) throw new UsageError('expected at least one slow log FILE')
  if (values.zone !== undefined && !validZone(values.zone))
    throw new UsageError('--zone is an offset like +01:00 or -05:00 (from -12:00 to +14:00)')
  // The slow log writes the server's local time without a zone: placed with --zone when given,
  // else printed as written and said to be the server's local time.
  const zone = values.zone === undefined ? null : zoneText(offsetMinutes(values.zone)!)
  const at = (local: string | null): string | null =>
    local === null ? null : zone === null ? local : `${local}${zone}`
  const report = await analyzeSlowlogs(
    files.map(localSource),
    (values['fpm-log'] ?? []).map(localSource),
    (values['access-log'] ?? []).map(localSource),
    { worker: join(APP_ROOT, 'out', 'main', 'part-worker.js') },
  )
  const top = values.top === undefined ? 10 : Number(values.top)
  if (values.json) {
    const summary = {
      entries: report.entries,
      dumpFailed: report.dumpFailed,
      pools: report.pools,
      first: at(report.first),
      last: at(report.last),
      zone: zone === null ? null : zone,
      byScript: report.byScript,
      byUri: report.byUri,
      byTopFrame: report.byTopFrame,
      byStack: report.byStack,
      timed: report.timed,
      time: report.time,
      requests: report.requests.map((q) => ({
        time: at(q.time),
        pool: q.pool,
        pid: q.pid,
        script: q.script,
        method: q.method ?? null,
        uri: q.uri ?? null,
        durationSec: q.durationSec ?? null,
        totalSec: q.totalSec ?? null,
        status: q.status ?? null,
        killed: q.killed ?? false,
      })),
      issues: report.issues,
    }
    io.out(JSON.stringify(summary, null, 2) + '\n')
    return slowlogVerdict(report, files)
  }
  const timed = report.timed > 0
  const list = (
    title: string,
    rows: [string, number][],
    time: Record<string, [number, number]>,
  ): void => {
    const shown = rows.slice(0, top)
    io.out(
      `\n${title}${shown.length < rows.length ? ` (${shown.length} of ${rows.length})` : ''}\n`,
    )
    for (const [name, n] of shown) {
      const [sec, known] = time[name] ?? [0, 0]
      const total = !timed
        ? ''
        : `${sec.toFixed(1).padStart(9)} s${known < n ? ` (${known} of ${n} timed)` : ''}  `
      io.out(
        `${String(n).padStart(7)}  ${((n / report.entries) * 100).toFixed(1).padStart(5)}%  ${total}${name}\n`,
      )
    }
  }
  io.out(
    `${report.entries} slow entries (${report.dumpFailed} dump failed) from ${at(report.first) ?? '-'} to ${at(report.last) ?? '-'}${zone === null ? ' (the server’s local time: the file has no zone; --zone places it)' : ''}\n`,
  )
  io.out(
    timed
      ? `${report.timed} of ${report.entries} entries timed by the pool's access log or php-fpm's kill: columns are count, share, total seconds\n`
      : "No entry timed (give the pool's access log with --access-log): columns are count and share\n",
  )
  list('By script', report.byScript, report.time.byScript)
  if (report.byUri.length > 0) list('By request', report.byUri, report.time.byUri)
  list('By top frame', report.byTopFrame, report.time.byTopFrame)
  for (const i of report.issues.slice(0, 20)) io.err(`line ${i.line}: ${i.message}\n`)
  return slowlogVerdict(report, files)
}

/** Exit 1 when the files gave no entry but lines that are not one: not a slow log at all. */
export function slowlogVerdict(
  report: { entries: number; issues: unknown[] },
  files: string[],
): number {
  if (report.entries === 0 && report.issues.length > 0)
    throw nothingUnderstood(
      files.join(', '),
      'no slow-log entry in it: php-fpm slow log entries ("[02-Dec-2026 14:08:11]  [pool www] pid 123", script_filename, stack frames) were expected.',
    )
  return 0
}
