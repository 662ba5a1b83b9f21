// A link shaper: a TCP proxy on 127.0.0.1 in front of a real server, with a bandwidth cap per
// direction and a one-way delay, so that remote work is measured as users live it (20–60 ms and
// 10–100 Mbit/s away from their servers), not on loopback where the wire is free. Each direction
// is a queue: a chunk leaves when the link has sent the ones before it (its size at the cap) and
// arrives the one-way delay later. A sender is paused while more than a link buffer is queued,
// as TCP's window would hold it back. It counts the bytes each way. `startShaperThread`
// (shaper-thread.ts) runs it in a worker thread of its own.
import { createServer, connect, type Server, type Socket } from 'node:net'

export interface LinkProfile {
  name: string
  /** Bits per second, each way. */
  mbit: number
  /** Round-trip time in ms (half of it each way). */
  rttMs: number
}

/** The two profiles of the WAN benchmark (issue #20). */
export const LINKS: readonly LinkProfile[] = [
  { name: '50 Mbit/s, 30 ms', mbit: 50, rttMs: 30 },
  { name: '10 Mbit/s, 60 ms', mbit: 10, rttMs: 60 },
]

export interface Shaper {
  /** The port to connect to instead of the server's. */
  port: number
  profile: LinkProfile
  /** Bytes that crossed the link: to the server, and from it. */
  readonly bytes: { up: number; down: number }
  stop(): Promise<void>
}

/**
 * One direction of the link: a queue drained at the cap, each chunk delayed by `delayMs`. One
 * timer delivers the queue in order (timers of different delays may fire out of order, and a
 * reordered byte stream would break SSH's integrity check).
 */
class Direction {
  private free = 0 // when the link is next free (ms, performance.now())
  private queued = 0
  private readonly queue: { at: number; chunk: Buffer | null }[] = []
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly bytesPerMs: number,
    private readonly delayMs: number,
    /** A link buffer: the sender is paused past it. */
    private readonly buffer: number,
    /** Counts the bytes delivered. */
    private readonly counted: (n: number) => void,
  ) {
    from.on('data', (chunk: Buffer) => this.send(chunk))
    // The end follows the data before it.
    from.on('end', () => this.push(Math.max(this.free, performance.now()) + delayMs, null))
  }

  private send(chunk: Buffer): void {
    this.free = Math.max(this.free, performance.now()) + chunk.length / this.bytesPerMs
    this.queued += chunk.length
    if (this.queued > this.buffer) this.from.pause()
    this.push(this.free + this.delayMs, chunk)
  }

  private push(at: number, chunk: Buffer | null): void {
    this.queue.push({ at, chunk })
    if (!this.timer) this.schedule()
  }

  private schedule(): void {
    const head = this.queue[0]
    this.timer = head
      ? setTimeout(() => this.deliver(), Math.max(0, head.at - performance.now()))
      : null
  }

  private deliver(): void {
    const now = performance.now()
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) {
      const { chunk } = this.queue.shift()!
      if (chunk === null) {
        this.to.end()
        continue
      }
      this.queued -= chunk.length
      this.counted(chunk.length)
      if (!this.to.destroyed) this.to.write(chunk)
    }
    if (this.queued <= this.buffer && this.from.isPaused()) this.from.resume()
    this.schedule()
  }
}

/**
 * Starts a shaper to `127.0.0.1:targetPort` with this link profile; `counts` receives the bytes
 * delivered up and down (shared with the thread that started it, for `startShaperThread`).
 */
export async function startShaper(
  targetPort: number,
  profile: LinkProfile,
  counts = new Float64Array(2),
): Promise<Shaper> {
  const bytesPerMs = (profile.mbit * 1e6) / 8 / 1000
  const oneWay = profile.rttMs / 2
  // A buffer of one bandwidth-delay product, at least 64 KB.
  const buffer = Math.max(64 << 10, Math.round(bytesPerMs * profile.rttMs))
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    client.setNoDelay(true)
    const upstream = connect({ host: '127.0.0.1', port: targetPort })
    upstream.setNoDelay(true)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    new Direction(client, upstream, bytesPerMs, oneWay, buffer, (n) => (counts[0]! += n))
    new Direction(upstream, client, bytesPerMs, oneWay, buffer, (n) => (counts[1]! += n))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return shaperHandle(port, profile, counts, async () => {
    for (const s of sockets) s.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
}

/** A shaper as its users see it: its port, its profile, its counts (up, down), its stop. */
export function shaperHandle(
  port: number,
  profile: LinkProfile,
  counts: Float64Array,
  stop: () => Promise<void>,
): Shaper {
  return {
    port,
    profile,
    get bytes() {
      return { up: counts[0]!, down: counts[1]! }
    },
    stop,
  }
}
