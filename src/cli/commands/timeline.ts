// twb timeline: every source of a server around a moment, merged on one clock.
import { parseArgs } from 'node:util'
import type { Services } from '../../main/services/api'
import { createApiSession } from '../../main/services/api'
import {
  TIMELINE_KINDS,
  type Timeline,
  type TimelineKind,
  type TimelineRecord,
} from '../../shared/timeline'
import { formatInstant, type DisplayZone } from '../../core/text'
import { recordWhat } from '../../core/timeline'
import {
  CliError,
  UsageError,
  call,
  cliZone,
  noEvents,
  serverClockOf,
  zonedInstant,
  type Io,
} from '../common'

function textLine(r: TimelineRecord, labels: Map<string, string>, zone: DisplayZone): string {
  const time = formatInstant(r.time, zone, r.ms ? 'ms' : 'second')
  return `${time}  ${(labels.get(r.source) ?? r.source).padEnd(20)} ${recordWhat(r).padEnd(8)} ${r.text}`
}

/**
 * `twb timeline --server NAME --from ISO --to ISO [--source PATH]... [--kind K]... [--json]`:
 * the records of the window, ordered by time. Exit 1 when a source could not be read (its
 * reason on stderr; the others are printed).
 */
export async function timeline(services: Services, args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      server: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      source: { type: 'string', multiple: true },
      kind: { type: 'string', multiple: true },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  })
  if (!values.server) throw new UsageError('expected --server NAME')
  const from = zonedInstant(values.from, '--from')
  const to = zonedInstant(values.to, '--to')
  if (to <= from) throw new UsageError('--to must be after --from')
  const kinds = values.kind ?? []
  const bad = kinds.find((k) => !TIMELINE_KINDS.includes(k as TimelineKind))
  if (bad) throw new UsageError(`--kind is one of ${TIMELINE_KINDS.join(', ')}: not "${bad}"`)
  const limit = values.limit === undefined ? undefined : Number(values.limit)
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new UsageError('--limit takes a number of records')
  const session = createApiSession(services, 'web', noEvents)
  let t: Timeline
  let zone: DisplayZone | null
  try {
    zone = values.json ? null : await cliZone(io, serverClockOf(session, values.server))
    t = await call(session, 'timeline:build', {
      server: values.server,
      from,
      to,
      sources: values.source ?? [],
      kinds: kinds as TimelineKind[],
      ...(limit !== undefined ? { limit } : {}),
    })
  } finally {
    session.dispose() // the records kept in main are not needed past this
  }
  if (zone === null) {
    const records = t.records.map((r) => ({
      time: new Date(r.time).toISOString(),
      source: r.source,
      file: r.file,
      kind: r.kind,
      ...(r.level ? { level: r.level } : {}),
      ...(r.status !== undefined ? { status: r.status } : {}),
      ...(r.table ? { table: r.table } : {}),
      ...(r.type ? { type: r.type } : {}),
      ...(r.pos !== undefined ? { pos: r.pos } : {}),
      text: r.text,
      ...(r.more ? { more: r.more } : {}),
    }))
    io.out(JSON.stringify(records, null, 2) + '\n')
  } else {
    const labels = new Map(t.sources.map((s) => [s.path, s.label]))
    for (const r of t.records) {
      io.out(textLine(r, labels, zone) + '\n')
      for (const line of r.more ?? []) io.out(`    ${line}\n`)
    }
  }
  const cut = t.records.length < t.total ? `${t.records.length} of ${t.total}` : `${t.total}`
  io.err(
    `${cut} records from ${t.from} to ${t.to}, ${t.sources.length} sources, ${(t.ms / 1000).toFixed(2)} s\n`,
  )
  const failed = t.sources.filter((s) => s.error)
  for (const s of t.sources) {
    if (s.error) io.err(`  ${s.path}: ${s.error}\n`)
    else if (s.truncated) io.err(`  ${s.path}: cut at its limit, more records follow\n`)
  }
  if (failed.length)
    throw new CliError(`${failed.length} of ${t.sources.length} sources could not be read`, 1)
  return 0
}
