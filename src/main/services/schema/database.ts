import type { Connection } from 'mysql2/promise'
import type { DbAccess, ServerInfo } from '../../../shared/api'
import type { ServerRegistry } from '../platform'
import { connectDatabase, detectCredentials } from './schema'

/**
 * Runs `fn` on a connection to a server's database, through its SSH login, then closes it. The
 * credentials: `typed` by the user (kept, sealed, once they work), else those typed earlier,
 * else the CMS configuration's. `database` defaults to the credentials' own.
 */
export async function withDatabase<T>(
  servers: ServerRegistry,
  server: ServerInfo,
  fn: (conn: Connection, database: string) => Promise<T>,
  options: {
    database?: string | undefined
    typed?: DbAccess | null
    /** Told where the credentials came from: `typed`, `saved`, or the CMS file and its kind. */
    using?: (from: string) => void
  } = {},
): Promise<T> {
  await servers.connect(server.id)
  const target = servers.sshTarget(server.id)
  const saved = options.typed
    ? null
    : servers.profiles.databaseCredentials<DbAccess>(servers.profiles.get(server.id)!)
  let creds: DbAccess
  if (options.typed) {
    creds = options.typed
    options.using?.('typed')
  } else if (saved) {
    creds = saved
    options.using?.('saved (typed in the app earlier)')
  } else {
    const found = await detectCredentials(target, server.cmsRoot)
    options.using?.(`${found.file} (${found.cms})`)
    creds = found
  }
  const database = options.database ?? creds.database
  const conn = await connectDatabase({ ...creds, database }, target)
  if (options.typed) servers.profiles.setDatabaseCredentials(server.id, options.typed)
  try {
    return await fn(conn, database)
  } finally {
    await conn.end().catch(() => undefined)
  }
}
