// PHP-FPM slow log (the pool's `slowlog` file), as php-fpm writes it in fpm_php_trace.c:
//
//   [28-Nov-2026 14:20:11]  [pool www] pid 17432
//   script_filename = /var/www/site/tb-slow.php
//   [0x00007f5360a13420] mysqli_query() /var/www/site/tb-slow.php:82
//   [0x00007f5360a13390] tb_run_report_query() /var/www/site/tb-slow.php:90
//
// Entries are separated by a blank line; the header has two spaces before `[pool` and some
// builds add microseconds to the time; frames are listed innermost call first, and each frame's
// file:line is where that function was called from; traces stop at
// `request_slowlog_trace_depth` (20 by default); a failed ptrace gives `+++ dump failed`; an entry
// may be cut at the end of the file. Times carry no zone: they are the server's local time.

import type { SlowFrame, SlowlogIssue } from '../../shared/slowlog'

export type { SlowFrame, SlowlogIssue, SlowlogIssueCode } from '../../shared/slowlog'

export interface SlowEntry {
  /** Line of the header in the file (1-based). */
  line: number
  /** Local wall-clock time as written, in seconds as if it were UTC (the log has no zone). */
  secs: number
  pool: string
  pid: number
  script: string
  /**
   * Innermost call first. Entries with the same frames share one array (and frames one object),
   * so that analyzers can count stacks by identity.
   */
  frames: readonly SlowFrame[]
  dumpFailed: boolean
}

/** `2026-11-28T14:20:11` from an entry's `secs`. */
export function localTime(secs: number): string {
  return new Date(secs * 1000).toISOString().slice(0, 19)
}

export interface SlowlogSink {
  entry(entry: SlowEntry): void
  issue?(issue: SlowlogIssue): void
}

const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
]
const MONTHS: Record<string, string> = Object.fromEntries(
  MONTH_NAMES.map((m, i) => [m, String(i + 1).padStart(2, '0')]),
)
/** Month by its three letters packed in an integer (bytes), for the byte-level header reader. */
const MONTH_CODES = new Map(
  MONTH_NAMES.map((m, i) => [
    (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
    i,
  ]),
)

const HEADER =
  /^\[(\d{2})-([A-Z][a-z]{2})-(\d{4}) (\d{2}:\d{2}:\d{2})(?:\.\d+)?\]\s+\[pool ([^\]]+)\] pid (\d+)\s*$/
const SCRIPT_PREFIX = 'script_filename = '
const DUMP_FAILED = '+++ dump failed'

/**
 * `+++ dump failed` as php-fpm writes it after a frame it could not read: the frame's address
 * first (`[0x00007f2d286c10f8] +++ dump failed`), the stack read so far above it.
 */
function isAddressedDumpFailure(text: string): boolean {
  const close = text.indexOf('] ', 2)
  return close > 0 && text.startsWith(DUMP_FAILED, close + 2)
}

/** Parses one frame line; null when it is not one. Scans rather than matching a regex. */
export function parseFrame(text: string): SlowFrame | null {
  // [0x00007f5360a13420] fn() /path/file.php:82
  if (text.charCodeAt(0) !== 91 /* [ */ || text.charCodeAt(1) !== 48 /* 0 */) return null
  const close = text.indexOf('] ', 2)
  if (close < 0) return null
  const paren = text.indexOf('() ', close + 2)
  if (paren < 0) return null
  const colon = text.lastIndexOf(':')
  if (colon <= paren + 3) return null
  const line = Number(text.slice(colon + 1))
  if (!Number.isInteger(line)) return null
  return { fn: text.slice(close + 2, paren), file: text.slice(paren + 3, colon), line }
}

/** Distinct frames, stacks and stack blocks remembered (beyond, they are parsed every time). */
const CACHE_MAX = 100_000
/** Bytes of stack blocks kept for the byte-level cache. */
const BLOCK_BYTES_MAX = 32 << 20

/**
 * Frames and stacks interned: the same few hundred frames repeat across millions of entries, so
 * each is parsed once and equal stacks share one array.
 */
function createInterner(): {
  frame(text: string): SlowFrame | null
  stack(frames: SlowFrame[]): readonly SlowFrame[]
} {
  const byLabel = new Map<string, SlowFrame>()
  const ids = new Map<SlowFrame, number>()
  const stacks = new Map<string, readonly SlowFrame[]>()
  return {
    frame(text) {
      const close = text.indexOf('] ', 2)
      const key = close < 0 ? text : text.slice(close + 2)
      let frame = byLabel.get(key) ?? null
      if (!frame) {
        frame = parseFrame(text)
        if (frame && byLabel.size < CACHE_MAX) {
          byLabel.set(key, frame)
          ids.set(frame, ids.size)
        }
      }
      return frame
    },
    stack(frames) {
      let key = ''
      for (const f of frames) {
        const id = ids.get(f)
        if (id === undefined) return frames // not interned (cache full): counted on its own
        key += `${id},`
      }
      const seen = stacks.get(key)
      if (seen) return seen
      if (stacks.size < CACHE_MAX) stacks.set(key, frames)
      return frames
    },
  }
}

