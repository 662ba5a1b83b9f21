import { posix } from 'node:path'
import type { FileType, ForeignFile, RightsAudit } from '../../../shared/api'
import { ServiceError } from '../platform'
import type { RightsStep } from '../../../shared/rights'
import type { JobContext } from '../platform'
import type { SshTarget } from '../platform'
import type { Target } from '../platform'

/** The platform's convention: creating this file asks the supervisor to fix the site's rights. */
export const RESET_FLAG = 'tw_supervisor/api/reset_rights'
export const DEFAULT_RESET_TIMEOUT_SEC = 120

/**
 * Creates `<cms root>/tw_supervisor/api/reset_rights` (an explicit user action), then watches
 * until the supervisor removes it, reporting as it goes; a timeout is an error with advice.
 */
export async function resetRights(
  target: Target,
  cmsRoot: string,
  ctx: JobContext<RightsStep>,
  options: { timeoutMs?: number; pollMs?: number; now?: () => number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_RESET_TIMEOUT_SEC * 1000
  const pollMs = options.pollMs ?? 2000
  const now = options.now ?? Date.now
  const flag = posix.join(cmsRoot, RESET_FLAG)
  const dir = posix.dirname(flag)
  try {
    await target.stat(dir)
  } catch (err) {
    if ((err as ServiceError).code === 'NOT_FOUND') {
      throw new ServiceError(
        'NOT_FOUND',
        `${dir} does not exist: check this server's CMS root (${cmsRoot}); the platform creates tw_supervisor/api in it.`,
      )
    }
    throw err
  }
  const started = now()
  if (await exists(target, flag)) {
    ctx.push({ step: 'pending', flag })
  } else {
    await target.writeFile(flag, '')
    ctx.push({ step: 'created', flag })
  }
  while (!ctx.signal.aborted) {
    await sleep(pollMs, ctx.signal)
    if (ctx.signal.aborted) return
    const elapsed = now() - started
    if (!(await exists(target, flag))) {
      ctx.push({ step: 'done', flag, seconds: Math.round(elapsed / 1000) })
      ctx.progress(timeoutMs, timeoutMs, 'waiting')
      return
    }
    ctx.progress(elapsed, timeoutMs, 'waiting')
    if (elapsed >= timeoutMs) {
      throw new ServiceError(
        'TIMEOUT',
        `The supervisor did not handle ${flag} within ${Math.round(timeoutMs / 1000)} s. The file is still there and will be handled when the supervisor runs; if it stays, contact the host's support.`,
      )
    }
  }
}

async function exists(target: Target, path: string): Promise<boolean> {
  try {
    await target.stat(path)
    return true
  } catch (err) {
    if ((err as ServiceError).code === 'NOT_FOUND') return false
    throw err
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })
}

const FIND_TYPES: Record<string, FileType> = { f: 'file', d: 'dir', l: 'link' }

/**
 * Lists files under the CMS root that the login does not own: only a file's owner (or root)
 * may chmod or chown it, so these are what "Reset rights" is for.
 */
export async function auditRights(
  target: SshTarget,
  cmsRoot: string,
  tools: string[] | undefined,
  limit = 5000,
): Promise<RightsAudit> {
  const who = await target.run(['sh', '-c', 'id -u; id -un'])
  const [uidText, login] = who.stdout.trim().split('\n')
  const uid = Number(uidText)
  if (!Number.isInteger(uid))
    throw new ServiceError(
      'IO',
      `Cannot tell the login's uid (${who.stderr.trim() || 'no output from id'}).`,
    )
  if (!tools || tools.includes('find')) {
    const r = await target.run(
      ['find', cmsRoot, '!', '-uid', String(uid), '-printf', '%u\\t%g\\t%m\\t%y\\t%p\\0'],
      { maxBytes: 8 << 20 },
    )
    if (r.code !== 127) {
      const records = r.stdout.split('\0').filter(Boolean)
      const files = records.slice(0, limit).map((rec): ForeignFile => {
        const [owner = '', group = '', mode = '0', type = '', ...rest] = rec.split('\t')
        return {
          owner,
          group,
          mode: parseInt(mode, 8),
          type: FIND_TYPES[type] ?? 'other',
          path: rest.join('\t'),
        }
      })
      if (r.code !== 0 && records.length === 0)
        throw new ServiceError('IO', `find failed on ${cmsRoot}: ${r.stderr.trim()}`)
      return {
        root: cmsRoot,
        login: login ?? String(uid),
        uid,
        files,
        truncated: records.length > limit,
        via: 'find',
      }
    }
  }
  // No find in the jail: walk over SFTP.
  const files: ForeignFile[] = []
  const queue = [cmsRoot]
  let truncated = false
  while (queue.length > 0 && !truncated) {
    const dir = queue.shift()!
    let entries
    try {
      entries = await target.list(dir)
    } catch {
      continue
    }
    for (const e of entries) {
      if (e.uid !== undefined && e.uid !== uid) {
        if (files.length >= limit) {
          truncated = true
          break
        }
        files.push({
          path: e.path,
          owner: e.owner ?? String(e.uid),
          group: e.group ?? String(e.gid),
          mode: e.mode,
          type: e.type,
        })
      }
      if (e.type === 'dir') queue.push(e.path)
    }
  }
  return { root: cmsRoot, login: login ?? String(uid), uid, files, truncated, via: 'sftp' }
}
