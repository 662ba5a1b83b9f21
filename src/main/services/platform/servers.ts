import { EventEmitter } from 'node:events'
import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type {
  ConnectionState,
  ConnectionTest,
  ServerInfo,
  ServerProfileInput,
} from '../../../shared/api'
import { maskSecureLink, parseEndpoint } from '../../../core/servers'
import { knownZone } from '../../../core/text'
import { ServiceError } from './errors'
import { LocalTarget } from './local-target'
import { KnownHosts, ProfileStore, type StoredProfile } from './server-profiles'
import type { SecretCipher } from './secrets'
import { SshTarget } from './ssh-target'
import type { SshCredentials } from './ssh-connect'
import type { ProfileSecrets } from './server-profiles'
import type { Target } from './target'

export const DEMO_SERVER_ID = 'demo'

/** Tools a feature may need; probed on connect so a missing one is said, not met obscurely. */
export const PROBED_TOOLS = [
  'tail',
  'gzip',
  'zcat',
  'grep',
  'zgrep',
  'find',
  'stat',
  'mysqlbinlog',
  'mariadb-binlog',
  'mysqldump',
  'mariadb-dump',
  'rsync',
  'curl',
] as const

export interface RegistryOptions {
  resourcesDir: string
  dataDir: string
  cipher: SecretCipher
  /** ssh-agent socket; defaults to $SSH_AUTH_SOCK. */
  agentSocket?: string
}

/**
 * The servers the user can open: the built-in demo (a local target) and the SSH profiles.
 * Emits `state` (serverId, state, message) when a connection changes.
 */
/** A login for the system's `ssh`: a key file or an agent; `problem` says why there is none. */
export interface SystemSshLogin {
  host: string
  port: number
  user: string
  keyFile?: string
  agentSocket?: string
  jump?: string
  problem?: string
}

export class ServerRegistry extends EventEmitter {
  readonly profiles: ProfileStore
  readonly knownHosts: KnownHosts
  readonly dataDir: string
  private readonly demo: LocalTarget
  private readonly demoRoot: string
  private readonly targets = new Map<string, SshTarget>()
  private readonly tools = new Map<string, string[]>()
  private closed = false

  constructor(private readonly options: RegistryOptions) {
    super()
    this.dataDir = options.dataDir
    this.demoRoot = join(options.resourcesDir, 'demo')
    this.demo = new LocalTarget(DEMO_SERVER_ID, this.demoRoot, demoZone(this.demoRoot))
    this.profiles = new ProfileStore(options.dataDir, options.cipher)
    this.knownHosts = new KnownHosts(options.dataDir)
  }

  list(): ServerInfo[] {
    const demo: ServerInfo = {
      id: DEMO_SERVER_ID,
      name: 'Demo',
      kind: 'demo',
      role: 'demo',
      address: this.demoRoot,
      cmsRoot: '/var/www/site',
      state: 'connected',
    }
    return [demo, ...this.profiles.list().map((p) => this.describe(p))]
  }

  /** Finds a server by id or by name (case-insensitive), for the UI and the CLI alike. */
  info(idOrName: string): ServerInfo {
    const wanted = idOrName.toLowerCase()
    const found = this.list().find((s) => s.id === idOrName || s.name.toLowerCase() === wanted)
    if (!found) {
      const known = this.list()
        .map((s) => s.name)
        .join(', ')
      throw new ServiceError('UNKNOWN_SERVER', `No server named "${idOrName}". Known: ${known}.`)
    }
    return found
  }

  target(idOrName: string): Target {
    const info = this.info(idOrName)
    if (info.kind === 'demo') return this.demo
    return this.sshTarget(info.id)
  }

  sshTarget(id: string): SshTarget {
    if (this.closed) throw new ServiceError('CONNECTION_LOST', 'The workbench is shutting down.')
    let target = this.targets.get(id)
    if (!target) {
      const profile = this.profile(id)
      target = this.createTarget(profile)
      target.on('state', (state: ConnectionState, message?: string) =>
        this.emit('state', id, state, message),
      )
      this.targets.set(id, target)
    }
    return target
  }

  add(input: ServerProfileInput): ServerInfo {
    return this.describe(this.profiles.save(input))
  }

  async update(id: string, input: ServerProfileInput): Promise<ServerInfo> {
    const profile = this.profiles.save(input, id)
    await this.drop(id)
    return this.describe(profile)
  }

  async remove(id: string): Promise<void> {
    this.profiles.remove(id)
    await this.drop(id)
  }

  /** Connects and probes the tools the jail offers. */
  async connect(idOrName: string): Promise<ServerInfo> {
    const info = this.info(idOrName)
    if (info.kind === 'demo') return info
    const target = this.sshTarget(info.id)
    await target.connect()
    if (!this.tools.has(info.id)) this.tools.set(info.id, await probeTools(target))
    return this.describe(this.profile(info.id))
  }

