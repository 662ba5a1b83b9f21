// The schema calls: snapshots taken over SSH, and their drift.
import type { SchemaCalls } from '../../../shared/api'
import { diffSchemas } from '../../../core/schema'
import {
  flag,
  integer,
  object,
  optionalText,
  sshServer,
  text,
  type CallHandlers,
  type SessionContext,
} from '../platform'
import { withDatabase } from './database'
import { takeSnapshot } from './schema'
import type { SnapshotStore } from './snapshots'

export function schemaHandlers(
  ctx: SessionContext,
  snapshots: SnapshotStore,
): CallHandlers<SchemaCalls> {
  const { servers } = ctx
  return {
    'schema:snapshots': async (req) => snapshots.list(servers.info(text(object(req), 'server')).id),
    'schema:take': async (req) => {
      const r = object(req)
      const server = sshServer(
        ctx,
        r,
        'The demo server has no database: snapshots need an SSH server.',
      )
      const manual = r.credentials === undefined ? null : object(r.credentials)
      const typed = manual
        ? {
            host: text(manual, 'host', 255),
            port: integer(manual, 'port', 3306, 1, 65535),
            user: text(manual, 'user', 128),
            password: typeof manual.password === 'string' ? manual.password : '',
            database: text(manual, 'database', 64),
          }
        : null
      return withDatabase(
        servers,
        server,
        async (conn, database) =>
          snapshots.save(
            server.id,
            await takeSnapshot(conn, database, server.name, {
              exactCounts: flag(r, 'exactCounts', false),
            }),
          ),
        { database: optionalText(r, 'database', 64), typed },
      )
    },
    'schema:diff': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const other = optionalText(r, 'toServer', 128)
      const toServer = other ? servers.info(other).id : server.id
      const [a, b] = await Promise.all([
        snapshots.read(server.id, text(r, 'from')),
        snapshots.read(toServer, text(r, 'to')),
      ])
      const changes = diffSchemas(a, b)
      const tables = new Set(changes.map((c) => c.table).filter((t): t is string => t !== null))
      const pick = (snap: typeof a): Record<string, string> =>
        Object.fromEntries(
          [...tables].filter((t) => snap.tables[t]).map((t) => [t, snap.tables[t]!.createSql]),
        )
      return { changes, before: pick(a), after: pick(b) }
    },
  }
}
