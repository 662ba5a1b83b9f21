// The binlog calls: the files, the search for changes (a job of change events), the column names
// of an event's table, and the web requests around an event's moment.
import type { RowDataPacket } from 'mysql2/promise'
import {
  CHANGE_TYPES,
  type BinlogCalls,
  type ChangeFilter,
  type ChangeType,
  type TableSnap,
} from '../../../shared/api'
import {
  integer,
  object,
  optionalText,
  ServiceError,
  text,
  textList,
  type CallHandlers,
  type SessionContext,
} from '../platform'
import { correlateRequests } from '../logs'
import { withDatabase, type SnapshotStore } from '../schema'
import { findChanges, listBinlogs } from './binlog'

export function binlogHandlers(
  ctx: SessionContext,
  snapshots: SnapshotStore,
): CallHandlers<BinlogCalls> {
  const { servers, settings, jobs } = ctx
  return {
    'binlog:list': async (req) => listBinlogs(servers.target(text(object(req), 'server'))),
    'binlog:correlate': async (req) => {
      const r = object(req)
      return correlateRequests(
        servers.target(text(r, 'server')),
        integer(r, 'epoch', 0, 0, 4_102_444_800),
        integer(r, 'windowSec', 10, 1, 300),
        (await settings.get()).logFormats,
      )
    },
    'binlog:find': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const files = textList(r, 'files')
      const filter = changeFilter(r)
      if ((filter.fromPos !== undefined || filter.toPos !== undefined) && files.length !== 1) {
        throw new ServiceError(
          'BAD_REQUEST',
          'Positions belong to one binlog file: pick one file to search a position range.',
        )
      }
      for (const f of files) await target.stat(f) // a missing or unreadable file fails the call itself
      return { job: jobs.start('binlog:find', (job) => findChanges(target, files, filter, job)) }
    },
    'binlog:columns': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const db = text(r, 'db', 64)
      const table = text(r, 'table', 64)
      const at = integer(r, 'at', 0)
      const namesOf = (t: TableSnap | undefined): string[] =>
        (t?.columns ?? [])
          .slice()
          .sort((a, b) => a.ordinal - b.ordinal)
          .map((c) => c.name)
      // The structure as it was when the event happened: the newest snapshot taken before it.
      const before = (await snapshots.list(server.id))
        .filter((s) => s.database === db && Date.parse(s.takenAt) <= at * 1000)
        .sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1))[0]
      if (before) {
        const names = namesOf((await snapshots.read(server.id, before.id)).tables[table])
        if (names.length > 0) return { names, source: 'snapshot' as const, takenAt: before.takenAt }
      }
      if (server.kind !== 'ssh') return { names: [], source: 'none' as const }
      // Else today's structure, which the UI flags: after an ALTER it puts values under the wrong names.
      try {
        const names = await withDatabase(
          servers,
          server,
          async (conn) => {
            const [rows] = await conn.query<RowDataPacket[]>(
              'SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
              [db, table],
            )
            return rows.map((row) => String(row.COLUMN_NAME))
          },
          { database: db },
        )
        return { names, source: names.length > 0 ? ('live' as const) : ('none' as const) }
      } catch {
        return { names: [], source: 'none' as const }
      }
    },
  }
}

/** A search's filter from a request (the same fields as `ChangeFilter`), checked. */
export function changeFilter(r: Record<string, unknown>): ChangeFilter {
  const types = r.types === undefined ? [] : textList(r, 'types', true)
  if (types.some((t) => !(CHANGE_TYPES as readonly string[]).includes(t))) {
    throw new ServiceError('BAD_REQUEST', `"types" holds ${CHANGE_TYPES.join(', ')}.`)
  }
  const filter: ChangeFilter = { types: types as ChangeType[] }
  const table = optionalText(r, 'table', 200)
  const value = optionalText(r, 'value', 4096)
  const search = optionalText(r, 'text', 4096)
  if (table) filter.table = table
  if (value !== undefined) filter.value = value
  if (search) filter.text = search
  for (const key of ['thread', 'since', 'until', 'fromPos', 'toPos'] as const) {
    if (r[key] !== undefined) filter[key] = integer(r, key, 0)
  }
  const gtid = optionalText(r, 'gtid', 200)
  if (gtid) filter.gtid = gtid
  return filter
}
