// The servers a user works on: SSH jails and the built-in demo.

export type ServerKind = 'demo' | 'ssh'

export type ServerRole = 'demo' | 'production' | 'preprod'

export type ConnectionState = 'connected' | 'connecting' | 'disconnected' | 'failed'

export type AuthMethod = 'key' | 'password' | 'agent'

/** What the user enters to add or edit a server. Secrets are write-only: never sent back. */
export interface ServerProfileInput {
  name: string
  host: string
  port?: number
  user: string
  auth: AuthMethod
  keyFile?: string
  passphrase?: string
  password?: string
  /** OpenSSH ProxyJump: `user@host:port` (user and port optional). */
  jump?: string
  cmsRoot?: string
  role?: 'production' | 'preprod'
  productionUrl?: string
  /** Preprod secure link `https://LOGIN:PASSWORD@host`; the password is stored as a secret. */
  preprodLink?: string
  /** The group it belongs to (a customer, an agency's client): the fleet's views pick by it. */
  group?: string
  /** Free labels (`magento`, `ha`, `eu-west`…). */
  tags?: string[]
}

/** What an import added, and what it could not, with why. */
export interface ServerImportResult {
  added: ServerInfo[]
  skipped: { name: string; reason: string }[]
}

export interface ServerInfo {
  id: string
  name: string
  kind: ServerKind
  role: ServerRole
  /** Where the server is, for display: `user@host:port` or the demo's folder. */
  address: string
  /** The CMS root inside the jail, e.g. `/var/www/site`. */
  cmsRoot: string
  state: ConnectionState
  /** Why the last connection failed, when it did. */
  error?: string
  auth?: AuthMethod
  keyFile?: string
  jump?: string
  productionUrl?: string
  /** The preprod link with its password masked: `https://LOGIN:•••@host`. */
  preprodLink?: string
  /** Tools the jail offers, probed on connect. */
  tools?: string[]
  group?: string
  tags?: string[]
}

/** The configured servers, their connections and host keys. */
export interface ServersCalls {
  'servers:list': { req: Record<string, never>; res: ServerInfo[] }
  /** The server's zone, read once per connection: what its logs' zoneless times mean. */
  'servers:clock': { req: { server: string }; res: ServerClock }
  'servers:add': { req: { profile: ServerProfileInput }; res: ServerInfo }
  /** Tries a profile as typed (nothing saved): reachable, logged in, its tools. */
  'servers:test': { req: { profile: ServerProfileInput; server?: string }; res: ConnectionTest }
  /** The private keys found in ~/.ssh on this computer, for the key field. */
  'servers:keys': { req: Record<string, never>; res: string[] }
  'servers:update': { req: { server: string; profile: ServerProfileInput }; res: ServerInfo }
  'servers:remove': { req: { server: string }; res: null }
  /** Candidates from ~/.ssh/config (nothing is saved). */
  'servers:ssh-config': { req: Record<string, never>; res: ServerProfileInput[] }
  /** The servers of a CSV's text (nothing is saved), and its rows that are not servers. */
  'servers:csv': {
    req: { text: string }
    res: { profiles: ServerProfileInput[]; problems: string[] }
  }
  /** Adds many servers, each checked as one added by hand; those that cannot be, said. */
  'servers:import': { req: { profiles: ServerProfileInput[] }; res: ServerImportResult }
  'servers:connect': { req: { server: string }; res: ServerInfo }
  'servers:disconnect': { req: { server: string }; res: null }
  'servers:trust': {
    req: { server: string; fingerprint: string; host?: string; port?: number; replace?: boolean }
    res: null
  }
}

/** What trying a profile gave: connected (with the tools found), or why not. */
export type ConnectionTest =
  { ok: true; tools: string[] } | { ok: false; code: string; message: string; fingerprint?: string }

/** How times are shown: in the server's zone, in UTC, or in this computer's zone. */
export type ClockMode = 'server' | 'utc' | 'local'

/** A server's time zone. */
export interface ServerClock {
  /** Its IANA name when the server says it (TZ, or /etc/timezone agreeing with `date`). */
  zone: string | null
  /** Minutes east of UTC when it was read (`date +%z`). */
  offsetMin: number
  /** Where it was read: the server, the demo's data, or nowhere (then times are UTC). */
  source: 'server' | 'demo-data' | 'unknown'
}