  /**
   * Tries a profile as typed, without saving it: connects (host key checked against the trusted
   * ones), logs in, lists the tools, disconnects. An unknown host key is an answer, not a
   * failure: its fingerprint is shown, to be trusted on save.
   */
  async test(input: ServerProfileInput, saved?: string): Promise<ConnectionTest> {
    const port = input.port ?? 22
    // Editing a saved server: a secret left blank is the saved one.
    const kept = saved ? this.profiles.secrets(this.profile(this.info(saved).id)) : {}
    const target = this.targetFor(
      {
        id: 'connection-test',
        host: input.host,
        port,
        user: input.user,
        auth: input.auth,
        ...(input.keyFile ? { keyFile: input.keyFile } : {}),
        ...(input.jump ? { jump: input.jump } : {}),
      },
      () => ({
        ...kept,
        ...(input.password ? { password: input.password } : {}),
        ...(input.passphrase ? { passphrase: input.passphrase } : {}),
      }),
    )
    try {
      await target.connect()
      return { ok: true, tools: await probeTools(target) }
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'HOST_KEY_UNKNOWN')
        return { ok: false, code: err.code, message: err.message, ...fingerprintOf(err) }
      if (err instanceof ServiceError) return { ok: false, code: err.code, message: err.message }
      throw err
    } finally {
      await target.close()
    }
  }

  async disconnect(idOrName: string): Promise<void> {
    const info = this.info(idOrName)
    if (info.kind !== 'demo') await this.targets.get(info.id)?.close()
  }

  /**
   * Trusts a host key for the server (or its jump host). A different key already stored is only
   * replaced when asked deliberately.
   */
  trust(
    idOrName: string,
    fingerprint: string,
    options: { host?: string; port?: number; replace?: boolean } = {},
  ): void {
    const info = this.info(idOrName)
    if (info.kind === 'demo')
      throw new ServiceError('BAD_REQUEST', 'The demo server has no host key.')
    const profile = this.profile(info.id)
    const jump = profile.jump ? parseEndpoint(profile.jump) : null
    const host = options.host ?? profile.host
    const port =
      options.port ??
      (options.host && jump && options.host === jump.host ? (jump.port ?? 22) : profile.port)
    const allowed =
      (host === profile.host && port === profile.port) ||
      (jump !== null && host === jump.host && port === (jump.port ?? 22))
    if (!allowed)
      throw new ServiceError(
        'BAD_REQUEST',
        `${host}:${port} is neither this server nor its jump host.`,
      )
    const stored = this.knownHosts.get(host, port)
    if (stored && stored !== fingerprint && !options.replace) {
      throw new ServiceError(
        'HOST_KEY_CHANGED',
        `A different key is stored for ${host}:${port} (${stored}). Replace it deliberately to trust ${fingerprint}.`,
        {
          fingerprint,
          expected: stored,
        },
      )
    }
    this.knownHosts.set(host, port, fingerprint)
  }

  /**
   * The site's address for HTTP requests: the preprod secure link's URL with its login and
   * password (kept sealed until this moment), else the production URL.
   */
  siteAccess(idOrName: string): { url?: string; auth?: { login: string; password: string } } {
    const p = this.profiles.get(idOrName) ?? this.profiles.list().find((x) => x.name === idOrName)
    if (!p) return {}
    if (p.preprod) {
      const password = this.profiles.secrets(p).preprodPassword ?? ''
      return { url: p.preprod.url, auth: { login: p.preprod.login, password } }
    }
    return p.productionUrl ? { url: p.productionUrl } : {}
  }

  /**
   * How the system's own `ssh` (under rsync) logs in to this server like the workbench does:
   * the same key file or agent. A password or a key with a passphrase cannot be handed to it.
   */
  systemSshLogin(id: string): SystemSshLogin {
    const p = this.profile(id)
    const base = { host: p.host, port: p.port, user: p.user, ...(p.jump ? { jump: p.jump } : {}) }
    if (p.auth === 'password') {
      return {
        ...base,
        problem:
          'Files are copied by rsync over the system ssh, which cannot be given a password: use a key file or ssh-agent for this server.',
      }
    }
    if (p.auth === 'agent') {
      const agent = this.options.agentSocket ?? process.env.SSH_AUTH_SOCK
      return agent
        ? { ...base, agentSocket: agent }
        : { ...base, problem: 'No ssh-agent is running here (SSH_AUTH_SOCK is not set).' }
    }
    if (this.profiles.secrets(p).passphrase) {
      return {
        ...base,
        problem:
          "This key has a passphrase, which rsync's ssh cannot be given: add the key to ssh-agent (ssh-add) and choose ssh-agent for this server.",
      }
    }
    return { ...base, keyFile: p.keyFile!.replace(/^~(?=\/)/, homedir()) }
  }

  /** Closes every connection for good (the app or the command is ending). */
  async close(): Promise<void> {
    this.closed = true
    await this.demo.close()
    await Promise.all([...this.targets.values()].map((t) => t.dispose()))
  }

  private profile(id: string): StoredProfile {
    const profile = this.profiles.get(id)
    if (!profile) throw new ServiceError('UNKNOWN_SERVER', `No server with id "${id}".`)
    return profile
  }

  private async drop(id: string): Promise<void> {
    const target = this.targets.get(id)
    this.targets.delete(id)
    this.tools.delete(id)
    if (target) {
      target.removeAllListeners('state')
      await target.close()
    }
    this.emit('state', id, 'disconnected')
  }

  private describe(p: StoredProfile): ServerInfo {
    const target = this.targets.get(p.id)
    const tools = this.tools.get(p.id)
    return {
      id: p.id,
      name: p.name,
      kind: 'ssh',
      role: p.role,
      address: `${p.user}@${p.host}${p.port === 22 ? '' : `:${p.port}`}`,
      cmsRoot: p.cmsRoot,
      state: target?.state ?? 'disconnected',
      ...(target?.error && target.state === 'failed' ? { error: target.error } : {}),
      auth: p.auth,
      ...(p.keyFile ? { keyFile: p.keyFile } : {}),
      ...(p.jump ? { jump: p.jump } : {}),
      ...(p.productionUrl ? { productionUrl: p.productionUrl } : {}),
      ...(p.preprod ? { preprodLink: maskSecureLink(p.preprod.url, p.preprod.login) } : {}),
      ...(tools ? { tools } : {}),
      ...(p.group ? { group: p.group } : {}),
      ...(p.tags ? { tags: p.tags } : {}),
    }
  }

  private createTarget(p: StoredProfile): SshTarget {
    return this.targetFor(p, () => this.profiles.secrets(p))
  }

  /** A target for a profile, saved or not (`secrets` read when it connects). */
  private targetFor(
    p: Pick<StoredProfile, 'id' | 'host' | 'port' | 'user' | 'auth' | 'keyFile' | 'jump'>,
    secretsOf: () => ProfileSecrets,
  ): SshTarget {
    const credentials = (): SshCredentials => {
      const secrets = secretsOf()
      if (p.auth === 'password') return { password: secrets.password ?? '' }
      if (p.auth === 'agent') {
        const agent = this.options.agentSocket ?? process.env.SSH_AUTH_SOCK
        if (!agent)
          throw new ServiceError(
            'AUTH_FAILED',
            'No ssh-agent is running here (SSH_AUTH_SOCK is not set): start one, or use a key file.',
          )
        return { agent }
      }
      const file = p.keyFile!.replace(/^~(?=\/)/, homedir())
      let privateKey: Buffer
      try {
        privateKey = readFileSync(file)
      } catch {
        throw new ServiceError('AUTH_FAILED', `The private key ${file} cannot be read.`)
      }
      return { privateKey, ...(secrets.passphrase ? { passphrase: secrets.passphrase } : {}) }
    }
    const jump = p.jump ? parseEndpoint(p.jump) : null
    return new SshTarget({
      id: p.id,
      endpoint: { host: p.host, port: p.port, user: p.user },
      credentials,
      trustedFingerprint: () => this.knownHosts.get(p.host, p.port),
      ...(jump
        ? {
            jump: {
              endpoint: { host: jump.host, port: jump.port ?? 22, user: jump.user ?? p.user },
              credentials,
              trustedFingerprint: () => this.knownHosts.get(jump.host, jump.port ?? 22),
            },
          }
        : {}),
    })
  }
}

