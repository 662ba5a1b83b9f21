// twb clone …: copy, verify, rewrite the site URL.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createApiSession, type Services } from '../../main/services/api'
import { rewriteSiteUrl } from '../../main/services/clone'
import type { CloneReport, CloneRunRequest, CloneStep } from '../../shared/api'
import { followJob } from '../follow-job'
import { parseMysqlUrl } from '../../main/services/schema'
import {
  call,
  CliError,
  mysqlUrlOption,
  noEvents,
  positionals,
  UsageError,
  type Io,
} from '../common'

export async function cloneRewriteUrl(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'db-to': { type: 'string' },
      'db-to-env': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      prefix: { type: 'string' },
      apply: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  })
  const dbTo = mysqlUrlOption(values, 'db-to')
  if (!dbTo || !values.from || !values.to) {
    throw new UsageError(
      'expected --db-to-env VAR (or --db-to mysql://…) --from OLD_URL --to NEW_URL',
    )
  }
  const plan = await rewriteSiteUrl(parseMysqlUrl(dbTo), {
    from: values.from,
    to: values.to,
    ...(values.prefix ? { prefix: values.prefix } : {}),
    ...(values.apply ? { apply: true } : {}),
  }).catch((err: Error) => {
    throw new CliError(err.message, 1)
  })
  if (values.json) {
    io.out(JSON.stringify(plan, null, 2) + '\n')
    return 0
  }
  const total = plan.columns.reduce((n, c) => n + c.rows, 0)
  io.out(
    `${plan.applied ? 'Rewrote' : 'Would rewrite'} ${total} values: ${plan.from} → ${plan.to}\n`,
  )
  for (const c of plan.columns) {
    io.out(`  ${c.table}.${c.column}: ${c.rows}\n`)
    if (c.sample) io.out(`      ${c.sample.before}\n    → ${c.sample.after}\n`)
  }
  for (const n of plan.notes) io.out(`note: ${n}\n`)
  if (!plan.applied) io.out('Nothing written: review, then run again with --apply.\n')
  return 0
}

export async function clone(services: Services, args: string[], io: Io): Promise<number> {
  if (args[0] === 'rewrite-url') return cloneRewriteUrl(args.slice(1), io)
  const verify = args[0] === 'verify'
  const { values, positionals: pos } = parseArgs({
    args: verify ? args.slice(1) : args,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      'to-server': { type: 'string' },
      'confirm-production': { type: 'boolean' },
      'db-to': { type: 'string' },
      'db-to-env': { type: 'string' },
      'db-dump': { type: 'string' },
      'exclude-images': { type: 'boolean' },
      bwlimit: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'force-into-nonempty': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  })
  const [name] = positionals(pos, 1, 'SERVER')
  let toServer: { name: string; path: string } | undefined
  if (values['to-server']) {
    const m = /^([^:]+):(\/.*)$/.exec(values['to-server'])
    if (!m || values.to) throw new UsageError('--to-server NAME:/ABSOLUTE/PATH (instead of --to)')
    toServer = { name: m[1]!, path: m[2]! }
  } else if (!values.to) throw new UsageError('--to DIR is required (the destination folder)')
  const dbTo = mysqlUrlOption(values, 'db-to')
  if (dbTo && values['db-dump']) throw new UsageError('choose --db-to or --db-dump')
  const bwlimit = values.bwlimit === undefined ? undefined : Number(values.bwlimit)
  if (bwlimit !== undefined && !(bwlimit > 0)) throw new UsageError('--bwlimit takes KB/s')
  const req: CloneRunRequest = {
    server: name!,
    to: toServer ? toServer.path : resolve(values.to!),
    ...(toServer ? { toServer: toServer.name } : {}),
    ...(values['confirm-production'] ? { confirmProduction: true } : {}),
    ...(dbTo ? { dbUrl: dbTo } : {}),
    ...(values['db-dump'] ? { dbDump: resolve(values['db-dump']) } : {}),
    ...(values['exclude-images'] ? { excludeImages: true } : {}),
    ...(bwlimit ? { bwlimitKBps: bwlimit } : {}),
    ...(values['dry-run'] ? { dryRun: true } : {}),
    ...(values['force-into-nonempty'] ? { forceIntoNonEmpty: true } : {}),
  }
  const hinted = (err: unknown): never => {
    const e = err as CliError
    if (e.details?.confirm === 'non-empty')
      throw new CliError(
        `${e.message} To replace it, run again with --force-into-nonempty.`,
        e.exitCode,
      )
    throw err
  }
  if (verify) {
    const session = createApiSession(services, 'web', noEvents)
    const report = await call(session, 'clone:verify', req).catch(hinted)
    const same = report.files.differences.length === 0 && report.tables.differences.length === 0
    if (values.json) io.out(JSON.stringify(report, null, 2) + '\n')
    else {
      io.out(
        `files: ${report.files.checked} checked, ${report.files.differences.length} different\n`,
      )
      for (const d of report.files.differences) io.out(`  ${d}\n`)
      io.out(
        `tables: ${report.tables.checked} checked, ${report.tables.differences.length} different\n`,
      )
      for (const d of report.tables.differences) io.out(`  ${d}\n`)
      io.out(same ? 'The copy is identical.\n' : 'The copy differs.\n')
    }
    return same ? 0 : 1
  }
  // Ctrl-C cancels the job: rsync stops cleanly, the partial file is kept and the next run resumes it.
  let lastPct = -1
  let done: { report: CloneReport; file: string } | undefined
  await followJob(services, 'clone:run', req, {
    record: (step) => {
      if (step.step === 'done') done = step
      else io.err(`${cloneStepText(step)}\n`)
    },
    progress: (p) => {
      if (p.code !== 'transfer' || p.done === lastPct) return
      lastPct = p.done
      const v = p.values ?? {}
      io.err(
        `  files ${String(p.done).padStart(3)}%  ${(Number(v.bytes) / 1048576).toFixed(1)} MB  ${v.rate}  ETA ${v.eta}\n`,
      )
    },
  }).catch(hinted)
  if (!done) throw new CliError('The clone ended without its report.', 1)
  const { report, file: saved } = done
  if (values.json) io.out(JSON.stringify({ ...report, report: saved }, null, 2) + '\n')
  else {
    io.out(
      `${report.dryRun ? 'Would copy' : 'Copied'} ${report.files.files} files (${(report.files.bytes / 1048576).toFixed(1)} MB, ${(report.files.transferred / 1048576).toFixed(1)} MB transferred${report.files.compressed ? ', compressed: the link was measured slow' : ''}) in ${report.files.seconds.toFixed(1)} s\n`,
    )
    if (report.database) {
      io.out(
        `Database: ${report.database.tables} tables, ${(report.database.bytes / 1048576).toFixed(1)} MB dumped → ${report.database.into} in ${report.database.seconds.toFixed(1)} s\n`,
      )
      for (const n of report.database.notes) io.out(`  note: ${n}\n`)
    }
    io.out(`Skipped: ${report.excluded.join(' ')}\nReport: ${saved}\n`)
  }
  return 0
}

/** A step of a clone, in words (the UI words the same records in its own language). */
export function cloneStepText(step: Exclude<CloneStep, { step: 'done' }>): string {
  switch (step.step) {
    case 'files':
      return `Files: ${step.from} → ${step.to}${step.dryRun ? ' (dry run)' : ''}`
    case 'push':
      return `Files: staging copy → ${step.to}`
    case 'database':
      return `Database: ${step.database} → ${step.into}`
    case 'table':
      return `  table ${step.index}: ${step.table}`
  }
}
