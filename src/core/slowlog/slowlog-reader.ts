// The fast path of the slow-log reader: whole entries scanned in a byte buffer, the general
// line parser (php-fpm-slowlog.ts) used where an entry is unusual.
import type { SlowFrame } from '../../shared/slowlog'
import {
  BLOCK_BYTES_MAX,
  Block,
  CACHE_MAX,
  DUMP_FAILED,
  MAX_RECORD,
  MONTH_CODES,
  PREFIX,
  PREFIX_WORDS,
  SCRIPT_PREFIX,
  SlowlogReader,
  SlowlogSink,
  createInterner,
  createLineParser,
  isAddressedDumpFailure,
} from './php-fpm-slowlog'

export class SlowlogReaderImpl implements SlowlogReader {
  private readonly sink: SlowlogSink
  private readonly intern: {
    frame(text: string): SlowFrame | null
    stack(frames: SlowFrame[]): readonly SlowFrame[]
  }
  readonly #lines: { line(text: string): void; end(): void; lineNo: number }
  private readonly decoder: TextDecoder
  private buffer: ArrayBuffer
  private u8: Uint8Array<ArrayBuffer>
  private i32: Int32Array<ArrayBuffer>
  private len: number
  /** Set when the general parser is inside an entry (it must see the rest up to a blank line). */
  private slowUntilBlank: boolean
  private readonly blocks: Map<number, Block>
  private readonly byPrefix: Map<number, Block>
  private blockBytes: number
  private readonly scripts: Map<string, string>
  private readonly pools: { bytes: Uint8Array; name: string }[]
  private lastDay: number
  private lastDayBase: number
  // Header fields, set by `header()`.
  private hSecs: number
  private hPid: number
  private hPool: string
  // Hash of the last scanned block.
  private hash: number

  /** The two-digit number at `i`, or -1. */
  private readonly two = (a: Uint8Array, i: number): number => {
    const x = a[i]! - 48
    const y = a[i + 1]! - 48
    return x >>> 0 > 9 || y >>> 0 > 9 ? -1 : x * 10 + y
  }

  /** Reads `[28-Nov-2026 14:20:11]  [pool www] pid 17432` from s to the newline at `eol`. */
  private readonly header = (s: number, eol: number): boolean => {
    const a = this.u8
    if (eol - s < 35 || a[s] !== 91 || a[s + 3] !== 45 || a[s + 7] !== 45 || a[s + 12] !== 32)
      return false
    if (a[s + 15] !== 58 || a[s + 18] !== 58) return false
    const dd = this.two(a, s + 1)
    const cc = this.two(a, s + 8)
    const yy = this.two(a, s + 10)
    const hh = this.two(a, s + 13)
    const mi = this.two(a, s + 16)
    const ss = this.two(a, s + 19)
    if ((dd | cc | yy | hh | mi | ss) < 0) return false
    const month = MONTH_CODES.get((a[s + 4]! << 16) | (a[s + 5]! << 8) | a[s + 6]!)
    if (month === undefined) return false
    const day = ((cc * 100 + yy) * 12 + month) * 32 + dd
    if (day !== this.lastDay) {
      this.lastDay = day
      this.lastDayBase = Date.UTC(cc * 100 + yy, month, dd) / 1000
    }
    this.hSecs = this.lastDayBase + hh * 3600 + mi * 60 + ss
    let i = s + 21
    if (a[i] === 46 /* . */)
      do i++
      while (i < eol && (a[i]! - 48) >>> 0 <= 9)
    if (a[i++] !== 93 /* ] */) return false
    if (a[i] !== 32 && a[i] !== 9) return false
    while (a[i] === 32 || a[i] === 9) i++
    // "[pool "
    if (
      a[i] !== 91 ||
      a[i + 1] !== 112 ||
      a[i + 2] !== 111 ||
      a[i + 3] !== 111 ||
      a[i + 4] !== 108 ||
      a[i + 5] !== 32
    )
      return false
    const poolStart = i + 6
    const poolEnd = a.indexOf(93 /* ] */, poolStart)
    if (poolEnd < 0 || poolEnd >= eol || poolEnd === poolStart) return false
    this.hPool = this.poolName(poolStart, poolEnd)
    i = poolEnd + 1
    // " pid "
    if (a[i] !== 32 || a[i + 1] !== 112 || a[i + 2] !== 105 || a[i + 3] !== 100 || a[i + 4] !== 32)
      return false
    i += 5
    let pid = 0
    const digits = i
    for (let d = a[i]! - 48; i < eol && d >>> 0 <= 9; d = a[++i]! - 48) pid = pid * 10 + d
    if (i === digits) return false
    this.hPid = pid
    while (a[i] === 32 || a[i] === 9) i++
    return i === eol
  }

