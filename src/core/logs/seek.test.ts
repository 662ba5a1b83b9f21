import { describe, expect, it } from 'vitest'
import { seekWindow, type SeekSource } from './seek'

/** A deterministic pseudo-random sequence (the core has no Node, tests keep to it too). */
function rand(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

const T0 = Date.parse('2026-11-28T00:00:00Z')

/**
 * A log of `n` lines about a second apart, each out of order by up to `disorder` seconds, a stack
 * trace (lines without a time) now and then, some non-ASCII text; its lines with their times.
 */
function makeLog(
  n: number,
  disorder: number,
  seed = 1,
  step: (i: number) => number = () => 1000,
): { text: string; times: (number | null)[] } {
  const r = rand(seed)
  const lines: string[] = []
  const times: (number | null)[] = []
  let clock = T0
  for (let i = 0; i < n; i++) {
    const t = clock + Math.round((r() * 2 - 1) * disorder * 1000)
    clock += step(i)
    lines.push(
      `${new Date(t).toISOString()} [error] request ${i} café — ${'x'.repeat(Math.floor(r() * 80))}`,
    )
    times.push(t)
    if (r() < 0.05) {
      lines.push(`  #0 /var/www/site/index.php(${i}): trace été`)
      times.push(null)
    }
  }
  return { text: lines.join('\n') + '\n', times }
}

function source(bytes: Uint8Array): SeekSource & { reads: number } {
  const src = {
    size: bytes.length,
    reads: 0,
    read: async (pos: number, len: number) => {
      src.reads++
      return bytes.subarray(pos, Math.min(bytes.length, pos + len))
    },
  }
  return src
}

const timeOf = (line: string): number | null => {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)/.exec(line)
  return m ? Date.parse(m[1]!) : null
}

/** Each line of a text with the time it goes with (a line without one: the one before's). */
const timedLines = new Map<string, { line: string; time: number | null }[]>()
function timed(text: string): { line: string; time: number | null }[] {
  let lines = timedLines.get(text)
  if (!lines) {
    let last: number | null = null
    lines = text
      .split('\n')
      .slice(0, -1)
      .map((line) => ({ line, time: (last = timeOf(line) ?? last) }))
    timedLines.set(text, lines)
  }
  return lines
}

/** The reference: every line read in order, a line without a time going with the one before. */
function linear(text: string, fromMs: number, toMs: number): string[] {
  return timed(text)
    .filter((l) => l.time !== null && l.time >= fromMs && l.time <= toMs)
    .map((l) => l.line)
}

