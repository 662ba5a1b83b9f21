import { readFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AuthMethod, ServerProfileInput } from '../../../shared/api'
import { parseEndpoint, parseSecureLink } from '../../../core/servers'
import { ServiceError } from './errors'
import type { SecretCipher } from './secrets'

/** A server profile as stored in `servers.json`: secrets only ever sealed. */
export interface StoredProfile {
  id: string
  name: string
  host: string
  port: number
  user: string
  auth: AuthMethod
  keyFile?: string
  jump?: string
  cmsRoot: string
  role: 'production' | 'preprod'
  productionUrl?: string
  preprod?: { url: string; login: string }
  group?: string
  tags?: string[]
  sealed: { passphrase?: string; password?: string; preprodPassword?: string; database?: string }
}

export interface ProfileSecrets {
  passphrase?: string
  password?: string
  preprodPassword?: string
}

/** Writes a JSON file readable by this user only (0600, its folder 0700), whole or not at all. */
export function writeJsonPrivately(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 })
  renameSync(tmp, file)
}

function readJson<T>(file: string, fallback: T): T {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback
    throw new ServiceError('IO', `${file}: ${(err as Error).message}`)
  }
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ServiceError(
      'IO',
      `${file} is corrupt (not JSON). Fix or remove it; nothing was changed.`,
    )
  }
}

/** Server profiles in `<data dir>/servers.json`, secrets sealed by the cipher. */
export class ProfileStore {
  private readonly file: string

  constructor(
    dataDir: string,
    private readonly cipher: SecretCipher,
  ) {
    this.file = join(dataDir, 'servers.json')
  }

  list(): StoredProfile[] {
    return readJson<{ servers?: StoredProfile[] }>(this.file, {}).servers ?? []
  }

  get(id: string): StoredProfile | undefined {
    return this.list().find((p) => p.id === id)
  }

  /** Adds a profile, or replaces the one with `id` (secrets left empty keep their old value). */
  save(input: ServerProfileInput, id?: string): StoredProfile {
    const all = this.list()
    const old = id ? all.find((p) => p.id === id) : undefined
    if (id && !old) throw new ServiceError('UNKNOWN_SERVER', `No server with id "${id}".`)
    const profile = this.validate(input, old, all)
    const next = old ? all.map((p) => (p.id === old.id ? profile : p)) : [...all, profile]
    writeJsonPrivately(this.file, { version: 1, servers: next })
    return profile
  }

  remove(id: string): void {
    const all = this.list()
    if (!all.some((p) => p.id === id))
      throw new ServiceError('UNKNOWN_SERVER', `No server with id "${id}".`)
    writeJsonPrivately(this.file, { version: 1, servers: all.filter((p) => p.id !== id) })
  }

  secrets(profile: StoredProfile): ProfileSecrets {
    const out: ProfileSecrets = {}
    for (const key of ['passphrase', 'password', 'preprodPassword'] as const) {
      const sealed = profile.sealed[key]
      if (sealed) out[key] = this.cipher.decrypt(sealed)
    }
    return out
  }

  /** Database credentials entered by hand for this server, sealed like every secret. */
  setDatabaseCredentials(id: string, credentials: object): void {
    const all = this.list()
    const profile = all.find((p) => p.id === id)
    if (!profile) throw new ServiceError('UNKNOWN_SERVER', `No server with id "${id}".`)
    profile.sealed.database = this.cipher.encrypt(JSON.stringify(credentials))
    writeJsonPrivately(this.file, { version: 1, servers: all })
  }

  databaseCredentials<T>(profile: StoredProfile): T | null {
    return profile.sealed.database
      ? (JSON.parse(this.cipher.decrypt(profile.sealed.database)) as T)
      : null
  }

  /** The profiles without any secret, safe to share. */
  exportProfiles(): Omit<StoredProfile, 'sealed'>[] {
    return this.list().map(({ sealed: _sealed, ...rest }) => rest)
  }

