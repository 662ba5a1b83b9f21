// twb snapshot take|list|restore: safety snapshots of a site on this computer, before a deploy.
import { parseArgs } from 'node:util'
import { createApiSession, type Services } from '../../main/services/api'
import type { SiteSnapshot } from '../../shared/api'
import { call, mysqlUrlOption, noEvents, UsageError, type Io } from '../common'
import { followJob } from '../follow-job'

const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`
const line = (s: SiteSnapshot): string =>
  `${s.id}  ${s.files} files, ${mb(s.bytes)} (${mb(s.transferred)} copied)  ${s.database ? `${s.database}: ${s.tables.length} tables` : 'no database'}\n`

export async function snapshot(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      keep: { type: 'string' },
      table: { type: 'string' },
      'db-to': { type: 'string' },
      'db-to-env': { type: 'string' },
      file: { type: 'string' },
      'to-server': { type: 'string' },
      'confirm-production': { type: 'boolean' },
      yes: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  })
  const [server, id] = positionals
  if (!server) throw new UsageError('twb snapshot take|list|restore SERVER …')
  if (sub === 'take') {
    const keep = values.keep === undefined ? undefined : Number(values.keep)
    if (keep !== undefined && !(Number.isInteger(keep) && keep > 0))
      throw new UsageError('--keep takes a number of snapshots')
    let taken: (SiteSnapshot & { pruned: string[] }) | undefined
    await followJob(
      services,
      'snapshot:take',
      { server, ...(keep ? { keep } : {}) },
      { record: (r) => void (taken = r) },
    )
    if (values.json) io.out(JSON.stringify(taken, null, 2) + '\n')
    else io.out(line(taken!))
    for (const n of taken!.notes) io.err(`${n}\n`)
    if (taken!.pruned.length) io.err(`Pruned: ${taken!.pruned.join(', ')}\n`)
    return 0
  }
  const session = createApiSession(services, 'web', noEvents)
  if (sub === 'list') {
    const list = await call(session, 'snapshot:list', { server })
    if (values.json) io.out(JSON.stringify(list, null, 2) + '\n')
    else for (const s of list) io.out(line(s))
    return 0
  }
  if (sub === 'compare') {
    const to = positionals[2]
    if (!id || !to) throw new UsageError('twb snapshot compare SERVER FROM TO')
    const c = await call(session, 'snapshot:compare', { server, from: id, to })
    if (values.json) io.out(JSON.stringify(c, null, 2) + '\n')
    else {
      for (const [sign, list] of [
        ['+', c.files.added],
        ['-', c.files.removed],
        ['~', c.files.changed],
      ] as const)
        for (const f of list) io.out(`${sign} ${f}\n`)
      for (const [sign, list] of [
        ['+', c.tables.added],
        ['-', c.tables.removed],
        ['~', c.tables.changed],
      ] as const)
        for (const t of list) io.out(`${sign} table ${t}\n`)
      io.err(
        `${c.files.added.length} added, ${c.files.removed.length} removed, ${c.files.changed.length} changed, ${c.files.same} the same; tables: ${c.tables.added.length} added, ${c.tables.removed.length} removed, ${c.tables.changed.length} changed\n`,
      )
    }
    return 0
  }
  if (sub === 'restore' && values.file !== undefined) {
    if (!id) throw new UsageError('twb snapshot restore SERVER ID --file PATH [--to-server NAME]')
    const r = await call(session, 'snapshot:restore-file', {
      server,
      id,
      path: values.file,
      ...(values['to-server'] ? { to: values['to-server'] } : {}),
      ...(values['confirm-production'] ? { confirmProduction: true } : {}),
    })
    io.out(`Restored ${r.path} to ${r.to} (${r.bytes} bytes)\n`)
    return 0
  }
  if (sub === 'restore') {
    const dbUrl = mysqlUrlOption(values, 'db-to')
    if (!id || !values.table || !dbUrl)
      throw new UsageError('twb snapshot restore SERVER ID --table T --db-to-env VAR --yes')
    if (!values.yes)
      throw new UsageError(
        `restoring replaces the table ${values.table} in that database: add --yes once sure`,
      )
    const r = await call(session, 'snapshot:restore-table', {
      server,
      id,
      table: values.table,
      dbUrl,
    })
    io.out(`Restored ${r.table} (${r.statements} statements) into ${r.into}\n`)
    return 0
  }
  throw new UsageError('twb snapshot take|list|restore … (see twb --help)')
}
