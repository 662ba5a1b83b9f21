import { ServiceError, type ServerRegistry } from '../platform'
import { withoutLogin } from './http-probe'

type SiteAccess = ReturnType<ServerRegistry['siteAccess']>

/** The stored preprod login, for a URL of the site it belongs to only (same host). */
export function storedLogin(
  site: SiteAccess,
  url: string,
): { login: string; password: string } | undefined {
  const host = (u: string): string | null => {
    try {
      return new URL(u).host
    } catch {
      return null
    }
  }
  return site.url !== undefined && host(url) === host(site.url) ? site.auth : undefined
}

/**
 * The URL to diagnose (else the server's site URL or preprod link), and the login for it: the
 * one in the URL, else the stored preprod login, which goes only to the site it belongs to.
 */
export function siteUrl(
  servers: ServerRegistry,
  server: string,
  given: string | undefined,
): { url: string; auth?: { login: string; password: string } } {
  const site = servers.siteAccess(server)
  const wanted = given || site.url
  if (!wanted) {
    throw new ServiceError(
      'BAD_REQUEST',
      'Which URL? Enter it, or set the site URL (or preprod link) of this server.',
    )
  }
  const { url, auth } = withoutLogin(wanted)
  const login = auth ?? storedLogin(site, url.href)
  return { url: url.href, ...(login ? { auth: login } : {}) }
}
