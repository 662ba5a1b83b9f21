import nodePath, { posix } from 'node:path'
import type { AtRiskChanges } from '../../../shared/api'
import { ServiceError } from '../platform'
import { runDownload } from '../files'
import { pathInside } from '../platform'
import type { SavedFile } from '../../../shared/preprod'
import type { JobContext } from '../platform'
import type { SshTarget } from '../platform'

const MAX_LISTED = 5000

/**
 * Files changed on a preproduction copy since its last rebuild. A restore writes every file, so
 * the oldest change time (ctime, which nobody can set) in the tree is when the rebuild began;
 * restored files keep their production modification times, so a file modified after that moment
 * was changed here, and will be lost at the next rebuild.
 */
export async function atRiskChanges(
  target: SshTarget,
  root: string,
  since?: number,
): Promise<AtRiskChanges> {
  const r = await target.run(['find', root, '-type', 'f', '-printf', '%C@ %T@ %s %p\\0'], {
    maxBytes: 256 << 20,
  })
  if (r.code === 127)
    throw new ServiceError('MISSING_TOOL', 'This server has no "find": the at-risk scan needs it.')
  const records = r.stdout.split('\0').filter(Boolean)
  if (r.code !== 0 && records.length === 0)
    throw new ServiceError('IO', `find failed on ${root}: ${r.stderr.trim() || `exit ${r.code}`}`)
  const files = records.map((rec) => {
    const [c = '0', m = '0', size = '0', ...path] = rec.split(' ')
    return {
      ctime: Number(c) * 1000,
      mtimeMs: Math.round(Number(m) * 1000),
      size: Number(size),
      path: path.join(' '),
    }
  })
  let oldest = Infinity
  for (const f of files) if (f.ctime < oldest) oldest = f.ctime
  const rebuiltAt = since ?? oldest
  const changed = files
    .filter((f) => f.mtimeMs > rebuiltAt)
    .sort((a, b) => b.mtimeMs - a.mtimeMs)
    .map(({ path, size, mtimeMs }) => ({ path, size, mtimeMs }))
  return {
    root,
    rebuiltAt: Number.isFinite(rebuiltAt) ? Math.round(rebuiltAt) : 0,
    how: since === undefined ? 'restore' : 'given',
    files: changed.slice(0, MAX_LISTED),
    scanned: files.length,
    truncated: changed.length > MAX_LISTED,
  }
}

/** Saves the given files under `to`, keeping their paths relative to the CMS root. */
export async function saveFiles(
  target: SshTarget,
  root: string,
  paths: string[],
  to: string,
  ctx: JobContext<SavedFile>,
  api: typeof nodePath.posix = nodePath,
): Promise<void> {
  let done = 0
  const refused: string[] = []
  for (const path of paths) {
    if (ctx.signal.aborted) return
    const rel = posix.relative(root, path)
    if (rel.startsWith('..') || posix.isAbsolute(rel))
      throw new ServiceError('OUTSIDE_ROOT', `${path} is outside the CMS root.`)
    let local: string
    try {
      // Each segment checked for this computer (a Linux name may be a path on Windows).
      local = pathInside(to, rel.split('/'), api)
    } catch (err) {
      // The other files are still saved; this one is named, with the reason.
      refused.push((err as Error).message)
      ctx.push({ path: rel, error: (err as Error).message })
      ctx.progress(++done, paths.length, 'file', { path: rel })
      continue
    }
    await runDownload(target, path, local, { signal: ctx.signal })
    ctx.push({ path: rel })
    ctx.progress(++done, paths.length, 'file', { path: rel })
  }
  if (refused.length > 0)
    throw new ServiceError(
      'BAD_REQUEST',
      `${refused.length} of ${paths.length} files could not be saved on this computer; the others are in ${to}. ${refused.join(' ')}`,
    )
}
