// Remote reads as fast as the link allows: the one place that decides how a server file's bytes
// cross the wire (issue #20). Over a slow link text is compressed on the server by what its jail
// already has (`tail -c | head -c | gzip -1`, nothing installed) and decoded as it arrives; a jail
// without gzip gets SSH's own compression (zlib@openssh.com) on a second connection; on a fast one (loopback, a LAN) compressing would only cost time, so the choice follows the link's
// throughput as measured on the first bytes of the first big read, not a guess. What is
// already compressed (`.gz` rotations and profiles) is read as it is. Every stream carries what it
// cost: bytes delivered, bytes on the wire, time, how.
import { PassThrough, Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import type { ReadCost } from '../../../shared/logs'
import { ServiceError } from './errors'
import type { ExecHandle } from './target'

/** How a read crossed the wire, and what it cost (the API's own type: the UI shows it). */
export type ReadStats = ReadCost
export type ReadMethod = ReadCost['method']

const STATS = new WeakMap<Readable, ReadStats>()

/** The cost of a stream returned by a target's `readStream` (undefined for a local file). */
export function readStats(stream: Readable): ReadStats | undefined {
  return STATS.get(stream)
}

/** How reads choose: `auto` by the link; `sftp` and `gzip` force one (benchmarks, tests). */
export type ReadPolicy = 'auto' | ReadMethod

/** `$TWB_READS` forces a method for every server (for measuring one against the other). */
export function readPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): ReadPolicy {
  const v = env.TWB_READS
  return v === 'sftp' || v === 'gzip' || v === 'ssh-zlib' ? v : 'auto'
}

/** What the planner needs of the SSH target. */
export interface ReadHost {
  /** Over SFTP; with `zlib` on the SSH-compressed connection. */
  sftpRange(path: string, start: number, end: number, zlib?: boolean): Promise<Readable>
  /** Bytes received so far by the SSH-compressed connection (its wire). */
  compressedWireBytes(): number
  exec(argv: readonly string[]): ExecHandle
  commandPath(path: string): string
}

/**
 * Below this a read goes as it is: compressing a small read saves nothing worth a process. The
 * first read of a link over this size measures it on its first this-many bytes.
 */
export const PROBE_BYTES = 256 << 10

/**
 * Above this measured throughput (bytes per ms: 40 MB/s) the link is faster than `gzip -1` can
 * feed it on a busy server, and raw wins.
 */
export const FAST_LINK = 40_000

/** Files that are compressed already: read as they are. */
const COMPRESSED = /\.(gz|tgz|bz2|xz|zst|zip|lz4|7z|jpe?g|png|gif|webp|woff2?|mp4)$/i

export class RemoteReads {
  private tools: Promise<boolean> | null = null
  /** Raw throughput measured on this link (bytes per ms), once known. */
  throughput: number | null = null

  constructor(
    private readonly host: ReadHost,
    private readonly policy: ReadPolicy = 'auto',
  ) {}

  /** Whether the server has what the compressed read needs, probed once (never assumed). */
  hasGzip(): Promise<boolean> {
    this.tools ??= (async () => {
      const proc = this.host.exec([
        'sh',
        '-c',
        'command -v gzip && command -v tail && command -v head',
      ])
      let out = ''
      proc.stdout.on('data', (b: Buffer) => (out += b.toString()))
      proc.stderr.resume()
      const r = await proc.exit
      return r.code === 0 && out.trim().split('\n').length === 3
    })()
    return this.tools
  }

  /**
   * Whether a command's output (mysqlbinlog's decoded text, say) is worth compressing on the
   * server: it has gzip and the link is slow — measured on `sample`, one of its files, with a
   * quarter megabyte read raw when no read has measured it yet.
   */
  async compressOutput(sample?: { path: string; size: number }): Promise<boolean> {
    if (this.policy === 'sftp' || this.policy === 'ssh-zlib') return false
    if (!(await this.hasGzip())) return false
    if (this.policy === 'gzip') return true
    if (this.throughput === null && sample && sample.size >= PROBE_BYTES) {
      const stats: ReadStats = { method: 'sftp', bytes: 0, wireBytes: 0, ms: 0 }
      const probe = await this.measured(sample.path, 0, PROBE_BYTES, stats)
      for await (const chunk of probe.data) void chunk
      this.throughput = await probe.throughput
    }
    return this.throughput !== null && this.throughput < FAST_LINK
  }

