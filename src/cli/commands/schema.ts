// twb schema snapshot|diff.
import { parseArgs } from 'node:util'
import type { Services } from '../../main/services/api'
import {
  connectDatabase,
  parseMysqlUrl,
  takeSnapshot,
  withDatabase,
} from '../../main/services/schema'
import { diffSchemas } from '../../core/schema'
import type { SchemaSnapshot } from '../../shared/schema'
import { readFileSync } from 'node:fs'
import { UsageError, CliError, mysqlUrlOption, positionals, type Io } from '../common'

/** Why a parsed JSON is not a snapshot `twb schema snapshot` wrote, or null when it is one. */
export function snapshotProblem(snap: unknown): string | null {
  if (typeof snap !== 'object' || snap === null || Array.isArray(snap)) return 'not a JSON object'
  const s = snap as Partial<SchemaSnapshot>
  if (s.version !== 1) return 'no "version": 1'
  if (typeof s.tables !== 'object' || s.tables === null) return 'no "tables" object'
  for (const [name, t] of Object.entries(s.tables)) {
    const table = t as unknown as { columns?: unknown; createSql?: unknown } | null
    if (typeof table !== 'object' || table === null || !Array.isArray(table.columns))
      return `table "${name}" has no "columns" list`
  }
  for (const key of ['views', 'triggers'] as const)
    if (s[key] !== undefined && (typeof s[key] !== 'object' || s[key] === null))
      return `"${key}" is not an object`
  return null
}

export async function schema(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'diff') {
    const { values, positionals: pos } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    })
    const [a, b] = positionals(pos, 2, 'A.json B.json')
    const load = (file: string): SchemaSnapshot => {
      try {
        const snap = JSON.parse(readFileSync(file, 'utf8')) as SchemaSnapshot | null
        const problem = snapshotProblem(snap)
        if (problem) throw new Error(problem)
        return snap!
      } catch (err) {
        throw new CliError(`${file}: not a schema snapshot of twb (${(err as Error).message}).`, 1)
      }
    }
    const changes = diffSchemas(load(a!), load(b!))
    if (values.json) io.out(JSON.stringify({ changes }, null, 2) + '\n')
    else if (changes.length === 0) io.out('No structural change.\n')
    else
      for (const c of changes)
        io.out(
          `${c.severity.toUpperCase().padEnd(8)} ${c.kind} ${c.table ?? ''}${c.object ? `.${c.object}` : ''}: ${c.before ?? '∅'} → ${c.after ?? '∅'}\n`,
        )
    return 0
  }
  if (sub !== 'snapshot') throw new UsageError('expected "twb schema snapshot|diff"')
  const { values } = parseArgs({
    args: rest,
    options: {
      server: { type: 'string' },
      db: { type: 'string' },
      mysql: { type: 'string' },
      'mysql-env': { type: 'string' },
      'exact-counts': { type: 'boolean' },
    },
  })
  const mysqlUrl = mysqlUrlOption(values, 'mysql')
  if (!values.server === !mysqlUrl)
    throw new UsageError('give --server NAME or --mysql-env VAR (or --mysql URL)')
  const exactCounts = values['exact-counts'] ?? false
  let snapshot: SchemaSnapshot
  if (mysqlUrl) {
    const access = parseMysqlUrl(mysqlUrl)
    const conn = await connectDatabase(access)
    try {
      snapshot = await takeSnapshot(conn, access.database, null, { exactCounts })
    } finally {
      await conn.end()
    }
  } else {
    // The app's way: credentials typed in the app earlier (sealed), else the CMS configuration.
    const info = services.servers.info(values.server!)
    if (info.kind !== 'ssh')
      throw new CliError('The demo server has no database: use an SSH server or --mysql.', 1)
    snapshot = await withDatabase(
      services.servers,
      info,
      (conn, database) => takeSnapshot(conn, database, info.name, { exactCounts }),
      { database: values.db, using: (from) => io.err(`Credentials from ${from}.\n`) },
    )
  }
  io.out(JSON.stringify(snapshot, null, 2) + '\n')
  return 0
}
