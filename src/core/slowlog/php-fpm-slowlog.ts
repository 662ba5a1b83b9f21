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
import { SlowlogReaderImpl } from './slowlog-reader'

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
export const MONTH_CODES = new Map(
  MONTH_NAMES.map((m, i) => [
    (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
    i,
  ]),
)

const HEADER =
  /^\[(\d{2})-([A-Z][a-z]{2})-(\d{4}) (\d{2}:\d{2}:\d{2})(?:\.\d+)?\]\s+\[pool ([^\]]+)\] pid (\d+)\s*$/

export const SCRIPT_PREFIX = 'script_filename = '

export const DUMP_FAILED = '+++ dump failed'

/**
 * `+++ dump failed` as php-fpm writes it after a frame it could not read: the frame's address
 * first (`[0x00007f2d286c10f8] +++ dump failed`), the stack read so far above it.
 */
export function isAddressedDumpFailure(text: string): boolean {
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
export const CACHE_MAX = 100_000

/** Bytes of stack blocks kept for the byte-level cache. */
export const BLOCK_BYTES_MAX = 32 << 20

/**
 * Frames and stacks interned: the same few hundred frames repeat across millions of entries, so
 * each is parsed once and equal stacks share one array.
 */
export function createInterner(): {
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
export function createLineParser(
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
export interface Block {
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
export const PREFIX = 64

export const PREFIX_WORDS = (PREFIX >> 2) - 1

/** Bytes held back without a blank line before the reader gives up on whole entries. */
export const MAX_RECORD = 1 << 20

/**
 * Reads a slow log from its bytes. The common entry (header, `script_filename`, frames, blank
 * line) is read without decoding: the header's fields straight from the bytes, and the rest of
 * the entry (script and frames, the part that repeats) hashed word by word in the same pass that
 * finds the blank line, then compared with the cached copy, so a known stack costs no string at
 * all. Anything else — an entry cut short, a dump failure, CRLF, garbage — goes line by line
 * through the general parser, which reports it with its line number.
 */
export function createSlowlogReader(sink: SlowlogSink): SlowlogReader {
  return new SlowlogReaderImpl(sink)
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

/** PHP-FPM's master log warning that names the request of a slow entry, or that killed it. */
export interface FpmSlowWarning {
  time: string
  pool: string
  pid: number
  script: string
  method: string
  /** Path and query, as the warning gives it. */
  uri: string
  /**
   * Seconds the request had run when it was caught (request_slowlog_timeout), or, when
   * `terminated`, when php-fpm killed it (request_terminate_timeout): its whole duration.
   */
  durationSec: number
  /** `execution timed out (…), terminating`: the request ran until php-fpm killed it. */
  terminated?: true
}

const WARNING =
  /^\[(\d{2})-([A-Z][a-z]{2})-(\d{4}) (\d{2}:\d{2}:\d{2})(?:\.\d+)?\] WARNING: \[pool ([^\]]+)\] child (\d+), script '(.*)' \(request: "(\S+) (.*)"\) (executing too slow|execution timed out) \(([\d.]+) sec\), (?:logging|terminating)$/

/**
 * Reads one line of the php-fpm master log; only the `executing too slow` warnings (a slow entry's
 * request) and `execution timed out` ones (a request killed) give a result.
 */
export function parseFpmSlowWarning(text: string): FpmSlowWarning | null {
  if (!text.includes('executing too slow') && !text.includes('execution timed out')) return null
  const m = WARNING.exec(text)
  if (!m) return null
  return {
    time: `${m[3]}-${MONTHS[m[2]!] ?? '01'}-${m[1]}T${m[4]}`,
    pool: m[5]!,
    pid: Number(m[6]),
    script: m[7]!,
    method: m[8]!,
    uri: m[9]!,
    durationSec: Number(m[11]),
    ...(m[10] === 'execution timed out' ? { terminated: true as const } : {}),
  }
}

/** One request of a pool's access log (`access.log`), as the host's `access.format` writes it. */
export interface FpmAccess {
  /** When the request was received: local wall-clock time, in seconds as if it were UTC. */
  secs: number
  method: string
  uri: string
  status: number
  script: string
  durationSec: number
}

// The host's `access.format = "%R - %u %t \"%m %r%Q%q\" %s %f %{mili}d %{kilo}M %C%%"`:
//   - -  28/Nov/2026:14:20:10 +0100 "GET /tb-slow.php?mode=sql" 200 /var/www/site/tb-slow.php 2001.648 4096 0.00%
// `%t` is when the request was received; `%{mili}d` its duration in milliseconds.
const ACCESS =
  /(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) [+-]\d{4}\]? "(\S+) ([^"]*)" (\d{3}) (\S+) (\d+\.\d+) /

/**
 * Reads one line of a pool's access log, or null when it is not one (another format, a
 * truncated line). The time is kept as written (wall clock), like the slow log's.
 */
export function parseFpmAccess(text: string): FpmAccess | null {
  const m = ACCESS.exec(text)
  if (!m) return null
  const month = MONTH_NAMES.indexOf(m[2]!)
  if (month < 0) return null
  const secs =
    Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000
  return {
    secs,
    method: m[7]!,
    uri: m[8]!,
    status: Number(m[9]),
    script: m[10]!,
    // Milliseconds with three decimals: rounded to the microsecond they mean.
    durationSec: Math.round(Number(m[11]) * 1000) / 1e6,
  }
}
