// A log opened at a moment without reading it whole: the byte offset of the moment is found by
// bisection with small reads (lines are in time order, nearly: a few seconds of disorder are
// tolerated by a slack on both sides), then only the window after it is read. Over a 30 ms link
// a 2 GB log costs about 9 rounds of three 16 KB reads plus its window: the time to open a moment
// barely grows with the file.

/** Reads anywhere in a file. */
export interface SeekSource {
  readonly size: number
  read(position: number, length: number): Promise<Uint8Array>
  /**
   * The bytes [start, end) as one stream (over a slow link: one compressed read instead of a
   * round trip per piece), for the window's bigger reads. Stopping early must end it.
   */
  stream?(start: number, end: number): Promise<AsyncIterable<Uint8Array>>
}

export interface WindowOptions {
  fromMs: number
  toMs: number
  /** A line's time (ms), or null for a line without one (a continuation, a stack trace). */
  timeOf(line: string): number | null
  /** Lines this far out of order are still found (10 s). */
  slackMs?: number
  /** The size of a bisection read (16 KB). */
  probeBytes?: number
  /** The size of a window read (256 KB). */
  chunkBytes?: number
  /** The window is cut past this many bytes, and says so (32 MB). */
  maxBytes?: number
}

export interface SeekWindow {
  /** The lines written in [fromMs, toMs], in file order (a line without a time goes with the one before). */
  lines: string[]
  /** Byte offset of the first line read for the window. */
  offset: number
  /** Bytes read from the file (bisection and window), and in how many reads. */
  bytesRead: number
  reads: number
  /** The moment is before the file's first line, or after its last: an older or newer file has it. */
  outside: 'before' | 'after' | null
  /** No line of the file has a time this can read. */
  noTime: boolean
  /** Cut at `maxBytes`: more lines of the window follow. */
  truncated: boolean
}

const NL = 0x0a
const UTF8 = new TextDecoder('utf-8')

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/** The first line with a time at or after `pos` (the partial line at `pos` skipped), or null. */
async function firstTimed(
  src: SeekSource,
  pos: number,
  o: Required<Pick<WindowOptions, 'timeOf' | 'probeBytes'>>,
  count: (bytes: number) => void,
): Promise<{ t: number; at: number } | null> {
  let at = pos
  let skipPartial = pos > 0
  let carry: Uint8Array = new Uint8Array(0)
  // A few probes: a stack trace or a very long line may hold no time for a while.
  for (let probes = 0; probes < 8 && at < src.size; probes++) {
    const buf = await src.read(at, o.probeBytes)
    count(buf.length)
    if (buf.length === 0) break
    const data = carry.length ? concat(carry, buf) : buf
    const base = at - carry.length
    let lineStart = 0
    if (skipPartial) {
      const nl = data.indexOf(NL)
      if (nl < 0) {
        at += buf.length
        carry = new Uint8Array(0)
        continue
      }
      lineStart = nl + 1
      skipPartial = false
    }
    for (;;) {
      const nl = data.indexOf(NL, lineStart)
      const end = nl < 0 ? data.length : nl
      if (nl < 0 && at + buf.length < src.size) break // the rest of this line is in the next read
      const t = o.timeOf(UTF8.decode(data.subarray(lineStart, end)))
      if (t !== null) return { t, at: base + lineStart }
      if (nl < 0) return null
      lineStart = nl + 1
    }
    carry = data.subarray(lineStart)
    at += buf.length
  }
  return null
}

/** The lines of a log written between two moments, found by bisection. */
export async function seekWindow(src: SeekSource, options: WindowOptions): Promise<SeekWindow> {
  const o = {
    slackMs: 10_000,
    probeBytes: 16 << 10,
    chunkBytes: 256 << 10,
    maxBytes: 32 << 20,
    ...options,
  }
  let bytesRead = 0
  let reads = 0
  const count = (n: number): void => {
    bytesRead += n
    reads++
  }
  const empty = (outside: SeekWindow['outside'], noTime = false): SeekWindow => ({
    lines: [],
    offset: 0,
    bytesRead,
    reads,
    outside,
    noTime,
    truncated: false,
  })
  const first = await firstTimed(src, 0, o, count)
  if (!first) return empty(null, true)
  if (first.t > o.toMs + o.slackMs) return empty('before')
  // Bisection: `lo` is always at or before the first line of the moment (less the slack).
  const target = o.fromMs - o.slackMs
  let lo = 0
  let hi = src.size
  if (first.t < target) {
    // Three probes at a time, read together: each round costs one round trip and quarters the
    // range (half the rounds of a plain bisection, over a link where latency is the cost).
    while (hi - lo > o.probeBytes) {
      const mids = [1, 2, 3].map((k) => lo + Math.floor(((hi - lo) * k) / 4))
      const found = await Promise.all(mids.map((m) => firstTimed(src, m, o, count)))
      let nextLo = lo
      let nextHi = hi
      for (const [k, f] of found.entries()) {
        if (f === null || f.at >= hi || f.t >= target) {
          nextHi = mids[k]!
          break
        }
        nextLo = f.at
      }
      lo = nextLo
      hi = nextHi
    }
  }
  // The window: whole lines from `lo` (a line's start), until one is past the end (plus the
  // slack); a line without a time belongs to the one before it.
  const lines: string[] = []
  const state = { last: null as number | null, done: false }
  const take = (line: string): void => {
    const t = o.timeOf(line)
    if (t !== null) {
      state.last = t
      if (t > o.toMs + o.slackMs) state.done = true
    }
    if (state.last !== null && state.last >= o.fromMs && state.last <= o.toMs) lines.push(line)
  }
  const decoder = new TextDecoder('utf-8')
  let pos = lo
  let carry = ''
  let truncated = false
  let firstTime: number | null = null
  const feed = (buf: Uint8Array): void => {
    pos += buf.length
    const parts = (carry + decoder.decode(buf, { stream: true })).split('\n')
    carry = parts.pop()!
    for (const line of parts) {
      take(line.endsWith('\r') ? line.slice(0, -1) : line)
      firstTime ??= state.last
      if (state.done) break
    }
  }
  while (!state.done && pos < src.size) {
    if (pos - lo >= o.maxBytes) {
      truncated = true
      break
    }
    // The first read is small; the next ones ask for what the window still needs, at the
    // density of the lines read so far (a quarter more), in one piece.
    const covered = firstTime !== null && state.last !== null ? state.last - firstTime : 0
    const need =
      covered > 0
        ? Math.ceil(((pos - lo) / covered) * (o.toMs + o.slackMs - state.last!) * 1.25) +
          o.chunkBytes
        : o.chunkBytes
    const length = Math.min(need, o.maxBytes - (pos - lo), src.size - pos)
    if (src.stream && length > o.chunkBytes) {
      const at = pos
      count(0)
      for await (const buf of await src.stream(at, at + length)) {
        bytesRead += buf.length
        feed(buf)
        if (state.done) break
      }
      if (pos === at) break
    } else {
      const buf = await src.read(pos, length)
      count(buf.length)
      if (buf.length === 0) break
      feed(buf)
    }
  }
  carry += decoder.decode()
  if (!state.done && !truncated && carry) take(carry)
  const after = lines.length === 0 && state.last !== null && state.last < o.fromMs
  return {
    lines,
    offset: lo,
    bytesRead,
    reads,
    outside: after ? 'after' : null,
    noTime: false,
    truncated,
  }
}
