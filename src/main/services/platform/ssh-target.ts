import { EventEmitter } from 'node:events'
import { PassThrough, Readable, type Duplex } from 'node:stream'
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2'
import type { ConnectionState, FileEntry } from '../../../shared/api'
import { ServiceError } from './errors'
import type { ExecHandle, ExecResult, FileWriter, RandomReader, ReadRange, Target } from './target'
import { RemoteReads, readPolicyFromEnv, readStats, type ReadPolicy } from './remote-read'
import type { ReadCost } from '../../../shared/logs'
import {
  checkPath,
  sftpCall,
  sftpDownload,
  streamDownload,
  sftpList,
  sftpOpenReader,
  sftpOpenWriter,
  sftpStat,
} from './sftp-files'
import { SshCredentials, SshEndpoint, connectClient, hangUp, hostKeys, tunnel } from './ssh-connect'
import { CompressedLink } from './ssh-compressed'
import { watchedCommand } from './ssh-command'

export interface SshTargetOptions {
  id: string
  endpoint: SshEndpoint
  credentials: () => SshCredentials
  /** Returns the fingerprint trusted for this endpoint (`SHA256:…`), or null. */
  trustedFingerprint: () => string | null
  /** A jump host to go through (OpenSSH's ProxyJump), with its own credentials and trust. */
  jump?: {
    endpoint: SshEndpoint
    credentials: () => SshCredentials
    trustedFingerprint: () => string | null
  }
  readyTimeoutMs?: number
  keepaliveIntervalMs?: number
  /** Reconnect attempts after an unexpected drop (backoff 0.5 s, 1 s, 2 s… 15 s). */
  reconnectAttempts?: number
  /** How big reads cross the wire (`auto`: compressed when the link is slow); `$TWB_READS`. */
  reads?: ReadPolicy
}

/** Exec channels open at once on one connection (one more is kept for SFTP, under MaxSessions 10). */
export const MAX_EXEC_CHANNELS = 8

/** Times a refused channel is asked again (at most 800 ms apart: about 20 s in all). */
const CHANNEL_RETRIES = 30

/**
 * A server over SSH (ssh2): one connection shared by every feature, channels multiplexed,
 * keepalive, reconnect with backoff, host key checked against what the user trusted.
 * Nothing is ever uploaded to or installed on the server.
 */
export class SshTarget extends EventEmitter implements Target {
  readonly id: string
  private client: Client | null = null
  private jumpClient: Client | null = null
  private connecting: Promise<Client> | null = null
  private sftpSession: Promise<SFTPWrapper> | null = null
  private closedByUs = false
  private stateValue: ConnectionState = 'disconnected'
  private lastError: string | undefined
  private reconnectTimer: NodeJS.Timeout | null = null
  private disposed = false
  private freeChannels = MAX_EXEC_CHANNELS
  private releaseWatchers: (() => void)[] = []
  private channelWaiters: (() => void)[] = []
  /** The server's host key as it was verified (SSH wire format), for tools run beside ssh2. */
  hostKeyBlob: Buffer | null = null

  /** How this server's big reads cross the wire (its link measured once, its tools probed). */
  readonly reads: RemoteReads

  constructor(private readonly options: SshTargetOptions) {
    super()
    this.id = options.id
    this.reads = new RemoteReads(
      {
        sftpRange: (path, start, end, zlib) => this.sftpRange(path, start, end, zlib),
        compressedWireBytes: () => this.compressedWireBytes(),
        exec: (argv) => this.exec(argv),
        commandPath: (path) => this.commandPath(path),
      },
      options.reads ?? readPolicyFromEnv(),
    )
  }

  get state(): ConnectionState {
    return this.stateValue
  }

  get error(): string | undefined {
    return this.lastError
  }