  private readonly poolName = (start: number, end: number): string => {
    search: for (const p of this.pools) {
      if (p.bytes.length !== end - start) continue
      for (let k = 0; k < p.bytes.length; k++)
        if (p.bytes[k] !== this.u8[start + k]) continue search
      return p.name
    }
    const bytes = this.u8.slice(start, end)
    const name = this.decoder.decode(bytes)
    if (this.pools.length < 64) this.pools.push({ bytes, name })
    return name
  }

  /**
   * From `start`, finds the end of the entry: the newline before the blank line (or -1 when the
   * data ends first), hashing the bytes before it into `hash`.
   */
  private readonly scanBlock = (start: number): number => {
    const a = this.u8
    const words = this.i32
    const n = this.len
    // The hash only picks candidates (they are compared byte for byte): rotate and xor.
    let h = 0
    let i = start
    while (i < n && (i & 3) !== 0) {
      const b = a[i]!
      if (b === 10 && i + 1 < n && a[i + 1] === 10) return ((this.hash = h), i)
      h = ((h << 5) | (h >>> 27)) ^ b
      i++
    }
    const stop = n - 4
    while (i <= stop) {
      const w = words[i >> 2]!
      const x = w ^ 0x0a0a0a0a
      if (((x - 0x01010101) & ~x & 0x80808080) !== 0) {
        // A newline in this word: is it followed by another?
        for (let k = i; k < i + 4; k++) {
          if (a[k] === 10) {
            if (k + 1 >= n) return -1
            if (a[k + 1] === 10) {
              for (let j = i; j < k; j++) h = ((h << 5) | (h >>> 27)) ^ a[j]!
              return ((this.hash = h), k)
            }
          }
        }
      }
      h = ((h << 5) | (h >>> 27)) ^ w
      i += 4
    }
    while (i < n) {
      const b = a[i]!
      if (b === 10) {
        if (i + 1 >= n) return -1
        if (a[i + 1] === 10) return ((this.hash = h), i)
      }
      h = ((h << 5) | (h >>> 27)) ^ b
      i++
    }
    return -1
  }

  /**
   * Key of a block's start: its first line (the script) by length, and the PREFIX bytes after it
   * (the innermost frame: address, function, file), by whole words; -1 when they are not all here.
   */
  private readonly prefixKey = (s: number): number => {
    const nl = this.u8.indexOf(10, s)
    if (nl < 0 || nl + 1 + PREFIX > this.len) return -1
    const words = this.i32
    const first = (nl + 4) >> 2
    let h = (nl - s) * 4 + ((nl + 1) & 3)
    for (let w = first; w < first + PREFIX_WORDS; w++) h = ((h << 5) | (h >>> 27)) ^ words[w]!
    return h & 0x3fffffff
  }

  /** The cached block that is at `s`, whole and followed by a blank line, found by its start. */
  private readonly predict = (s: number): Block | null => {
    const key = this.prefixKey(s)
    if (key < 0) return null
    let prev: Block | null = null
    let c = this.byPrefix.get(key) ?? null
    for (let tries = 0; c && tries < 16; tries++) {
      const e = s + c.length
      if (
        e + 1 < this.len &&
        this.u8[e] === 10 &&
        this.u8[e + 1] === 10 &&
        this.sameBytes(c, s, e)
      ) {
        if (prev) {
          // Most recently met first: the hot stacks stay at the head of their chain.
          prev.nextSame = c.nextSame
          c.nextSame = this.byPrefix.get(key)!
          this.byPrefix.set(key, c)
        }
        return c
      }
      prev = c
      c = c.nextSame
    }
    return null
  }

