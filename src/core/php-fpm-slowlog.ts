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

import { forEachLine } from './line-splitter'
import type { SlowFrame, SlowlogIssue } from '../shared/slowlog'

export type { SlowFrame, SlowlogIssue, SlowlogIssueCode } from '../shared/slowlog'

export interface SlowEntry {
  /** Line of the header in the file (1-based). */
  line: number
  /** Local time as written, ISO shaped without a zone: `2026-11-28T14:20:11`. */
  time: string
  pool: string
  pid: number
  script: string
  /** Innermost call first. */
  frames: SlowFrame[]
  dumpFailed: boolean
}

export interface SlowlogSink {
  entry(entry: SlowEntry): void
  issue?(issue: SlowlogIssue): void
}

export interface SlowlogParser {
  line(text: string): void
  end(): void
}

const MONTHS: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
}

const HEADER =
  /^\[(\d{2})-([A-Z][a-z]{2})-(\d{4}) (\d{2}:\d{2}:\d{2})(?:\.\d+)?\]\s+\[pool ([^\]]+)\] pid (\d+)\s*$/
const SCRIPT_PREFIX = 'script_filename = '

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

/** Distinct frames remembered so that equal frames share one object (bounded). */
const FRAME_CACHE_MAX = 200_000

export function createSlowlogParser(sink: SlowlogSink): SlowlogParser {
  let current: SlowEntry | null = null
  let lineNo = 0
  // The same few hundred frames repeat across millions of entries: parse each once, and let
  // entries share the frame objects (analyzers can then key maps by identity).
  const byLine = new Map<string, SlowFrame>()
  const byLabel = new Map<string, SlowFrame>()
  const frameOf = (text: string): SlowFrame | null => {
    // Fast path: the very same line (address included) was seen before.
    const seen = byLine.get(text)
    if (seen) return seen
    const close = text.indexOf('] ', 2)
    const key = close < 0 ? text : text.slice(close + 2)
    let frame = byLabel.get(key) ?? null
    if (!frame) {
      frame = parseFrame(text)
      if (frame && byLabel.size < FRAME_CACHE_MAX) byLabel.set(key, frame)
    }
    if (frame && byLine.size < FRAME_CACHE_MAX) byLine.set(text, frame)
    return frame
  }

  const finish = (): void => {
    if (!current) return
    if (current.frames.length === 0 && !current.dumpFailed) {
      sink.issue?.({
        code: 'SLOWLOG_TRUNCATED_ENTRY',
        message: `The entry of pid ${current.pid} has no stack (cut short).`,
        line: current.line,
      })
    }
    sink.entry(current)
    current = null
  }

  return {
    line(text: string): void {
      lineNo++
      if (text.length === 0) return finish()
      const c0 = text.charCodeAt(0)
      if (c0 === 91 /* [ */) {
        if (text.charCodeAt(1) === 48 /* 0 */ && text.charCodeAt(2) === 120 /* x */) {
          const frame = frameOf(text)
          if (frame && current) current.frames.push(frame)
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
            time: `${m[3]}-${MONTHS[m[2]!] ?? '01'}-${m[1]}T${m[4]}`,
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
      } else if (text.startsWith('+++ dump failed')) {
        if (current) current.dumpFailed = true
        return
      }
      sink.issue?.({
        code: 'SLOWLOG_BAD_LINE',
        message: `Unexpected line: ${text.slice(0, 120)}`,
        line: lineNo,
      })
    },
    end(): void {
      finish()
    },
  }
}

/** Whole-text convenience. */
export function parseSlowlog(text: string): { entries: SlowEntry[]; issues: SlowlogIssue[] } {
  const entries: SlowEntry[] = []
  const issues: SlowlogIssue[] = []
  const parser = createSlowlogParser({
    entry: (e) => entries.push(e),
    issue: (i) => issues.push(i),
  })
  forEachLine(text, (line) => parser.line(line))
  parser.end()
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