  /** Connects (or reuses the live connection). Rejects with a coded ServiceError. */
  connect(): Promise<Client> {
    if (this.disposed)
      return Promise.reject(new ServiceError('CONNECTION_LOST', 'The workbench is shutting down.'))
    if (this.client) return Promise.resolve(this.client)
    if (this.connecting) return this.connecting
    this.closedByUs = false
    this.setState('connecting')
    this.connecting = this.open().then(
      (client) => {
        this.connecting = null
        this.client = client
        this.lastError = undefined
        this.setState('connected')
        return client
      },
      (err: unknown) => {
        this.connecting = null
        this.lastError = (err as Error).message
        this.setState('failed', this.lastError)
        throw err
      },
    )
    return this.connecting
  }

  commandPath(path: string): string {
    return path
  }

  exec(
    argv: readonly string[],
    options: {
      signal?: AbortSignal
      env?: Record<string, string>
      /**
       * A secret for the command's environment (MYSQL_PWD…), sent as the first line of the
       * channel's input: never on a command line, where `ps` would show it.
       */
      secretEnv?: { name: string; value: string }
    } = {},
  ): ExecHandle {
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    let channel: ClientChannel | null = null
    let killed = false
    const wrapped = watchedCommand(argv, options.env, options.secretEnv)
    const secret = options.secretEnv
    const kill = (): void => {
      killed = true
      if (channel) {
        // Discard what is still coming so that the channel can reach its end and close.
        channel.unpipe()
        channel.stderr.unpipe()
        channel.resume()
        channel.stderr.resume()
        stdout.end()
        stderr.end()
        channel.end()
        setTimeout(() => channel?.close(), 2000).unref()
      }
    }
    const exit = new Promise<ExecResult>((resolve) => {
      this.connect().then(
        async (client) => {
          await this.acquireChannel()
          if (killed) {
            this.releaseChannel()
            stdout.end()
            stderr.end()
            return resolve({ code: null, signal: 'TERM' })
          }
          let refusals = 0
          const refused = (message: string): void => {
            this.releaseChannel()
            stderr.end(`The server refused a new channel: ${message}\n`)
            stdout.end()
            resolve({ code: null, signal: null })
          }
          const open = (): void => {
            try {
              client.exec(wrapped, onChannel)
            } catch (err) {
              // The connection ended while a refused channel was waited out.
              refused((err as Error).message)
            }
          }
          const onChannel = (err: Error | undefined, ch: ClientChannel): void => {
            if (err) {
              // OpenSSH frees a closed session a moment after it says so, and a server may
              // allow fewer sessions than MaxSessions' default: a refusal while other channels
              // are open is waited out, not reported.
              const othersOpen = this.freeChannels < MAX_EXEC_CHANNELS - 1
              if (!killed && refusals < (othersOpen ? CHANNEL_RETRIES : 3)) {
                // Asked again when one of ours closes (a moment later: OpenSSH frees it
                // after saying so), or after a while for a session that is not ours.
                void this.nextRelease(50 << Math.min(refusals++, 4)).then(() => setTimeout(open, 5))
                return
              }
              return refused(err.message)
            }
            ch.once('close', () => this.releaseChannel())
            channel = ch
            let result: ExecResult = { code: null, signal: null }
            ch.on('exit', (code: number | null, signal?: string) => {
              result = { code: code ?? null, signal: signal ?? null }
            })
            ch.once('close', () => resolve(result))
            if (secret) ch.write(`${secret.value}\n`)
            ch.pipe(stdout)
            ch.stderr.pipe(stderr)
            if (killed) kill()
          }
          open()
        },
        (err: unknown) => {
          stderr.end(`${(err as Error).message}\n`)
          stdout.end()
          resolve({ code: null, signal: null })
        },
      )
    })
    options.signal?.addEventListener('abort', kill, { once: true })
    return { stdout, stderr, exit, kill }
  }

  /** Runs a command to its end and returns its output (for short commands: probes, stat). */
  async run(
    argv: readonly string[],
    options: { signal?: AbortSignal; maxBytes?: number } = {},
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const proc = this.exec(argv, options)
    const max = options.maxBytes ?? 16 << 20
    let out = ''
    let err = ''
    proc.stdout.on('data', (b: Buffer) => {
      if (out.length < max) out += b.toString('utf8')
    })
    proc.stderr.on('data', (b: Buffer) => {
      if (err.length < 65536) err += b.toString('utf8')
    })
    const { code } = await proc.exit
    return { code, stdout: out, stderr: err }
  }

