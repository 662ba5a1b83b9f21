// The fleet overview (issue #22): a row per server, each computed where its data is — its access
// logs' last hour and its slow and error logs' last day by their seek-by-time (the timeline's
// readers), `du` on the server, its binlogs' span — a few servers at once, each within a time
// limit; a server that fails says why in its row and never holds the others back.
import type { FleetRow, ServerInfo, TimelineKind } from '../../../shared/api'
import { NO_FILTER, severity } from '../../../core/timeline'
import { LOG_ROOT } from '../logs'
import { ServiceError, type ServerRegistry, type SshTarget, type Target } from '../platform'
import { eachServer, type FleetRunOptions } from './each-server'
import type { SnapshotStore } from '../schema'
import { buildTimeline, discover, type BuiltTimeline, type Found } from '../timeline'
import { atRiskFigure, certFigure, driftFigure } from './more-figures'

const HOUR = 3_600_000

/** A row with nothing known yet. */
function emptyRow(s: ServerInfo): FleetRow {
  return {
    server: s.name,
    id: s.id,
    group: s.group ?? null,
    ok: true,
    requests1h: null,
    status5xx1h: null,
    bans408_1h: null,
    slow24h: null,
    slowestScript: null,
    fatal24h: null,
    diskSiteBytes: null,
    diskLogsBytes: null,
    binlogFirst: null,
    binlogLast: null,
    binlogBytes: null,
    driftChanges: null,
    integrityNew: null,
    preprodAtRisk: null,
    certDays: null,
    notes: [],
    ms: 0,
  }
}

/** The window of some kinds of logs, counted in main; the sources cut or unreadable said. */
async function window(
  target: Target,
  found: Promise<Found>,
  kinds: TimelineKind[],
  from: number,
  to: number,
  notes: string[],
): Promise<BuiltTimeline> {
  const built = await buildTimeline(target, { from, to, kinds, limit: 0 }, undefined, found)
  for (const s of built.timeline.sources) {
    if (s.error) notes.push(`${s.path}: ${s.error}`)
    else if (s.truncated)
      notes.push(`${s.path}: cut at its limit, the figures count what was read.`)
  }
  return built
}

/** The last hour of the access logs: requests, 5xx, 408s. */
async function accessFigures(
  target: Target,
  found: Promise<Found>,
  row: FleetRow,
  now: number,
): Promise<void> {
  const built = await window(target, found, ['access'], now - HOUR, now, row.notes)
  try {
    if (built.timeline.sources.length === 0) {
      row.notes.push('No access log found under /var/log.')
      return
    }
    row.requests1h = built.store.total
    row.status5xx1h = built.store.count(NO_FILTER, (f) => (f.status ?? 0) >= 500)
    row.bans408_1h = built.store.count(NO_FILTER, (f) => f.status === 408)
  } finally {
    built.store.close()
  }
}

/** The last day of the slow, error and integrity logs: slow requests (and their commonest script),
 * fatals, the host's schema deltas. */