  private readonly sameBytes = (b: Block, s: number, e: number): boolean => {
    if (b.length !== e - s || b.align !== (s & 3)) return false
    const a = this.u8
    const bytes = b.bytes
    const base = s & ~3
    let x = s
    for (; x < e && (x & 3) !== 0; x++) if (a[x] !== bytes[x - base]) return false
    const ours = this.i32
    const theirs = b.words
    const shift = base >> 2
    const last = e >> 2
    for (let w = x >> 2; w < last; w++) if (ours[w] !== theirs[w - shift]) return false
    for (x = Math.max(x, last << 2); x < e; x++) if (a[x] !== bytes[x - base]) return false
    return true
  }

  /** Parses a block met for the first time; null when it is not script + frames or a dump failure. */
  private readonly newBlock = (s: number, e: number): Block | null => {
    const text = this.decoder.decode(this.u8.subarray(s, e))
    if (!text.startsWith(SCRIPT_PREFIX) || text.includes('\r')) return null
    const parts = text.split('\n')
    const raw = parts[0]!.slice(SCRIPT_PREFIX.length)
    let script = this.scripts.get(raw)
    if (script === undefined) {
      script = raw
      if (this.scripts.size < CACHE_MAX) this.scripts.set(raw, raw)
    }
    const frames: SlowFrame[] = []
    let dumpFailed = false
    if (parts.length === 2 && parts[1]!.startsWith(DUMP_FAILED)) dumpFailed = true
    else {
      if (parts.length < 2) return null
      for (let k = 1; k < parts.length; k++) {
        const line = parts[k]!
        const frame =
          line.charCodeAt(1) === 48 && line.charCodeAt(2) === 120 ? this.intern.frame(line) : null
        if (frame) frames.push(frame)
        else if (k === parts.length - 1 && isAddressedDumpFailure(line)) dumpFailed = true
        else return null
      }
    }
    const align = s & 3
    const bytes = new Uint8Array(((e - s + align + 3) & ~3) + 4)
    bytes.set(this.u8.subarray(s, e), align)
    return {
      words: new Int32Array(bytes.buffer),
      bytes,
      length: e - s,
      align,
      lines: parts.length,
      script,
      frames: this.intern.stack(frames),
      dumpFailed,
      next: null,
      nextSame: null,
    }
  }

  private readonly emit = (line: number, b: Block): void => {
    this.sink.entry({
      line,
      secs: this.hSecs,
      pool: this.hPool,
      pid: this.hPid,
      script: b.script,
      frames: b.frames,
      dumpFailed: b.dumpFailed,
    })
  }

  /** Hands lines [s, e) to the general parser. */
  private readonly slow = (s: number, e: number): void => {
    for (const l of this.decoder.decode(this.u8.subarray(s, e)).split('\n'))
      this.#lines.line(l.endsWith('\r') ? l.slice(0, -1) : l)
  }