  async stat(path: string): Promise<FileEntry> {
    checkPath(path)
    return sftpStat(await this.sftp(), path)
  }

  async list(path: string): Promise<FileEntry[]> {
    checkPath(path)
    return sftpList(await this.sftp(), path)
  }

  async readStream(path: string, range: ReadRange = {}): Promise<Readable> {
    const st = await this.stat(path)
    if (st.type === 'dir')
      throw new ServiceError('NOT_A_FILE', `${path}: is a directory, not a file.`)
    const start = range.start ?? 0
    const end = range.end ?? st.size
    if (end <= start) return Readable.from([])
    return this.reads.open(path, start, end)
  }

  /**
   * The bytes [start, end) over SFTP: on the shared connection, or with `zlib` on a second one
   * that SSH compresses (for a server without gzip, over a slow link).
   */
  private async sftpRange(
    path: string,
    start: number,
    end: number,
    zlib = false,
  ): Promise<Readable> {
    const sftp = zlib ? await this.zlib.sftp() : await this.sftp()
    // ssh2's end is inclusive.
    const stream = sftp.createReadStream(path, { start, end: end - 1, highWaterMark: 256 << 10 })
    // The handle is closed after the last byte; if the connection ends first, that late error
    // has no reader left and must not crash the process (readers get theirs while reading).
    stream.on('error', () => undefined)
    return stream
  }

  async openReader(path: string): Promise<RandomReader> {
    checkPath(path)
    return sftpOpenReader(await this.sftp(), path)
  }

  async writeFile(path: string, data: string | Buffer): Promise<void> {
    checkPath(path)
    const sftp = await this.sftp()
    await sftpCall<void>(path, (cb) => sftp.writeFile(path, data, (err) => cb(err, undefined)))
  }

  async openWriter(path: string, exclusive: boolean): Promise<FileWriter> {
    checkPath(path)
    return sftpOpenWriter(await this.sftp(), path, exclusive)
  }

