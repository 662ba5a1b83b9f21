// Parses the user-facing ways of naming an SSH endpoint and a preprod secure link.

export interface Endpoint {
  user?: string
  host: string
  port?: number
}

/** `user@host:port`, `host`, `[::1]:2222`… (OpenSSH ProxyJump syntax, one hop). */
export function parseEndpoint(text: string): Endpoint | null {
  const m = /^(?:([^@\s]+)@)?(\[[0-9a-fA-F:.]+\]|[^:@\s[\]]+)(?::(\d{1,5}))?$/.exec(text.trim())
  if (!m) return null
  const port = m[3] !== undefined ? Number(m[3]) : undefined
  if (port !== undefined && (port < 1 || port > 65535)) return null
  return {
    ...(m[1] ? { user: m[1] } : {}),
    host: m[2]!.replace(/^\[|\]$/g, ''),
    ...(port !== undefined ? { port } : {}),
  }
}

export interface SecureLink {
  /** The link without credentials. */
  url: string
  login: string
  password: string
}

/** A preprod link `https://LOGIN:PASSWORD@host/...` split into its parts (percent-decoded). */
export function parseSecureLink(link: string): SecureLink | null {
  let u: URL
  try {
    u = new URL(link.trim())
  } catch {
    return null
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null
  const login = decodeURIComponent(u.username)
  const password = decodeURIComponent(u.password)
  u.username = ''
  u.password = ''
  return { url: u.toString(), login, password }
}

/** The link as it may be shown: the password replaced by dots. */
export function maskSecureLink(url: string, login: string): string {
  const u = new URL(url)
  return `${u.protocol}//${encodeURIComponent(login)}:•••@${u.host}${u.pathname === '/' ? '' : u.pathname}${u.search}`
}