type Interner = ReturnType<typeof createInterner>

/** The line-by-line parser: any text, every oddity reported with its line number. */
function createLineParser(
  sink: SlowlogSink,
  intern: Interner,
): { line(text: string): void; end(): void; lineNo: number } {
  let current: (Omit<SlowEntry, 'frames'> & { frames: SlowFrame[] }) | null = null
  const finish = (): void => {
    if (!current) return
    if (current.frames.length === 0 && !current.dumpFailed) {
      sink.issue?.({
        code: 'SLOWLOG_TRUNCATED_ENTRY',
        message: `The entry of pid ${current.pid} has no stack (cut short).`,
        line: current.line,
      })
    }
    sink.entry({ ...current, frames: intern.stack(current.frames) })
    current = null
  }
  const parser = {
    lineNo: 0,
    line(text: string): void {
      const lineNo = ++parser.lineNo
      if (text.length === 0) return finish()
      const c0 = text.charCodeAt(0)
      if (c0 === 91 /* [ */) {
        if (text.charCodeAt(1) === 48 /* 0 */ && text.charCodeAt(2) === 120 /* x */) {
          const frame = intern.frame(text)
          if (frame && current) current.frames.push(frame)
          else if (current && isAddressedDumpFailure(text)) current.dumpFailed = true
          else if (!current)
            sink.issue?.({
              code: 'SLOWLOG_MISSING_HEADER',
              message: 'A stack frame without an entry header.',
              line: lineNo,
            })
          else
            sink.issue?.({
              code: 'SLOWLOG_BAD_LINE',
              message: `Not a stack frame: ${text.slice(0, 120)}`,
              line: lineNo,
            })
          return
        }
        const m = HEADER.exec(text)
        if (m) {
          finish() // an entry cut without its blank line
          current = {
            line: lineNo,
            secs:
              Date.UTC(
                Number(m[3]),
                Number(MONTHS[m[2]!] ?? '01') - 1,
                Number(m[1]),
                Number(m[4]!.slice(0, 2)),
                Number(m[4]!.slice(3, 5)),
                Number(m[4]!.slice(6, 8)),
              ) / 1000,
            pool: m[5]!,
            pid: Number(m[6]),
            script: '',
            frames: [],
            dumpFailed: false,
          }
          return
        }
      } else if (text.startsWith(SCRIPT_PREFIX)) {
        if (current) current.script = text.slice(SCRIPT_PREFIX.length)
        else
          sink.issue?.({
            code: 'SLOWLOG_MISSING_HEADER',
            message: 'script_filename without an entry header.',
            line: lineNo,
          })
        return
      } else if (text.startsWith(DUMP_FAILED)) {
        if (current) current.dumpFailed = true
        return
      }
      sink.issue?.({
        code: 'SLOWLOG_BAD_LINE',
        message: `Unexpected line: ${text.slice(0, 120)}`,
        line: lineNo,
      })
    },
    end: finish,
  }
  return parser
}

export interface SlowlogReader {
  /** Feeds the file's next bytes, cut anywhere. */
  push(chunk: Uint8Array): void
  end(): void
  /** Lines read so far. */
  readonly lines: number
}

/** A cached stack block (script line + frames, as bytes) and what it parsed into. */
interface Block {
  /** Copy of the bytes, at the same offset modulo 4 as where they were first seen. */
  words: Int32Array<ArrayBuffer>
  bytes: Uint8Array<ArrayBuffer>
  length: number
  align: number
  lines: number
  script: string
  frames: readonly SlowFrame[]
  dumpFailed: boolean
  /** Next block with the same hash. */
  next: Block | null
  /** Next block with the same first bytes. */
  nextSame: Block | null
}

/** Bytes after the script line that pick the candidates (shorter blocks: found by hash only). */
const PREFIX = 64
const PREFIX_WORDS = (PREFIX >> 2) - 1

/** Bytes held back without a blank line before the reader gives up on whole entries. */
const MAX_RECORD = 1 << 20