async function dayFigures(
  target: Target,
  found: Promise<Found>,
  row: FleetRow,
  now: number,
): Promise<void> {
  const day = ['slow', 'error', 'integrity'] as const
  const built = await window(target, found, [...day], now - 24 * HOUR, now, row.notes)
  try {
    const kinds = new Set(built.timeline.sources.map((s) => s.kind))
    if (kinds.has('integrity'))
      row.integrityNew = built.store.count(NO_FILTER, (f) => f.kind === 'integrity')
    else row.notes.push('No integrity log (/var/log/mysql/btws_integrity.log) found.')
    if (kinds.has('slow')) {
      const slow = built.store.recordsWhere(NO_FILTER, (f) => f.kind === 'slow')
      row.slow24h = slow.length
      const scripts = new Map<string, number>()
      for (const r of slow) {
        const script = r.text.split(' — ')[0]!
        scripts.set(script, (scripts.get(script) ?? 0) + 1)
      }
      row.slowestScript = [...scripts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
    } else row.notes.push('No PHP-FPM slow log found.')
    if (kinds.has('error')) {
      // PHP's own error log says the level apart ("PHP Fatal error", "Parse error": both end the
      // request); a web server's error log quotes it in its message.
      const all = built.timeline.sources.map((s) => s.path)
      const php = built.timeline.sources.filter((s) => s.logKind === 'php-error').map((s) => s.path)
      const others = all.filter((p) => !php.includes(p))
      row.fatal24h =
        built.store.count(
          { ...NO_FILTER, hidden: others },
          (f) => f.kind === 'error' && severity(f) === 'bad',
        ) +
        built.store.count(
          { ...NO_FILTER, hidden: php, text: 'php fatal error' },
          (f) => f.kind === 'error',
        )
    } else row.notes.push('No error log found.')
  } finally {
    built.store.close()
  }
}

/** The site's and the logs' disk use, by the server's own `du` (nothing crosses but two numbers). */
async function diskFigures(target: SshTarget, row: FleetRow, cmsRoot: string): Promise<void> {
  const r = await target.run([
    'du',
    '-sk',
    target.commandPath(cmsRoot),
    target.commandPath(LOG_ROOT),
  ])
  if (r.code === 127 || /not found/.test(r.stderr)) {
    row.notes.push('The server has no du: disk use unknown.')
    return
  }
  // du says what it could not read and still counts the rest: a lower bound then, said.
  for (const line of r.stdout.split('\n')) {
    const m = /^(\d+)\s+(.*)$/.exec(line)
    if (!m) continue
    const bytes = Number(m[1]) * 1024
    if (m[2] === target.commandPath(cmsRoot)) row.diskSiteBytes = bytes
    else if (m[2] === target.commandPath(LOG_ROOT)) row.diskLogsBytes = bytes
  }
  if (r.code !== 0)
    row.notes.push(
      `du could not read everything (at least the figures shown): ${r.stderr.trim().split('\n')[0]}`,
    )
}

async function binlogFigures(found: Promise<Found>, row: FleetRow): Promise<void> {
  const { binlogs, binlogError } = await found
  if (binlogError) {
    row.notes.push(`Binlogs: ${binlogError.message}`)
    return
  }
  const firsts = binlogs.map((f) => f.first).filter((x): x is number => x !== null)
  const lasts = binlogs.map((f) => f.last).filter((x): x is number => x !== null)
  row.binlogFirst = firsts.length ? Math.min(...firsts) : null
  row.binlogLast = lasts.length ? Math.max(...lasts) : null
  row.binlogBytes = binlogs.length ? binlogs.reduce((a, b) => a + b.size, 0) : null
  if (binlogs.length === 0) row.notes.push('No binary log found.')
}

/** One server's row: the connection first (its failure is the row's error), then every figure. */
export async function overviewRow(
  servers: ServerRegistry,
  snapshots: SnapshotStore,
  info: ServerInfo,
  now: number,
): Promise<FleetRow> {
  const row = emptyRow(info)
  const began = performance.now()
  try {
    // Connected by its own target (host key checked); the jail's tools are not probed: every
    // figure says itself when a command is missing.
    const target = servers.sshTarget(info.id)
    await target.connect()
    // One discovery of its logs and binlogs serves every figure.
    const found = discover(target)
    // A figure that cannot be had says why in the notes; the others stand.
    const figure = (what: string, work: Promise<void>): Promise<void> =>
      work.catch((err: Error) => void row.notes.push(`${what}: ${err.message}`))
    await Promise.all([
      figure('Access logs', accessFigures(target, found, row, now)),
      figure('Slow, error and integrity logs', dayFigures(target, found, row, now)),
      figure('Disk use', diskFigures(target, row, info.cmsRoot)),
      figure('Binlogs', binlogFigures(found, row)),
      figure('Schema drift', driftFigure(target, found, snapshots, info, row)),
      figure('Preprod files at risk', atRiskFigure(target, info, row)),
      figure('Certificate', certFigure(info, row, now)),
    ])
  } catch (err) {
    row.ok = false
    row.error = err instanceof Error ? err.message : String(err)
    if (err instanceof ServiceError && err.code === 'HOST_KEY_UNKNOWN' && err.details?.fingerprint)
      row.unknownHostKey = err.details.fingerprint
  }
  row.ms = Math.round(performance.now() - began)
  return row
}

/**
 * The overview of the servers, `concurrency` at once, each row given to `onRow` as it comes; a
 * server past its time limit gets a row saying so (its work is left to end on its own).
 */
export function fleetOverview(
  servers: ServerRegistry,
  snapshots: SnapshotStore,
  chosen: readonly ServerInfo[],
  onRow: (row: FleetRow) => void,
  o: FleetRunOptions & { now?: number } = {},
): Promise<FleetRow[]> {
  const now = o.now ?? Date.now()
  return eachServer(
    chosen,
    (info) => overviewRow(servers, snapshots, info, now),
    (info, err, ms) => ({ ...emptyRow(info), ok: false, error: err.message, ms }),
    onRow,
    o,
  )
}