  /**
   * Whether the link is slow enough that a copy not made by these reads (rsync's) should be
   * compressed: measured by a read already made, else by a quarter megabyte of zeros the server
   * sends (timed from its first bytes to its last: the round trip does not count). False when it
   * cannot be told (no /dev/zero in the jail): then the copy goes as it is, as before.
   */
  async linkIsSlow(): Promise<boolean> {
    if (this.policy === 'sftp') return false
    if (this.policy !== 'auto') return true
    this.throughput ??= await this.probeByCommand()
    return this.throughput !== null && this.throughput < FAST_LINK
  }

  private async probeByCommand(): Promise<number | null> {
    const proc = this.host.exec(['head', '-c', String(PROBE_BYTES), '/dev/zero'])
    let first = 0
    let last = 0
    let firstBytes = 0
    let bytes = 0
    proc.stdout.on('data', (b: Buffer) => {
      last = performance.now()
      if (bytes === 0) {
        first = last
        firstBytes = b.length
      }
      bytes += b.length
    })
    proc.stderr.resume()
    const [r] = await Promise.all([proc.exit, finished(proc.stdout).catch(() => undefined)])
    if (r.code !== 0 || bytes !== PROBE_BYTES) return null
    return (bytes - firstBytes) / Math.max(0.5, last - first)
  }

  /** Whether a whole file is worth reading compressed (text, big, a slow link, gzip there). */
  async worthCompressing(path: string, size: number): Promise<boolean> {
    return !COMPRESSED.test(path) && size > PROBE_BYTES && this.compressOutput({ path, size })
  }

  /** The bytes [start, end) of a file, by the way the link and the server make fastest. */
  async open(path: string, start: number, end: number): Promise<Readable> {
    const stats: ReadStats = { method: 'sftp', bytes: 0, wireBytes: 0, ms: 0 }
    const began = performance.now()
    const length = end - start
    const compressible = !COMPRESSED.test(path) && length > PROBE_BYTES
    let out: Readable
    if (!compressible || this.policy === 'sftp') {
      out = await this.raw(path, start, end, stats)
    } else if (this.policy !== 'auto') {
      out = await this.compressed(this.policy, path, start, end, stats)
    } else if (this.throughput !== null) {
      out =
        this.throughput < FAST_LINK
          ? await this.compressed(await this.slowMethod(), path, start, end, stats)
          : await this.raw(path, start, end, stats)
    } else {
      // Not measured yet: the first bytes raw, timed, then the rest the faster way.
      const probe = await this.measured(path, start, start + PROBE_BYTES, stats)
      out = Readable.from(this.probeThenRest(probe, path, start + PROBE_BYTES, end, stats))
    }
    out.on('end', () => (stats.ms = performance.now() - began))
    STATS.set(out, stats)
    return out
  }

  /**
   * The bytes [start, end) raw, read at once, and the link's throughput measured on them: a
   * one-byte read sent at the same moment takes the round trips (the file's opening, the
   * request), so what the big one takes more is the transfer — latency does not pass for a
   * slow link, however short the probe.
   */
  private async measured(
    path: string,
    start: number,
    end: number,
    stats: ReadStats,
  ): Promise<{ data: Readable; throughput: Promise<number> }> {
    const [probe, ping] = await Promise.all([
      this.raw(path, start, end, stats),
      this.host.sftpRange(path, start, Math.min(end, start + 1)),
    ])
    const pinged = (async () => {
      for await (const chunk of ping) void chunk
      return performance.now()
    })()
    const done = new Promise<number>((resolve, reject) => {
      probe.once('end', () => resolve(performance.now()))
      probe.once('error', reject)
    })
    // Read now, whoever reads it later: the timing is the link's, not the reader's.
    const data = new PassThrough({ highWaterMark: end - start + 1 })
    probe.on('error', (err) => data.destroy(err))
    probe.pipe(data)
    const throughput = Promise.all([pinged, done]).then(
      ([p, d]) => (end - start) / Math.max(0.5, d - p),
    )
    throughput.catch(() => undefined)
    return { data, throughput }
  }