/**
 * Reads a slow log from its bytes. The common entry (header, `script_filename`, frames, blank
 * line) is read without decoding: the header's fields straight from the bytes, and the rest of
 * the entry (script and frames, the part that repeats) hashed word by word in the same pass that
 * finds the blank line, then compared with the cached copy, so a known stack costs no string at
 * all. Anything else — an entry cut short, a dump failure, CRLF, garbage — goes line by line
 * through the general parser, which reports it with its line number.
 */
export function createSlowlogReader(sink: SlowlogSink): SlowlogReader {
  const intern = createInterner()
  const lines = createLineParser(sink, intern)
  const decoder = new TextDecoder()
  let buffer = new ArrayBuffer(1 << 21)
  let u8 = new Uint8Array(buffer)
  let i32 = new Int32Array(buffer)
  let len = 0
  /** Set when the general parser is inside an entry (it must see the rest up to a blank line). */
  let slowUntilBlank = false
  const blocks = new Map<number, Block>()
  const byPrefix = new Map<number, Block>()
  let blockBytes = 0
  const scripts = new Map<string, string>()
  const pools: { bytes: Uint8Array; name: string }[] = []
  let lastDay = -1
  let lastDayBase = 0

  // Header fields, set by `header()`.
  let hSecs = 0
  let hPid = 0
  let hPool = ''
  // Hash of the last scanned block.
  let hash = 0

  /** The two-digit number at `i`, or -1. */
  const two = (a: Uint8Array, i: number): number => {
    const x = a[i]! - 48
    const y = a[i + 1]! - 48
    return x >>> 0 > 9 || y >>> 0 > 9 ? -1 : x * 10 + y
  }

  /** Reads `[28-Nov-2026 14:20:11]  [pool www] pid 17432` from s to the newline at `eol`. */
  const header = (s: number, eol: number): boolean => {
    const a = u8
    if (eol - s < 35 || a[s] !== 91 || a[s + 3] !== 45 || a[s + 7] !== 45 || a[s + 12] !== 32)
      return false
    if (a[s + 15] !== 58 || a[s + 18] !== 58) return false
    const dd = two(a, s + 1)
    const cc = two(a, s + 8)
    const yy = two(a, s + 10)
    const hh = two(a, s + 13)
    const mi = two(a, s + 16)
    const ss = two(a, s + 19)
    if ((dd | cc | yy | hh | mi | ss) < 0) return false
    const month = MONTH_CODES.get((a[s + 4]! << 16) | (a[s + 5]! << 8) | a[s + 6]!)
    if (month === undefined) return false
    const day = ((cc * 100 + yy) * 12 + month) * 32 + dd
    if (day !== lastDay) {
      lastDay = day
      lastDayBase = Date.UTC(cc * 100 + yy, month, dd) / 1000
    }
    hSecs = lastDayBase + hh * 3600 + mi * 60 + ss
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
    hPool = poolName(poolStart, poolEnd)
    i = poolEnd + 1
    // " pid "
    if (a[i] !== 32 || a[i + 1] !== 112 || a[i + 2] !== 105 || a[i + 3] !== 100 || a[i + 4] !== 32)
      return false
    i += 5
    let pid = 0
    const digits = i
    for (let d = a[i]! - 48; i < eol && d >>> 0 <= 9; d = a[++i]! - 48) pid = pid * 10 + d
    if (i === digits) return false
    hPid = pid
    while (a[i] === 32 || a[i] === 9) i++
    return i === eol
  }

  const poolName = (start: number, end: number): string => {
    search: for (const p of pools) {
      if (p.bytes.length !== end - start) continue
      for (let k = 0; k < p.bytes.length; k++) if (p.bytes[k] !== u8[start + k]) continue search
      return p.name
    }
    const bytes = u8.slice(start, end)
    const name = decoder.decode(bytes)
    if (pools.length < 64) pools.push({ bytes, name })
    return name
  }

  /**
   * From `start`, finds the end of the entry: the newline before the blank line (or -1 when the
   * data ends first), hashing the bytes before it into `hash`.
   */
  const scanBlock = (start: number): number => {
    const a = u8
    const words = i32
    const n = len
    // The hash only picks candidates (they are compared byte for byte): rotate and xor.
    let h = 0
    let i = start
    while (i < n && (i & 3) !== 0) {
      const b = a[i]!
      if (b === 10 && i + 1 < n && a[i + 1] === 10) return ((hash = h), i)
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
              return ((hash = h), k)
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
        if (a[i + 1] === 10) return ((hash = h), i)
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
  const prefixKey = (s: number): number => {
    const nl = u8.indexOf(10, s)
    if (nl < 0 || nl + 1 + PREFIX > len) return -1
    const words = i32
    const first = (nl + 4) >> 2
    let h = (nl - s) * 4 + ((nl + 1) & 3)
    for (let w = first; w < first + PREFIX_WORDS; w++) h = ((h << 5) | (h >>> 27)) ^ words[w]!
    return h & 0x3fffffff
  }

  /** The cached block that is at `s`, whole and followed by a blank line, found by its start. */
  const predict = (s: number): Block | null => {
    const key = prefixKey(s)
    if (key < 0) return null
    let prev: Block | null = null
    let c = byPrefix.get(key) ?? null
    for (let tries = 0; c && tries < 16; tries++) {
      const e = s + c.length
      if (e + 1 < len && u8[e] === 10 && u8[e + 1] === 10 && sameBytes(c, s, e)) {
        if (prev) {
          // Most recently met first: the hot stacks stay at the head of their chain.
          prev.nextSame = c.nextSame
          c.nextSame = byPrefix.get(key)!
          byPrefix.set(key, c)
        }
        return c
      }
      prev = c
      c = c.nextSame
    }
    return null
  }

  const sameBytes = (b: Block, s: number, e: number): boolean => {
    if (b.length !== e - s || b.align !== (s & 3)) return false
    const a = u8
    const bytes = b.bytes
    const base = s & ~3
    let x = s
    for (; x < e && (x & 3) !== 0; x++) if (a[x] !== bytes[x - base]) return false
    const ours = i32
    const theirs = b.words
    const shift = base >> 2
    const last = e >> 2
    for (let w = x >> 2; w < last; w++) if (ours[w] !== theirs[w - shift]) return false
    for (x = Math.max(x, last << 2); x < e; x++) if (a[x] !== bytes[x - base]) return false
    return true
  }

  /** Parses a block met for the first time; null when it is not script + frames or a dump failure. */
  const newBlock = (s: number, e: number): Block | null => {
    const text = decoder.decode(u8.subarray(s, e))
    if (!text.startsWith(SCRIPT_PREFIX) || text.includes('\r')) return null
    const parts = text.split('\n')
    const raw = parts[0]!.slice(SCRIPT_PREFIX.length)
    let script = scripts.get(raw)
    if (script === undefined) {
      script = raw
      if (scripts.size < CACHE_MAX) scripts.set(raw, raw)
    }
    const frames: SlowFrame[] = []
    let dumpFailed = false
    if (parts.length === 2 && parts[1]!.startsWith(DUMP_FAILED)) dumpFailed = true
    else {
      if (parts.length < 2) return null
      for (let k = 1; k < parts.length; k++) {
        const line = parts[k]!
        const frame =
          line.charCodeAt(1) === 48 && line.charCodeAt(2) === 120 ? intern.frame(line) : null
        if (frame) frames.push(frame)
        else if (k === parts.length - 1 && isAddressedDumpFailure(line)) dumpFailed = true
        else return null
      }
    }
    const align = s & 3
    const bytes = new Uint8Array(((e - s + align + 3) & ~3) + 4)
    bytes.set(u8.subarray(s, e), align)
    return {
      words: new Int32Array(bytes.buffer),
      bytes,
      length: e - s,
      align,
      lines: parts.length,
      script,
      frames: intern.stack(frames),
      dumpFailed,
      next: null,
      nextSame: null,
    }
  }

  const emit = (line: number, b: Block): void => {
    sink.entry({
      line,
      secs: hSecs,
      pool: hPool,
      pid: hPid,
      script: b.script,
      frames: b.frames,
      dumpFailed: b.dumpFailed,
    })
  }

  /** Hands lines [s, e) to the general parser. */
  const slow = (s: number, e: number): void => {
    for (const l of decoder.decode(u8.subarray(s, e)).split('\n'))
      lines.line(l.endsWith('\r') ? l.slice(0, -1) : l)
  }

  /** Reads the entries that are complete; returns where the unread bytes start. */
  const run = (final: boolean): number => {
    let pos = 0
    while (pos < len) {
      if (u8[pos] === 10) {
        // A blank line: ends whatever the general parser holds.
        lines.line('')
        slowUntilBlank = false
        pos++
        continue
      }
      const eol = u8.indexOf(10, pos)
      if (eol < 0 || eol >= len) break
      if (!slowUntilBlank && header(pos, eol)) {
        if (eol + 1 >= len) {
          if (!final) break // wait for the rest of the entry
        } else if (u8[eol + 1] !== 10) {
          // Most entries repeat a stack seen before: try the blocks that began with the same
          // bytes, checking that one of them is here whole, followed by the blank line. That
          // reads the bytes once instead of scanning for the blank line, then comparing.
          const s = eol + 1
          let b = predict(s)
          const end = b ? s + b.length : scanBlock(s)
          if (end < 0) {
            if (!final && len - pos < MAX_RECORD) break // wait for the rest of the entry
          } else {
            if (!b) {
              const key = hash & 0x3fffffff
              b = blocks.get(key) ?? null
              while (b && !sameBytes(b, s, end)) b = b.next
              if (!b) {
                b = newBlock(s, end)
                if (b && blocks.size < CACHE_MAX && blockBytes < BLOCK_BYTES_MAX) {
                  b.next = blocks.get(key) ?? null
                  blocks.set(key, b)
                  blockBytes += b.bytes.length
                  const pk = prefixKey(s)
                  // Only when the key's bytes are the block's own (not the next entry's).
                  if (pk >= 0 && u8.indexOf(10, s) + 1 + PREFIX <= end) {
                    b.nextSame = byPrefix.get(pk) ?? null
                    byPrefix.set(pk, b)
                  }
                }
              }
            }
            if (b) {
              emit(lines.lineNo + 1, b)
              lines.lineNo += 1 + b.lines + 1
              pos = end + 2
              continue
            }
          }
        }
      }
      // Anything else: line by line up to the end of the entry.
      const end = scanBlock(pos)
      if (end < 0) {
        if (!final && len - pos < MAX_RECORD) break
        // No blank line in sight: hand over whole lines, keep the last partial one.
        const last = final ? len : u8.lastIndexOf(10, len - 1)
        if (last <= pos) break
        slow(pos, last)
        slowUntilBlank = true
        pos = final ? len : last + 1
        continue
      }
      slow(pos, end)
      lines.line('')
      slowUntilBlank = false
      pos = end + 2
    }
    return pos
  }

  return {
    push(chunk) {
      if (len + chunk.length > buffer.byteLength) {
        let size = buffer.byteLength
        while (size < len + chunk.length) size *= 2
        const grown = new ArrayBuffer(size)
        new Uint8Array(grown).set(u8.subarray(0, len))
        buffer = grown
        u8 = new Uint8Array(buffer)
        i32 = new Int32Array(buffer)
      }
      u8.set(chunk, len)
      len += chunk.length
      const pos = run(false)
      u8.copyWithin(0, pos, len)
      len -= pos
    },
    end() {
      const pos = run(true)
      if (pos < len) {
        // An entry cut at the end of the file.
        const tail = decoder.decode(u8.subarray(pos, len))
        for (const l of tail.replace(/\n$/, '').split('\n'))
          lines.line(l.endsWith('\r') ? l.slice(0, -1) : l)
      }
      len = 0
      lines.end()
    },
    get lines() {
      return lines.lineNo
    },
  }
}

/** Whole-text convenience. */
export function parseSlowlog(text: string): { entries: SlowEntry[]; issues: SlowlogIssue[] } {
  const entries: SlowEntry[] = []
  const issues: SlowlogIssue[] = []
  const reader = createSlowlogReader({
    entry: (e) => entries.push(e),
    issue: (i) => issues.push(i),
  })
  reader.push(new TextEncoder().encode(text))
  reader.end()
  return { entries, issues }
}

/** True when the first chunk of a file looks like a slow log. */
export function sniffSlowlog(head: string): boolean {
  const first = head.split('\n', 4).find((l) => l.length > 0) ?? ''
  return HEADER.test(first)
}

/** PHP-FPM's master log warning that names the request of a slow entry. */
export interface FpmSlowWarning {
  time: string
  pool: string
  pid: number
  script: string
  method: string
  /** Path and query, as the warning gives it. */
  uri: string
  /** Seconds the request had run when it was caught (request_slowlog_timeout). */
  durationSec: number
}

const WARNING =
  /^\[(\d{2})-([A-Z][a-z]{2})-(\d{4}) (\d{2}:\d{2}:\d{2})(?:\.\d+)?\] WARNING: \[pool ([^\]]+)\] child (\d+), script '(.*)' \(request: "(\S+) (.*)"\) executing too slow \(([\d.]+) sec\), logging$/

/** Reads one line of the php-fpm master log; only `executing too slow` warnings give a result. */
export function parseFpmSlowWarning(text: string): FpmSlowWarning | null {
  if (!text.includes('executing too slow')) return null
  const m = WARNING.exec(text)
  if (!m) return null
  return {
    time: `${m[3]}-${MONTHS[m[2]!] ?? '01'}-${m[1]}T${m[4]}`,
    pool: m[5]!,
    pid: Number(m[6]),
    script: m[7]!,
    method: m[8]!,
    uri: m[9]!,
    durationSec: Number(m[10]),
  }
}
