// A log opened at a moment without reading it whole: the byte offset of the moment is found by
// interpolation and bisection with small reads (lines are in time order, nearly: a few seconds of
// disorder are tolerated by a slack on both sides), then only the window after it is read, in one
// piece whose length the search's times foretell. Over a 30 ms link a 2 GB log costs a few rounds
// of three 16 KB reads plus its window: the time to open a moment barely grows with the file.

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
  /**
   * When given, the window's lines go to it by batches as they are read (and the result's
   * `lines` stays empty): a big window is never held whole. Its `maxBytes` can then be larger.
   */
  onLines?: (lines: string[]) => void
}

/** Lines handed to `onLines` at once. */
const LINE_BATCH = 20_000

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
  /** The time of the file's first line (epoch ms): an older rotation has what is before. */
  fileStart: number | null
  /** Cut at `maxBytes`: more lines of the window follow. */
  truncated: boolean
}

/** The size of a search read, unless told. */
export const SEEK_PROBE_BYTES = 16 << 10

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

/**
 * How far from `lo` the lines up to `untilMs` should reach: up to the first position seen with a
 * later time, or at the rate of the nearest two times seen, whichever is nearer (and `margin`
 * more); `fallback` when the search saw nothing to go by.
 */
function guessLength(
  samples: readonly { at: number; t: number }[],
  lo: number,
  untilMs: number,
  fallback: number,
  margin: number,
): number {
  const sorted = [...samples].sort((x, y) => x.at - y.at)
  // The first position seen with a later time bounds it (lines are in order, nearly)...
  const after = sorted.find((s) => s.at > lo && s.t > untilMs)?.at ?? Infinity
  // ...and the rate around `lo` foretells it: the nearest time seen at or before `lo`, and the
  // nearest after (or the one before that).
  let i = -1
  while (i + 1 < sorted.length && sorted[i + 1]!.at <= lo) i++
  const [a, b] =
    i < 0 ? [] : sorted[i + 1] ? [sorted[i]!, sorted[i + 1]!] : [sorted[i - 1], sorted[i]!]
  const rated =
    a && b && b.t > a.t && b.at > a.at
      ? b.at + ((b.at - a.at) / (b.t - a.t)) * (untilMs - b.t) * 1.25
      : Infinity
  const end = Math.min(after, rated)
  return end === Infinity ? fallback : Math.max(0, Math.ceil(end - lo)) + margin
}

type Timed = { t: number; at: number }

/**
 * A position at or before the first line at `target` (a line's start), from the file's first
 * line and one near its end, by rounds of three probes read together (one round trip each).
 * Where the times so far say the moment should be (lines are written at a rate that changes
 * slowly), a probe there and one on each side, close: a log written evenly is found in three or
 * four rounds. A round that does not halve the range is followed by a plain one (quarters), so
 * an uneven log costs at most twice the rounds of a bisection.
 */
async function locate(
  size: number,
  first: Timed,
  last: Timed | null,
  target: number,
  probeBytes: number,
  probe: (pos: number) => Promise<Timed | null>,
): Promise<number> {
  if (first.t >= target) return 0
  let [lo, tLo, hi, tHi] = [0, first.t, size, null as number | null]
  if (last && last.t < target) [lo, tLo] = [last.at, last.t]
  else if (last) [hi, tHi] = [size - probeBytes, last.t]
  let guess = true
  while (hi - lo > probeBytes) {
    const span = hi - lo
    let mids: number[]
    if (guess && tHi !== null && tHi > tLo) {
      const p = lo + ((target - tLo) / (tHi - tLo)) * span
      const d = Math.max(probeBytes, span / 32)
      mids = [p - d, p, p + d]
    } else {
      mids = [1, 2, 3].map((k) => lo + (span * k) / 4)
    }
    mids = [...new Set(mids.map((m) => Math.min(hi - 1, Math.max(lo + 1, Math.floor(m)))))]
    mids.sort((a, b) => a - b)
    const found = await Promise.all(mids.map((m) => probe(m)))
    let [nextLo, nextTLo, nextHi, nextTHi] = [lo, tLo, hi, tHi]
    for (const [k, f] of found.entries()) {
      if (f === null || f.at >= hi || f.t >= target) {
        nextHi = mids[k]!
        nextTHi = f?.t ?? tHi
        break
      }
      nextLo = f.at
      nextTLo = f.t
    }
    guess = nextHi - nextLo <= span / 2
    ;[lo, tLo, hi, tHi] = [nextLo, nextTLo, nextHi, nextTHi]
  }
  return lo
}

/**
 * What keeps a window's lines: those in [fromMs, toMs] (a line without a time goes with the one
 * before), until one is past the end and the slack; handed to `onLines` by batches when given.
 */
function collector(
  o: Required<Pick<WindowOptions, 'fromMs' | 'toMs' | 'slackMs'>> & WindowOptions,
) {
  let lines: string[] = []
  let given = 0
  const state = { last: null as number | null, done: false }
  const take = (line: string): void => {
    const t = o.timeOf(line)
    if (t !== null) {
      state.last = t
      if (t > o.toMs + o.slackMs) state.done = true
    }
    if (state.last === null || state.last < o.fromMs || state.last > o.toMs) return
    lines.push(line)
    if (o.onLines && lines.length >= LINE_BATCH && t !== null) {
      // Handed on at a line with a time: a continuation stays with the line it belongs to.
      const next = lines.pop()!
      o.onLines(lines)
      given += lines.length
      lines = [next]
    }
  }
  const finish = (): { lines: string[]; taken: number } => {
    const taken = given + lines.length
    if (o.onLines && lines.length) {
      o.onLines(lines)
      lines = []
    }
    return { lines, taken }
  }
  return { take, state, finish }
}

/** The lines of a log written between two moments, found by interpolation and bisection. */
export async function seekWindow(src: SeekSource, options: WindowOptions): Promise<SeekWindow> {
  const o = {
    slackMs: 10_000,
    probeBytes: SEEK_PROBE_BYTES,
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
    fileStart: null,
    truncated: false,
  })
  // Every line time seen while searching, by position: the window's length is guessed from them.
  const samples: { at: number; t: number }[] = []
  const probe = async (pos: number): Promise<Timed | null> => {
    const f = await firstTimed(src, pos, o, count)
    if (f) samples.push(f)
    return f
  }
  // The first line and one near the end, read together: the ends of the interpolation.
  const [first, last] = await Promise.all([
    probe(0),
    src.size > 2 * o.probeBytes ? probe(src.size - o.probeBytes) : null,
  ])
  if (!first) return empty(null, true)
  if (first.t > o.toMs + o.slackMs) return { ...empty('before'), fileStart: first.t }
  const lo = await locate(src.size, first, last, o.fromMs - o.slackMs, o.probeBytes, probe)
  // The window: whole lines from `lo` (a line's start), until one is past the end (plus the
  // slack); a line without a time belongs to the one before it.
  const { take, state, finish } = collector(o)
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
        : pos === lo
          ? guessLength(samples, lo, o.toMs + o.slackMs, o.chunkBytes, o.probeBytes)
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
  const { lines, taken } = finish()
  const after = taken === 0 && state.last !== null && state.last < o.fromMs
  return {
    lines,
    offset: lo,
    bytesRead,
    reads,
    outside: after ? 'after' : null,
    noTime: false,
    fileStart: first.t,
    truncated,
  }
}
