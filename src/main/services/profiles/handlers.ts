// The profiles calls: Xdebug's cachegrind files listed, parsed in a worker, made on demand.
import type { ProfilesCalls } from '../../../shared/api'
import {
  costedSources,
  object,
  optionalText,
  ServiceError,
  targetSource,
  text,
  type CallHandlers,
  type SessionContext,
} from '../platform'
import { storedLogin } from '../http'
import { parseProfileView } from './cachegrind'
import { listProfiles, profileUrl } from './xdebug-profiles'

export function profilesHandlers(ctx: SessionContext): CallHandlers<ProfilesCalls> {
  const { servers, jobs } = ctx
  return {
    'profiles:list': async (req) => listProfiles(servers.target(text(object(req), 'server'))),
    'profiles:open': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const path = text(r, 'path')
      const entry = await target.stat(path)
      if (entry.type !== 'file') throw new ServiceError('NOT_A_FILE', `${path}: not a file.`)
      const read = costedSources([targetSource(target, path)])
      const { view, parseMs } = await parseProfileView(read.sources[0]!, ctx.profileWorker ?? null)
      const cost = read.cost()
      return {
        ...view,
        path,
        size: entry.size,
        mtimeMs: entry.mtimeMs,
        parseMs,
        ...(cost ? { cost } : {}),
      }
    },
    'profiles:profile-url': async (req) => {
      const r = object(req)
      const server = text(r, 'server')
      const site = servers.siteAccess(server)
      const url = optionalText(r, 'url', 4096) || site.url
      if (!url) {
        throw new ServiceError(
          'BAD_REQUEST',
          'Which page? Enter its URL, or set the site URL (or preprod link) of this server.',
        )
      }
      const auth = storedLogin(site, url)
      const target = servers.target(server)
      // A job: the request can take seconds (the page is profiled); cancelling aborts it.
      const job = jobs.start('profiles:profile-url', async (j) => {
        j.push(await profileUrl(target, { url, ...(auth ? { auth } : {}) }, { signal: j.signal }))
      })
      return { job }
    },
  }
}