  /** Reads the entries that are complete; returns where the unread bytes start. */
  private readonly run = (final: boolean): number => {
    let pos = 0
    while (pos < this.len) {
      if (this.u8[pos] === 10) {
        // A blank line: ends whatever the general parser holds.
        this.#lines.line('')
        this.slowUntilBlank = false
        pos++
        continue
      }
      const eol = this.u8.indexOf(10, pos)
      if (eol < 0 || eol >= this.len) break
      if (!this.slowUntilBlank && this.header(pos, eol)) {
        if (eol + 1 >= this.len) {
          if (!final) break // wait for the rest of the entry
        } else if (this.u8[eol + 1] !== 10) {
          // Most entries repeat a stack seen before: try the blocks that began with the same
          // bytes, checking that one of them is here whole, followed by the blank line. That
          // reads the bytes once instead of scanning for the blank line, then comparing.
          const s = eol + 1
          let b = this.predict(s)
          const end = b ? s + b.length : this.scanBlock(s)
          if (end < 0) {
            if (!final && this.len - pos < MAX_RECORD) break // wait for the rest of the entry
          } else {
            if (!b) {
              const key = this.hash & 0x3fffffff
              b = this.blocks.get(key) ?? null
              while (b && !this.sameBytes(b, s, end)) b = b.next
              if (!b) {
                b = this.newBlock(s, end)
                if (b && this.blocks.size < CACHE_MAX && this.blockBytes < BLOCK_BYTES_MAX) {
                  b.next = this.blocks.get(key) ?? null
                  this.blocks.set(key, b)
                  this.blockBytes += b.bytes.length
                  const pk = this.prefixKey(s)
                  // Only when the key's bytes are the block's own (not the next entry's).
                  if (pk >= 0 && this.u8.indexOf(10, s) + 1 + PREFIX <= end) {
                    b.nextSame = this.byPrefix.get(pk) ?? null
                    this.byPrefix.set(pk, b)
                  }
                }
              }
            }
            if (b) {
              this.emit(this.#lines.lineNo + 1, b)
              this.#lines.lineNo += 1 + b.lines + 1
              pos = end + 2
              continue
            }
          }
        }
      }
      // Anything else: line by line up to the end of the entry.
      const end = this.scanBlock(pos)
      if (end < 0) {
        if (!final && this.len - pos < MAX_RECORD) break
        // No blank line in sight: hand over whole lines, keep the last partial one.
        const last = final ? this.len : this.u8.lastIndexOf(10, this.len - 1)
        if (last <= pos) break
        this.slow(pos, last)
        this.slowUntilBlank = true
        pos = final ? this.len : last + 1
        continue
      }
      this.slow(pos, end)
      this.#lines.line('')
      this.slowUntilBlank = false
      pos = end + 2
    }
    return pos
  }

  constructor(sink: SlowlogSink) {
    this.sink = sink
    this.intern = createInterner()
    this.#lines = createLineParser(this.sink, this.intern)
    this.decoder = new TextDecoder()
    this.buffer = new ArrayBuffer(1 << 21)
    this.u8 = new Uint8Array(this.buffer)
    this.i32 = new Int32Array(this.buffer)
    this.len = 0
    this.slowUntilBlank = false
    this.blocks = new Map<number, Block>()
    this.byPrefix = new Map<number, Block>()
    this.blockBytes = 0
    this.scripts = new Map<string, string>()
    this.pools = []
    this.lastDay = -1
    this.lastDayBase = 0
    this.hSecs = 0
    this.hPid = 0
    this.hPool = ''
    this.hash = 0
  }

  push(chunk: Uint8Array<ArrayBufferLike>): void {
    if (this.len + chunk.length > this.buffer.byteLength) {
      let size = this.buffer.byteLength
      while (size < this.len + chunk.length) size *= 2
      const grown = new ArrayBuffer(size)
      new Uint8Array(grown).set(this.u8.subarray(0, this.len))
      this.buffer = grown
      this.u8 = new Uint8Array(this.buffer)
      this.i32 = new Int32Array(this.buffer)
    }
    this.u8.set(chunk, this.len)
    this.len += chunk.length
    const pos = this.run(false)
    this.u8.copyWithin(0, pos, this.len)
    this.len -= pos
  }

  end(): void {
    const pos = this.run(true)
    if (pos < this.len) {
      // An entry cut at the end of the file.
      const tail = this.decoder.decode(this.u8.subarray(pos, this.len))
      for (const l of tail.replace(/\n$/, '').split('\n'))
        this.#lines.line(l.endsWith('\r') ? l.slice(0, -1) : l)
    }
    this.len = 0
    this.#lines.end()
  }

  get lines() {
    return this.#lines.lineNo
  }
}
