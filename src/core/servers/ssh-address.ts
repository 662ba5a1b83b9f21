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

const LINK = /^(https?):\/\/(?:([^:@/\s]*)(?::([^@/\s]*))?@)?([^/\s?#@]+)([^\s]*)$/i

/** A preprod link `https://LOGIN:PASSWORD@host/...` split into its parts (percent-decoded). */
export function parseSecureLink(link: string): SecureLink | null {
  const m = LINK.exec(link.trim())
  if (!m) return null
  try {
    const rest = m[5] || '/'
    return {
      url: `${m[1]!.toLowerCase()}://${m[4]!.toLowerCase()}${rest.startsWith('/') ? rest : '/' + rest}`,
      login: decodeURIComponent(m[2] ?? ''),
      password: decodeURIComponent(m[3] ?? ''),
    }
  } catch {
    return null // malformed percent-encoding
  }
}

/** The link as it may be shown: the password replaced by dots. */
export function maskSecureLink(url: string, login: string): string {
  const m = LINK.exec(url)
  if (!m) return url
  const rest = m[5] === '/' ? '' : (m[5] ?? '')
  return `${m[1]}://${encodeURIComponent(login)}:•••@${m[4]}${rest}`
}