/**
 * The zone the demo's data was written in: its server's /etc/timezone, shipped with it (the
 * demo's logs then read as they did there, whatever this computer's zone).
 */
function demoZone(root: string): string | undefined {
  try {
    const name = readFileSync(join(root, 'etc', 'timezone'), 'utf8').trim()
    return knownZone(name) ? name : undefined
  } catch {
    return undefined
  }
}

/** The tools of PROBED_TOOLS the server has (`command -v`, in the jail's shell). */
async function probeTools(target: SshTarget): Promise<string[]> {
  const script = `for t in ${PROBED_TOOLS.join(' ')}; do command -v "$t" >/dev/null 2>&1 && echo "$t"; done; exit 0`
  const r = await target.run(['sh', '-c', script])
  return r.stdout.split('\n').filter((t) => (PROBED_TOOLS as readonly string[]).includes(t))
}

function fingerprintOf(err: ServiceError): { fingerprint?: string } {
  const f = err.details?.fingerprint
  return f ? { fingerprint: f } : {}
}

/** The private keys in ~/.ssh (files whose first line says so), for the server form. */
export function localPrivateKeys(home = homedir()): string[] {
  const dir = join(home, '.ssh')
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const keys: string[] = []
  for (const name of names.sort()) {
    if (name.endsWith('.pub') || name.startsWith('known_hosts') || name === 'config') continue
    try {
      const fd = openSync(join(dir, name), 'r')
      const head = Buffer.alloc(64)
      const n = readSync(fd, head, 0, 64, 0)
      closeSync(fd)
      if (/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(head.subarray(0, n).toString('latin1')))
        keys.push(`~/.ssh/${name}`)
    } catch {
      // unreadable or a folder: not offered
    }
  }
  return keys
}
