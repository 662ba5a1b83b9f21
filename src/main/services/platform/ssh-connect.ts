// Opening an SSH connection (ssh2), directly or through a jump host, with the host key checked
// against the one trusted; connection errors worded for the user.
import { createHash } from 'node:crypto'
import { connect as netConnect, type Socket } from 'node:net'
import type { Client, ConnectConfig } from 'ssh2'
import { ServiceError } from './errors'
import type { SshTargetOptions } from './ssh-target'

export interface SshEndpoint {
  host: string
  port: number
  user: string
}

export interface SshCredentials {
  privateKey?: Buffer
  passphrase?: string
  password?: string
  /** Path of the ssh-agent socket. */
  agent?: string
}

/** SHA256 fingerprint of a raw SSH public key, as OpenSSH prints it. */
export function fingerprintOf(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '')
}

/** The transport under each client, to destroy it when a polite disconnect is not enough. */
export const ownSockets = new WeakMap<Client, Socket>()

/** The host key each client verified. */
export const hostKeys = new WeakMap<Client, Buffer>()

/** Disconnects politely, then tears the transport down if the server keeps it open. */
export function hangUp(client: Client): void {
  client.end()
  const socket = ownSockets.get(client)
  if (socket && !socket.destroyed) setTimeout(() => socket.destroy(), 500).unref()
}

export async function connectClient(
  endpoint: SshEndpoint,
  credentials: SshCredentials,
  trusted: string | null,
  options: SshTargetOptions,
  sock: NodeJS.ReadableStream | undefined,
  /** Ask for SSH compression (zlib@openssh.com): for bulk reads from a server without gzip. */
  compress = false,
): Promise<Client> {
  // Loaded when first needed: the CLI's start-up stays short for the local commands.
  const ssh2 = await import('ssh2')
  return new Promise<Client>((resolve, reject) => {
    const client = new ssh2.Client()
    // Our own TCP socket (or the jump host's tunnel), so that closing can always tear it down.
    const transport =
      sock ?? netConnect({ host: endpoint.host, port: endpoint.port }).setNoDelay(true)
    ownSockets.set(client, transport as Socket)
    let seen: string | null = null
    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.user,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: 3,
      // AES-GCM runs in Node's native crypto; ssh2's ChaCha20 is pure JS without its optional
      // binding (install scripts are denied), so it comes last.
      algorithms: {
        cipher: [
          'aes128-gcm@openssh.com',
          'aes256-gcm@openssh.com',
          'aes128-ctr',
          'aes256-ctr',
          'chacha20-poly1305@openssh.com',
        ],
        ...(compress ? { compress: ['zlib@openssh.com', 'zlib', 'none'] } : {}),
      },
      hostVerifier: (key: Buffer) => {
        seen = fingerprintOf(key)
        hostKeys.set(client, key)
        return trusted !== null && seen === trusted
      },
      sock: transport as ConnectConfig['sock'],
      ...(credentials.privateKey ? { privateKey: credentials.privateKey } : {}),
      ...(credentials.passphrase ? { passphrase: credentials.passphrase } : {}),
      ...(credentials.password !== undefined ? { password: credentials.password } : {}),
      ...(credentials.agent ? { agent: credentials.agent } : {}),
    }
    const fail = (err: Error & { level?: string; code?: string }): void => {
      client.removeAllListeners('ready')
      // What the dying connection says next ("Connection lost before handshake") is not news,
      // and an 'error' with no listener would end the process.
      client.on('error', () => undefined)
      hangUp(client)
      reject(connectError(err, endpoint, trusted, seen))
    }
    client.once('ready', () => {
      client.removeListener('error', fail)
      client.on('error', () => undefined) // later errors end in 'close', handled by the target
      resolve(client)
    })
    client.once('error', fail)
    try {
      client.connect(config)
    } catch (err) {
      fail(err as Error)
    }
  })
}

export function connectError(
  err: Error & { level?: string; code?: string },
  endpoint: SshEndpoint,
  trusted: string | null,
  seen: string | null,
): ServiceError {
  const where = `${endpoint.user}@${endpoint.host}:${endpoint.port}`
  const at = { host: endpoint.host, port: String(endpoint.port) }
  if (seen !== null && trusted === null) {
    return new ServiceError(
      'HOST_KEY_UNKNOWN',
      `${where} is not known yet. Its host key fingerprint is ${seen}: check it with the host, then trust it.`,
      {
        ...at,
        fingerprint: seen,
      },
    )
  }
  if (seen !== null && trusted !== null && seen !== trusted) {
    return new ServiceError(
      'HOST_KEY_CHANGED',
      `REFUSED: the host key of ${where} has changed. Stored ${trusted}, presented ${seen}. Someone may be intercepting the connection (man-in-the-middle), or the server was reinstalled. Connect only after checking with the host, by replacing the stored key deliberately.`,
      { ...at, fingerprint: seen, expected: trusted },
    )
  }
  if (err.level === 'client-authentication') {
    return new ServiceError(
      'AUTH_FAILED',
      `${where}: authentication failed (wrong password, key or user, or the key is not authorized on the server).`,
    )
  }
  if (err.level === 'client-timeout' || /Timed out/i.test(err.message)) {
    return new ServiceError(
      'CONNECTION_LOST',
      `${where}: no answer in time. A timeout often means the firewall (IDS) banned your IP: ask for it to be whitelisted.`,
    )
  }
  if (err.code === 'ECONNREFUSED')
    return new ServiceError(
      'CONNECTION_LOST',
      `${where}: connection refused (no SSH server on that port, or your IP is blocked).`,
    )
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return new ServiceError('CONNECTION_LOST', `${endpoint.host}: unknown host name.`)
  if (/passphrase|Encrypted private key|Cannot parse privateKey/i.test(err.message)) {
    return new ServiceError(
      'AUTH_FAILED',
      `${where}: the private key cannot be read (${err.message}). Check the key file and its passphrase.`,
    )
  }
  return new ServiceError('CONNECTION_LOST', `${where}: ${err.message}`)
}

/** A TCP stream to `endpoint` through a jump host's connection (OpenSSH's ProxyJump). */
export function tunnel(jump: Client, endpoint: SshEndpoint): Promise<NodeJS.ReadableStream> {
  return new Promise<NodeJS.ReadableStream>((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, endpoint.host, endpoint.port, (err, stream) => {
      if (!err) return resolve(stream)
      reject(
        new ServiceError(
          'CONNECTION_LOST',
          `The jump host could not reach ${endpoint.host}:${endpoint.port}: ${err.message}`,
        ),
      )
    })
  })
}