describe('a log opened at a moment, by bisection', () => {
  const { text } = makeLog(200_000, 3)
  const bytes = new TextEncoder().encode(text)

  it('gives exactly the lines a full read gives, for any window, a few seconds of disorder included', async () => {
    const r = rand(7)
    for (let k = 0; k < 40; k++) {
      const from = T0 + Math.floor(r() * 200_000) * 1000 - 5000
      const to = from + Math.floor(r() * 600) * 1000
      const w = await seekWindow(source(bytes), { fromMs: from, toMs: to, timeOf })
      expect(w.lines, `${new Date(from).toISOString()} +${(to - from) / 1000}s`).toEqual(
        linear(text, from, to),
      )
      expect(w.outside).toBeNull()
    }
  })

  it('reads a few small pieces and its window, however big the file', async () => {
    const from = T0 + 150_000 * 1000
    const src = source(bytes)
    const w = await seekWindow(src, { fromMs: from, toMs: from + 60_000, timeOf })
    expect(w.lines.length).toBeGreaterThan(55)
    const windowBytes = new TextEncoder().encode(w.lines.join('\n')).length
    // log2(size / 16 KB) bisection reads, a few more for lines without a time, and the window.
    expect(w.reads).toBeLessThan(Math.log2(bytes.length / (16 << 10)) + 12)
    expect(w.bytesRead).toBeLessThan(windowBytes + w.reads * (16 << 10) + (256 << 10))
    expect(w.bytesRead).toBeLessThan(bytes.length / 10)
    // Interpolated: the first line, one near the end, three rounds of three and the window (a
    // bisection took 20 reads here).
    expect(w.reads).toBeLessThanOrEqual(13)
  })

  it('finds the moment in a log written unevenly (bursts, quiet nights, a silent hour)', async () => {
    // Day and night: 20 lines a second at the busiest, one every 10 s at night; an hour without
    // a line in the middle.
    const step = (i: number): number =>
      i === 100_000 ? 3_600_000 : Math.round(50 + 9950 * (0.5 + 0.5 * Math.sin(i / 9000)))
    const uneven = makeLog(200_000, 2, 5, step)
    const data = new TextEncoder().encode(uneven.text)
    const known = uneven.times.filter((t): t is number => t !== null)
    const [start, end] = [known[0]!, known[known.length - 1]!]
    const r = rand(11)
    let most = 0
    for (let k = 0; k < 40; k++) {
      const from = start + Math.floor(r() * (end - start))
      const to = from + Math.floor(r() * 900) * 1000
      const w = await seekWindow(source(data), { fromMs: from, toMs: to, timeOf })
      expect(w.lines, new Date(from).toISOString()).toEqual(linear(uneven.text, from, to))
      most = Math.max(most, w.reads)
    }
    // Never much worse than a plain bisection by quarters (log4 of the size in 16 KB pieces,
    // three reads a round), however wrong the rate's guess.
    const rounds = Math.ceil(Math.log2(data.length / (16 << 10)) / 2)
    expect(most).toBeLessThanOrEqual(2 * 3 * rounds + 8)
  })

  it('reads the window as one stream when the source has one: the same lines', async () => {
    const from = T0 + 120_000 * 1000
    const plain = source(bytes)
    const streamed = Object.assign(source(bytes), {
      streams: 0,
      stream: async (start: number, end: number) => {
        streamed.streams++
        // In pieces of 10 KB, as a network stream comes.
        const all = bytes.subarray(start, end)
        return (function* () {
          for (let at = 0; at < all.length; at += 10_000) yield all.subarray(at, at + 10_000)
        })()
      },
    })
    const a = await seekWindow(plain, { fromMs: from, toMs: from + 10_800_000, timeOf })
    const b = await seekWindow(streamed, { fromMs: from, toMs: from + 10_800_000, timeOf })
    expect(b.lines).toEqual(a.lines)
    expect(b.lines).toEqual(linear(text, from, from + 10_800_000))
    expect(streamed.streams).toBeGreaterThan(0)
    expect(b.reads).toBeLessThanOrEqual(a.reads)
  })

  it('hands a big window on by batches when asked: the same lines, a continuation never first in a batch', async () => {
    const from = T0 + 30_000 * 1000
    const to = from + 100_000 * 1000 // about 100,000 lines: several batches
    const batches: string[][] = []
    const w = await seekWindow(source(bytes), {
      fromMs: from,
      toMs: to,
      timeOf,
      onLines: (lines) => batches.push([...lines]),
    })
    expect(w.lines).toEqual([])
    expect(batches.length).toBeGreaterThan(3)
    expect(batches.flat()).toEqual(linear(text, from, to))
    for (const b of batches.slice(1)) expect(timeOf(b[0]!)).not.toBeNull()
    // Nothing in the window: nothing handed on, and said as before.
    const none: string[][] = []
    const after = await seekWindow(source(bytes), {
      fromMs: T0 + 300_000 * 1000,
      toMs: T0 + 300_060 * 1000,
      timeOf,
      onLines: (lines) => none.push(lines),
    })
    expect(none).toEqual([])
    expect(after.outside).toBe('after')
  })

  it('keeps characters cut between two reads whole', async () => {
    const from = T0 + 1000 * 1000
    const w = await seekWindow(source(bytes), {
      fromMs: from,
      toMs: from + 120_000,
      timeOf,
      chunkBytes: 1001,
      probeBytes: 97,
    })
    expect(w.lines).toEqual(linear(text, from, from + 120_000))
    expect(w.lines.join('\n')).not.toContain('\ufffd')
  })

  it('says when the moment is before the file, after it, or the file has no time it can read', async () => {
    const before = await seekWindow(source(bytes), {
      fromMs: T0 - 3_600_000,
      toMs: T0 - 3_000_000,
      timeOf,
    })
    expect(before).toMatchObject({ lines: [], outside: 'before' })
    const after = await seekWindow(source(bytes), {
      fromMs: T0 + 300_000_000,
      toMs: T0 + 300_060_000,
      timeOf,
    })
    expect(after).toMatchObject({ lines: [], outside: 'after' })
    const none = await seekWindow(source(new TextEncoder().encode('no\ntime\nhere\n')), {
      fromMs: T0,
      toMs: T0 + 1,
      timeOf,
    })
    expect(none).toMatchObject({ lines: [], noTime: true })
  })

  it('cuts a window past its byte limit and says so; reads CRLF lines', async () => {
    const w = await seekWindow(source(bytes), {
      fromMs: T0,
      toMs: T0 + 100_000_000,
      timeOf,
      maxBytes: 1 << 20,
    })
    expect(w.truncated).toBe(true)
    expect(w.lines.length).toBeGreaterThan(5000)
    const crlf = new TextEncoder().encode(makeLog(2000, 0).text.replace(/\n/g, '\r\n'))
    const at = T0 + 1000 * 1000
    const c = await seekWindow(source(crlf), { fromMs: at, toMs: at + 10_000, timeOf })
    expect(c.lines.length).toBeGreaterThanOrEqual(11)
    expect(c.lines.every((l) => !l.endsWith('\r'))).toBe(true)
  })
})