  /** SFTP download with many reads in flight (ssh2 fastGet), so latency does not bound speed. */
  async download(
    path: string,
    localPath: string,
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<ReadCost> {
    const st = await this.stat(path)
    if (st.type === 'dir')
      throw new ServiceError('NOT_A_FILE', `${path}: is a directory, not a file.`)
    // Over a slow link, text is compressed on the server; else many SFTP requests in flight.
    if (await this.reads.worthCompressing(path, st.size)) {
      const stream = await this.readStream(path)
      await streamDownload(stream, path, localPath, st.size, onProgress, signal)
      return readStats(stream)!
    }
    const began = performance.now()
    await sftpDownload(await this.sftp(), path, localPath, onProgress, signal)
    // SFTP's own framing aside, the bytes on the wire are the file's.
    return { method: 'sftp', bytes: st.size, wireBytes: st.size, ms: performance.now() - began }
  }

  /** A TCP stream to `host:port` as seen from the server (ssh2 forwardOut): no port is exposed. */
  async forward(host: string, port: number): Promise<Duplex> {
    const client = await this.connect()
    return new Promise<Duplex>((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
        if (err)
          reject(
            new ServiceError(
              'CONNECTION_LOST',
              `The server could not open ${host}:${port} for us: ${err.message}`,
            ),
          )
        else resolve(stream)
      })
    })
  }

  /** The connection's SFTP session (opened once, reopened after a reconnect). */
  async sftp(): Promise<SFTPWrapper> {
    const client = await this.connect()
    this.sftpSession ??= new Promise<SFTPWrapper>((resolve, reject) => {
      client.sftp((err, sftp) => {
        if (err) {
          this.sftpSession = null
          return reject(new ServiceError('IO', `The server refused SFTP: ${err.message}`))
        }
        sftp.once('close', () => {
          this.sftpSession = null
        })
        // Pending requests fail on their own callbacks when the connection ends; the session's
        // own error event must not take the process down.
        sftp.on('error', () => {
          this.sftpSession = null
        })
        resolve(sftp)
      })
    })
    return this.sftpSession
  }

  /** Closes for good: no connection is opened again (the app is quitting). */
  async dispose(): Promise<void> {
    this.disposed = true
    if (this.connecting) await this.connecting.catch(() => undefined)
    await this.close()
  }

  /** The SSH-compressed connection, opened on first need (see sftpRange). */
  private readonly zlib = new CompressedLink(async () => {
    await this.connect() // the host key checked, and the jump host up, by the main connection
    const o = this.options
    const jump = this.jumpClient
    const sock = jump ? await tunnel(jump, o.endpoint) : undefined
    return connectClient(o.endpoint, o.credentials(), o.trustedFingerprint(), o, sock, true)
  })

  /** Bytes received so far on the compressed connection's socket (what crossed the wire). */
  compressedWireBytes(): number {
    return this.zlib.wireBytes()
  }

  async close(): Promise<void> {
    this.zlib.close()
    this.closedByUs = true
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
    const client = this.client
    this.client = null
    this.sftpSession = null
    if (client) hangUp(client)
    if (this.jumpClient) hangUp(this.jumpClient)
    this.jumpClient = null
    if (this.stateValue !== 'failed') this.setState('disconnected')
  }

  /**
   * OpenSSH allows 10 sessions per connection by default (MaxSessions), SFTP included: commands
   * beyond that wait for a free channel instead of being refused.
   */
  private async acquireChannel(): Promise<void> {
    if (this.freeChannels > 0) {
      this.freeChannels--
      return
    }
    await new Promise<void>((resolve) => this.channelWaiters.push(resolve))
  }

  private releaseChannel(): void {
    const next = this.channelWaiters.shift()
    if (next) next()
    else this.freeChannels++
    for (const wake of this.releaseWatchers.splice(0)) wake()
  }

  /** Resolves when a channel of ours is released, or after `ms`. */
  private nextRelease(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.releaseWatchers.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  private setState(state: ConnectionState, message?: string): void {
    this.stateValue = state
    this.emit('state', state, message)
  }

  private async open(): Promise<Client> {
    const o = this.options
    // A jump client left from an earlier attempt is closed, never overwritten (it would leak).
    if (this.jumpClient) hangUp(this.jumpClient)
    this.jumpClient = null
    const jump = o.jump
      ? await connectClient(
          o.jump.endpoint,
          o.jump.credentials(),
          o.jump.trustedFingerprint(),
          o,
          undefined,
        )
      : null
    try {
      const sock = jump ? await tunnel(jump, o.endpoint) : undefined
      const client = await connectClient(
        o.endpoint,
        o.credentials(),
        o.trustedFingerprint(),
        o,
        sock,
      )
      this.jumpClient = jump
      this.hostKeyBlob = hostKeys.get(client) ?? null
      client.on('close', () => this.onDrop(client))
      return client
    } catch (err) {
      // The target's handshake failed (unknown key, bad password...): the jump connection goes too.
      if (jump) hangUp(jump)
      throw err
    }
  }

  private onDrop(client: Client): void {
    if (this.client !== client) return
    this.client = null
    this.sftpSession = null
    if (this.jumpClient) hangUp(this.jumpClient)
    this.jumpClient = null
    if (this.closedByUs) return
    this.setState('disconnected', 'The connection was closed.')
    this.scheduleReconnect(0)
  }

  private scheduleReconnect(attempt: number): void {
    const max = this.options.reconnectAttempts ?? 6
    if (attempt >= max || this.closedByUs) return
    const delay = Math.min(15_000, 500 * 2 ** attempt)
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      if (this.closedByUs || this.client) return
      this.connect().catch((err: unknown) => {
        // A refused host key or bad password will not fix itself: stop retrying.
        const code = (err as ServiceError).code
        if (code !== 'HOST_KEY_UNKNOWN' && code !== 'HOST_KEY_CHANGED' && code !== 'AUTH_FAILED')
          this.scheduleReconnect(attempt + 1)
      })
    }, delay)
    this.reconnectTimer.unref()
  }
}
