// twb rights reset|audit.
import { parseArgs } from 'node:util'
import { createApiSession, type Services } from '../../main/services/api'
import type { RightsStep } from '../../shared/api'
import { followJob } from '../follow-job'
import { UsageError, call, positionals, noEvents, type Io } from '../common'

export async function rights(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'audit') {
    const { values, positionals: pos } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    })
    const [name] = positionals(pos, 1, 'SERVER')
    const audit = await call(createApiSession(services, 'web', noEvents), 'rights:audit', {
      server: name!,
    })
    if (values.json) {
      io.out(JSON.stringify(audit, null, 2) + '\n')
      return 0
    }
    io.out(
      `${audit.files.length}${audit.truncated ? '+' : ''} files under ${audit.root} are not owned by ${audit.login}: only their owner can chmod or chown them.\n`,
    )
    for (const f of audit.files)
      io.out(`${(f.mode & 0o7777).toString(8).padStart(4, '0')} ${f.owner}:${f.group} ${f.path}\n`)
    return 0
  }
  if (sub !== 'reset') throw new UsageError('expected "twb rights reset|audit SERVER"')
  const { values, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { timeout: { type: 'string' } },
  })
  const [name] = positionals(pos, 1, 'SERVER')
  const timeoutSec = values.timeout === undefined ? undefined : Number(values.timeout)
  if (timeoutSec !== undefined && (!Number.isInteger(timeoutSec) || timeoutSec < 5))
    throw new UsageError('--timeout takes at least 5 seconds')
  await followJob(
    services,
    'rights:reset',
    { server: name!, ...(timeoutSec !== undefined ? { timeoutSec } : {}) },
    { record: (step) => io.out(rightsStepText(step) + '\n') },
  )
  return 0
}

/** A step of the supervisor's reset, in words. */
export function rightsStepText(step: RightsStep): string {
  switch (step.step) {
    case 'pending':
      return `A reset is already pending (${step.flag} exists): watching it.`
    case 'created':
      return `Created ${step.flag}; the supervisor handles it within a minute.`
    case 'done':
      return `Done: the supervisor reset the rights after ${step.seconds} s.`
  }
}
