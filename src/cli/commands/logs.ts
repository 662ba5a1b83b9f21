// twb tail, twb logs stats|grep|propose.
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Services } from '../../main/services/api'
import { followJob } from '../follow-job'
import { eachLine, localSource } from '../../main/services/platform'
import { accessFormats, bestFormat, offsetMinutes, zoneText } from '../../core/logs'
import { accessStats, headLines, readFileEnd } from '../../main/services/logs'
import { ERROR_FORMATS, createErrorStats, detectErrorFormat } from '../../core/logs'
import { proposeFormat } from '../../core/logs'
import {
  APP_ROOT,
  CliError,
  UsageError,
  call,
  noEvents,
  nothingUnderstood,
  positionals,
  validZone,
  zonedInstant,
  type Io,
} from '../common'
import { Readable } from 'node:stream'
import { createApiSession } from '../../main/services/api'
import type { Source } from '../../main/services/platform'

export async function tail(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } },
  })
  const [serverName, path] = positionals(pos, 2, 'SERVER PATH')
  const lines = values.lines === undefined ? 10 : Number(values.lines)
  if (!Number.isInteger(lines) || lines < 0) throw new UsageError('-n takes a number of lines')
  await followJob(
    services,
    'tail:start',
    { server: serverName!, path: path!, lines, follow: values.follow ?? false },
    { record: (line) => io.out(line + '\n') },
  )
  return 0
}

/** `twb logs propose LINE [FILE]`: a format definition from a sample line, checked on FILE. */
export async function logsPropose(args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  })
  const [sample, file] = pos
  if (!sample || pos.length > 2) throw new UsageError('expected "twb logs propose LINE [FILE]"')
  const proposal = proposeFormat(sample)
  let check: { lines: number; matched: number } | null = null
  if (file) {
    const re = new RegExp(proposal.pattern)
    check = { lines: 0, matched: 0 }
    const counts = check
    await eachLine(localSource(file), (l) => {
      if (!l) return
      counts.lines++
      if (re.test(l)) counts.matched++
    })
  }
  if (values.json)
    io.out(JSON.stringify({ ...proposal, ...(check ? { check } : {}) }, null, 2) + '\n')
  else {
    io.out(`${proposal.pattern}\n`)
    for (const f of proposal.fields)
      io.out(`  ${f.name.padEnd(12)} ${f.type.padEnd(9)} ${f.sample}\n`)
    if (check) io.out(`${check.matched} of ${check.lines} lines of ${file} read by it\n`)
  }
  return 0
}

export async function logsGrep(args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { i: { type: 'boolean', short: 'i' } },
  })
  const [pattern, ...files] = pos
  if (!pattern || files.length === 0) throw new UsageError('expected PATTERN FILE...')
  let re: RegExp
  try {
    re = new RegExp(pattern, values.i ? 'i' : '')
  } catch (err) {
    throw new UsageError(`the pattern is not a regular expression: ${(err as Error).message}`)
  }
  let found = 0
  for (const file of files) {
    await eachLine(localSource(file), (line) => {
      if (!re.test(line)) return
      found++
      io.out(files.length > 1 ? `${file}:${line}\n` : `${line}\n`)
    })
  }
  // grep's convention: 1 when nothing matched.
  return found > 0 ? 0 : 1
}