  private validate(
    input: ServerProfileInput,
    old: StoredProfile | undefined,
    all: StoredProfile[],
  ): StoredProfile {
    const bad = (message: string): never => {
      throw new ServiceError('BAD_REQUEST', message)
    }
    const name = (input.name ?? '').trim()
    if (!name || name.length > 64) bad('Give the server a name (64 characters at most).')
    if (name.toLowerCase() === 'demo')
      bad('"Demo" is the built-in demo server: choose another name.')
    if (all.some((p) => p.id !== old?.id && p.name.toLowerCase() === name.toLowerCase())) {
      bad(`A server named "${name}" already exists.`)
    }
    const host = (input.host ?? '').trim()
    if (!host || !parseEndpoint(host) || parseEndpoint(host)?.user || parseEndpoint(host)?.port) {
      bad('The host must be a host name or an address, without user or port.')
    }
    const port = input.port ?? 22
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      bad('The port must be a number from 1 to 65535.')
    const user = (input.user ?? '').trim()
    if (!user || /[\s@:]/.test(user)) bad('The user must be a login name.')
    if (!['key', 'password', 'agent'].includes(input.auth))
      bad('Choose key, password or agent authentication.')
    if (input.auth === 'key' && !(input.keyFile ?? '').trim())
      bad('Key authentication needs a private key file.')
    if (input.jump && !parseEndpoint(input.jump))
      bad('The jump host must look like user@host:port.')
    const cmsRoot = (input.cmsRoot ?? '/var/www/site').trim() || '/var/www/site'
    if (!cmsRoot.startsWith('/'))
      bad('The CMS root is an absolute path inside the jail, like /var/www/site.')
    if (input.productionUrl && !/^https?:\/\/\S+$/.test(input.productionUrl))
      bad('The production URL must start with https://.')
    const group = (input.group ?? '').trim()
    if (group.length > 64) bad('A group name is at most 64 characters.')
    const tags = [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))]
    if (tags.some((t) => !/^[\p{L}\p{N}._-]{1,32}$/u.test(t)))
      bad('A tag is a word of at most 32 letters, digits, dots, dashes or underscores.')
    let preprod: StoredProfile['preprod']
    let preprodPassword: string | undefined
    if (input.preprodLink) {
      const link = parseSecureLink(input.preprodLink)
      if (!link) return bad('The preprod link must look like https://LOGIN:PASSWORD@host.')
      preprod = { url: link.url, login: link.login }
      preprodPassword = link.password || undefined
    }
    const seal = (value: string | undefined, previous: string | undefined): string | undefined =>
      value ? this.cipher.encrypt(value) : previous
    const sealed: StoredProfile['sealed'] = {}
    const passphrase = seal(input.passphrase, old?.sealed.passphrase)
    const password = seal(input.password, old?.sealed.password)
    const preprodSealed = preprod ? seal(preprodPassword, old?.sealed.preprodPassword) : undefined
    if (input.auth === 'key' && passphrase) sealed.passphrase = passphrase
    if (input.auth === 'password') {
      if (!password) bad('Password authentication needs the password.')
      sealed.password = password
    }
    if (preprodSealed) sealed.preprodPassword = preprodSealed
    if (old?.sealed.database) sealed.database = old.sealed.database
    return {
      id: old?.id ?? uniqueId(name, all),
      name,
      host,
      port,
      user,
      auth: input.auth,
      ...(input.auth === 'key' ? { keyFile: input.keyFile!.trim() } : {}),
      ...(input.jump ? { jump: input.jump.trim() } : {}),
      cmsRoot,
      role: input.role === 'preprod' ? 'preprod' : 'production',
      ...(input.productionUrl ? { productionUrl: input.productionUrl } : {}),
      ...(preprod ? { preprod } : {}),
      ...(group ? { group } : {}),
      ...(tags.length ? { tags } : {}),
      sealed,
    }
  }
}

function uniqueId(name: string, all: StoredProfile[]): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'server'
  let id = base === 'demo' ? 'server' : base
  for (let i = 2; all.some((p) => p.id === id); i++) id = `${base}-${i}`
  return id
}

/** Host keys the user trusted, by `host:port`, in `<data dir>/known_hosts.json`. */
export class KnownHosts {
  private readonly file: string

  constructor(dataDir: string) {
    this.file = join(dataDir, 'known_hosts.json')
  }

  get(host: string, port: number): string | null {
    return (
      readJson<Record<string, { fingerprint: string }>>(this.file, {})[`${host}:${port}`]
        ?.fingerprint ?? null
    )
  }

  set(host: string, port: number, fingerprint: string): void {
    if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(fingerprint))
      throw new ServiceError('BAD_REQUEST', `"${fingerprint}" is not a SHA256 fingerprint.`)
    const all = readJson<Record<string, { fingerprint: string; trustedAt: string }>>(this.file, {})
    all[`${host}:${port}`] = { fingerprint, trustedAt: new Date().toISOString() }
    writeJsonPrivately(this.file, all)
  }
}