  private async *probeThenRest(
    probe: { data: Readable; throughput: Promise<number> },
    path: string,
    from: number,
    end: number,
    stats: ReadStats,
  ): AsyncGenerator<Buffer> {
    for await (const chunk of probe.data) yield chunk as Buffer
    this.throughput = await probe.throughput
    const rest =
      this.throughput < FAST_LINK
        ? await this.compressed(await this.slowMethod(), path, from, end, stats)
        : await this.raw(path, from, end, stats)
    for await (const chunk of rest) yield chunk as Buffer
  }

  /** Over a slow link: the server's gzip, else SSH's compression. */
  private async slowMethod(): Promise<'gzip' | 'ssh-zlib'> {
    return (await this.hasGzip()) ? 'gzip' : 'ssh-zlib'
  }

  private async compressed(
    method: 'gzip' | 'ssh-zlib',
    path: string,
    start: number,
    end: number,
    stats: ReadStats,
  ): Promise<Readable> {
    if (method === 'gzip') return this.gzip(path, start, end, stats)
    stats.method = 'ssh-zlib'
    const stream = await this.host.sftpRange(path, start, end, true)
    // The compressed connection is this read's own while it lasts: its socket's bytes are its wire.
    const before = this.host.compressedWireBytes()
    const wireBefore = stats.wireBytes
    stream.on('data', (b: Buffer) => {
      stats.bytes += b.length
      stats.wireBytes = wireBefore + this.host.compressedWireBytes() - before
    })
    return stream
  }

  private async raw(path: string, start: number, end: number, stats: ReadStats): Promise<Readable> {
    const stream = await this.host.sftpRange(path, start, end)
    stream.on('data', (b: Buffer) => {
      stats.bytes += b.length
      stats.wireBytes += b.length
    })
    return stream
  }

  /**
   * `tail -c +N | head -c LEN | gzip -1` on the server, gunzipped here as it arrives (zlib works
   * off the main thread). The path is the script's argument, never part of its text. A failure on
   * the server (permission, a file gone) is said, never read as a short file. Destroying the
   * stream ends the command (and, with it, the whole pipeline: ssh-target's exec kills its group).
   */
  private gzip(path: string, start: number, end: number, stats: ReadStats): Readable {
    stats.method = 'gzip'
    const proc = this.host.exec([
      'sh',
      '-c',
      `tail -c +${start + 1} -- "$1" | head -c ${end - start} | gzip -1`,
      'sh',
      this.host.commandPath(path),
    ])
    let stderr = ''
    proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    proc.stdout.on('data', (b: Buffer) => (stats.wireBytes += b.length))
    const gunzip = createGunzip()
    const out = new PassThrough({ highWaterMark: 1 << 20 })
    let failed = false
    const fail = (err: Error): void => {
      if (failed) return
      failed = true
      proc.kill()
      out.destroy(err)
    }
    gunzip.on('data', (b: Buffer) => (stats.bytes += b.length))
    gunzip.on('error', (err) =>
      fail(serverReadError(path, stderr, `its compressed bytes are broken (${err.message})`)),
    )
    proc.stdout.pipe(gunzip).pipe(out, { end: false })
    gunzip.on('end', () => {
      void proc.exit.then((r) => {
        if (stderr.trim() || r.code !== 0)
          fail(serverReadError(path, stderr, `exit code ${r.code}`))
        else out.end()
      })
    })
    out.on('close', () => {
      if (!gunzip.writableFinished) proc.kill()
    })
    return out
  }
}

/**
 * `argv` with its output compressed by the server's `gzip -1`, its own exit code kept (POSIX sh
 * has no pipefail: the status goes out on a spare descriptor). Its stderr is left as it is.
 */
export function gzippedCommand(argv: readonly string[]): string[] {
  return [
    'sh',
    '-c',
    'exec 4>&1; s=$( { { "$@"; echo $? >&3; } | gzip -1 >&4; } 3>&1 ); exit $s',
    'sh',
    ...argv,
  ]
}

function serverReadError(path: string, stderr: string, fallback: string): ServiceError {
  const said = stderr.trim().split('\n')[0] ?? ''
  const code = /Permission denied/i.test(said)
    ? 'PERMISSION_DENIED'
    : /No such file/i.test(said)
      ? 'NOT_FOUND'
      : 'IO'
  return new ServiceError(code, `${path}: reading it on the server failed: ${said || fallback}.`)
}