export async function logs(args: string[], io: Io, services: Services): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'grep') return logsGrep(rest, io)
  if (sub === 'propose') return logsPropose(rest, io)
  if (sub === 'window') return logsWindow(rest, io, services)
  if (sub !== 'stats') throw new UsageError('expected "twb logs stats|window|grep|propose"')
  const { values, positionals: files } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      json: { type: 'boolean' },
      zone: { type: 'string' },
      server: { type: 'string' },
      last: { type: 'string' },
    },
  })
  if (files.length === 0) throw new UsageError('expected at least one log FILE')
  if (values.last !== undefined && !values.server) throw new UsageError('--last needs --server')
  // On a server: the end of one log, read as the explorer reads it (compressed over a slow link).
  const sources = values.server
    ? [await remoteEnd(services, values.server, files, values.last, io)]
    : files.map(localSource)
  if (values.zone !== undefined && !validZone(values.zone))
    throw new UsageError('--zone is an offset like +01:00 or -05:00 (from -12:00 to +14:00)')
  // The user's own formats, saved in the app (Logs › Explore › Define a format).
  const custom = (await services.settings.get()).logFormats
  const formats = accessFormats(custom)
  let format = values.format ? (formats.find((f) => f.name === values.format) ?? null) : null
  let errorFormat = values.format
    ? (ERROR_FORMATS.find((f) => f.name === values.format) ?? null)
    : null
  if (values.format && !format && !errorFormat) {
    const names = [...formats, ...ERROR_FORMATS].map((f) => f.name)
    throw new UsageError(`--format is one of ${names.join(', ')}`)
  }
  if (!format && !errorFormat) {
    // Detected from the first lines of the first file: an access log, else an error log.
    const head = await headLines(sources[0]!)
    format = bestFormat(formats, head)
    if (!format) errorFormat = detectErrorFormat(head)
  }
  if (errorFormat) {
    const stats = createErrorStats(errorFormat)
    for (const source of sources) await eachLine(source, (l) => stats.line(l))
    const r = stats.result()
    // Times written without a zone (Apache's, nginx's error logs) are the server's local time:
    // placed with --zone when given, else said to be local.
    const zone = values.zone === undefined ? null : zoneText(offsetMinutes(values.zone)!)
    const at = (t: string | null): string | null =>
      t === null || !r.zoneless || zone === null ? t : `${t}${zone}`
    const placed = { ...r, firstTime: at(r.firstTime), lastTime: at(r.lastTime) }
    if (values.json) io.out(JSON.stringify(placed, null, 2) + '\n')
    else {
      io.out(
        `${r.format}: ${r.entries} entries (${r.raw} lines before the first), from ${placed.firstTime ?? '-'} to ${placed.lastTime ?? '-'}${r.zoneless && zone === null ? ' (the server’s local time: the log has no zone; --zone places it)' : ''}\n`,
      )
      io.out(
        `levels: ${Object.entries(r.byLevel)
          .map(([l, n]) => `${l}×${n}`)
          .join(' ')}\n`,
      )
      io.out(`top messages (${r.topMessages.length} of ${r.distinctMessages} distinct):\n`)
      for (const [m, n] of r.topMessages) io.out(`${String(n).padStart(7)}  ${m}\n`)
    }
    if (r.entries === 0 && r.raw > 0)
      throw nothingUnderstood(files.join(', '), `0 of ${r.raw} lines read as ${r.format} entries.`)
    return 0
  }
  const def = custom.find((f) => f.name === format?.name)
  const r = await accessStats(sources, format, {
    worker: join(APP_ROOT, 'out', 'main', 'part-worker.js'),
    ...(def ? { custom: def } : {}),
    ...(values.zone ? { zone: values.zone } : {}),
  })
  if (values.json) io.out(JSON.stringify(r, null, 2) + '\n')
  else {
    io.out(
      `${r.format ?? 'unknown format'}: ${r.lines} lines, ${r.parsed} parsed, ${r.unparsed} not, from ${r.firstTime ?? '-'} to ${r.lastTime ?? '-'}\n`,
    )
    io.out(
      `status: ${Object.entries(r.status)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}\n`,
    )
    io.out(`top paths (${r.topPaths.length} of ${r.distinctPaths} distinct):\n`)
    for (const [p, n] of r.topPaths) io.out(`${String(n).padStart(7)}  ${p}\n`)
  }
  if (r.parsed === 0 && r.lines > 0)
    throw nothingUnderstood(
      files.join(', '),
      r.format
        ? `0 of ${r.lines} lines read as ${r.format}.`
        : `no known log format reads it (0 of ${r.lines} lines): an access log (combined, HAProxy...) or an error log (Apache, nginx, PHP, PHP-FPM, MariaDB) was expected; define a format in the app (Logs › Explore) or give --format.`,
    )
  return 0
}

/**
 * The last `last` MB (16 by default, 256 at most) of a log on a server, read as the explorer
 * reads it; what it cost goes to stderr. A line cut by the start of the range is dropped.
 */
async function remoteEnd(
  services: Services,
  server: string,
  files: string[],
  last: string | undefined,
  io: Io,
): Promise<Source> {
  if (files.length !== 1) throw new UsageError('--server reads one log PATH')
  const mb = last === undefined ? 16 : Number(last)
  if (!Number.isInteger(mb) || mb < 1 || mb > 256) throw new UsageError('--last is 1 to 256 (MB)')
  const path = files[0]!
  const target = services.servers.target(server)
  // A compressed rotation is read whole (and gunzipped as a `.gz` source): it has no end to seek.
  const { bytes, cost } = await readFileEnd(
    target,
    path,
    path.endsWith('.gz') ? Infinity : mb * (1 << 20),
  )
  if (cost)
    io.err(
      `${path}: ${formatMb(cost.bytes)} read in ${(cost.ms / 1000).toFixed(2)} s, ${formatMb(cost.wireBytes)} on the wire (${cost.method})\n`,
    )
  return { name: path, open: async () => Readable.from([bytes]) }
}

const formatMb = (n: number): string => `${(n / (1 << 20)).toFixed(1)} MB`

/** `twb logs window --server NAME PATH --at ISO [--minutes N] [--json]`: a log at a moment. */
async function logsWindow(args: string[], io: Io, services: Services): Promise<number> {
  const { values, positionals: files } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      at: { type: 'string' },
      minutes: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  if (!values.server) throw new UsageError('expected --server NAME')
  if (files.length !== 1) throw new UsageError('expected one log PATH')
  const at = zonedInstant(values.at, '--at')
  const minutes = values.minutes === undefined ? 5 : Number(values.minutes)
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
    throw new UsageError('--minutes is 1 to 1440')
  const session = createApiSession(services, 'web', noEvents)
  const w = await call(session, 'logs:window', {
    server: values.server,
    path: files[0]!,
    at,
    minutes,
  })
  if (values.json) {
    io.out(JSON.stringify(w, null, 2) + '\n')
    return 0
  }
  for (const line of w.lines) io.out(line + '\n')
  io.err(
    `${w.lines.length} lines from ${w.from} to ${w.to}${w.truncated ? ' (cut: more follow)' : ''}; ${w.reads} reads, ${formatMb(w.bytesRead)} read, ${(w.ms / 1000).toFixed(2)} s\n`,
  )
  if (w.noTime) throw new CliError(`${w.path}: no line has a time the workbench can read`, 1)
  if (w.outside)
    throw new CliError(
      `${w.path}: the moment is ${w.outside} what this file holds: ${w.outside === 'before' ? 'an older rotation (.1, .2.gz…)' : 'a newer file'} has it`,
      1,
    )
  return 0
}
