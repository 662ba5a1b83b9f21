// Aggregates over PHP-FPM slow log entries, computed as they stream in, in memory bounded by
// the number of distinct scripts, frames and stacks (not by the file's size): which scripts are
// slow, where they are stuck, since when; a flame graph where each entry is one sample.
import type { FlameNode, SlowlogReport, SlowRequest } from '../../shared/slowlog'
import {
  localTime,
  type FpmSlowWarning,
  type SlowEntry,
  type SlowFrame,
  type SlowlogIssue,
} from './php-fpm-slowlog'
import { bump, ranked } from '../text'

export type { FlameNode, SlowlogReport, SlowRequest } from '../../shared/slowlog'

export interface SlowlogAnalyzerOptions {
  /** Entries kept in `requests` (the rest are counted). */
  maxRequests?: number
  maxIssues?: number
}

/** A flame tree node; children keyed by frame label, so that stacks from any source merge. */
interface Tree {
  value: number
  self: number
  children: Map<string, Tree>
}

const newTree = (): Tree => ({ value: 0, self: 0, children: new Map() })

export function frameLabel(f: SlowFrame): string {
  return `${f.fn}() ${f.file}:${f.line}`
}

function toNode(name: string, tree: Tree): FlameNode {
  return {
    name,
    value: tree.value,
    self: tree.self,
    children: [...tree.children]
      .map(([label, t]) => toNode(label, t))
      .sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : 1)),
  }
}

/** Every stack that ended at a node of the root-first tree, with how many entries ended there. */
function stacks(tree: Tree, path: string[], out: Map<string, number>): void {
  for (const [label, child] of tree.children) {
    path.push(label)
    if (child.self > 0) out.set([...path].reverse().join(' ← '), child.self)
    stacks(child, path, out)
    path.pop()
  }
}

function secondsOf(time: string): number {
  return Date.parse(time + 'Z') / 1000
}

/** Adds `n` samples of a stack (frame labels, innermost first) in the given direction. */
function addStack(tree: Tree, labels: readonly string[], n: number, rootFirst: boolean): void {
  tree.value += n
  let node = tree
  for (let k = 0; k < labels.length; k++) {
    const key = labels[rootFirst ? labels.length - 1 - k : k]!
    let child = node.children.get(key)
    if (!child) node.children.set(key, (child = newTree()))
    child.value += n
    node = child
  }
  node.self += n
}

/**
 * What an analyzer has counted, as plain data: a worker thread analyses part of a file and the
 * main thread merges it (`merge`), so both cores share a big local file.
 */
export interface SlowlogPartial {
  entries: number
  dumpFailed: number
  issuesTotal: number
  first: number
  last: number
  pools: [string, number][]
  byScript: [string, number][]
  byUri: [string, number][]
  minutes: [number, [string, number][]][]
  stacks: [SlowFrame[], number][]
  requests: SlowRequest[]
  issues: SlowlogIssue[]
}

export interface SlowlogAnalyzer {
  /** Feed the php-fpm master log's warnings before the entries, to join each entry to its request. */
  warning(w: FpmSlowWarning): void
  entry(e: SlowEntry): void
  issue(i: SlowlogIssue): void
  /** The counts so far, as plain data (for `merge` in another thread). */
  partial(): SlowlogPartial
  /** Adds another analyzer's counts, for the part of the file after this one's (lines shifted). */
  merge(p: SlowlogPartial, lineOffset: number): void
  result(): SlowlogReport
}

export function createSlowlogAnalyzer(options: SlowlogAnalyzerOptions = {}): SlowlogAnalyzer {
  const maxRequests = options.maxRequests ?? 10_000
  const maxIssues = options.maxIssues ?? 200
  const warnings = new Map<number, (FpmSlowWarning & { secs: number })[]>()
  const byScript = new Map<string, number>()
  const byUri = new Map<string, number>()
  const labels = new Map<SlowFrame, string>()
  const label = (f: SlowFrame): string => {
    let l = labels.get(f)
    if (l === undefined) labels.set(f, (l = frameLabel(f)))
    return l
  }
  const pools = new Map<string, number>()
  const minutes = new Map<number, Map<string, number>>()
  // Entries counted by stack (the parser gives equal stacks one array); the flame trees are
  // built from these at the end, once per distinct stack rather than once per entry.
  const stackCounts = new Map<readonly SlowFrame[], number>()
  const requests: SlowRequest[] = []
  const issues: SlowlogIssue[] = []
  let entries = 0
  let dumpFailed = 0
  let issuesTotal = 0
  let first = Infinity
  let last = -Infinity

  const used = new Set<FpmSlowWarning>()
  /**
   * The master's warning of this entry: logged the moment the trace starts, so same pool and pid,
   * the same script, the exact second first, else the nearest within one second of slack; each
   * warning names one request only (a child traced in consecutive seconds has one warning each).
   */
  const join = (e: SlowEntry): FpmSlowWarning | undefined => {
    const list = warnings.get(e.pid)
    if (!list) return undefined
    let best: (FpmSlowWarning & { secs: number }) | undefined
    for (const w of list) {
      if (used.has(w) || w.pool !== e.pool) continue
      if (e.script && w.script && w.script !== e.script) continue
      const gap = Math.abs(w.secs - e.secs)
      if (gap > 1) continue
      if (!best || gap < Math.abs(best.secs - e.secs)) best = w
      if (gap === 0) break
    }
    if (best) used.add(best)
    return best
  }

  return {
    warning(w) {
      const entry = { ...w, secs: secondsOf(w.time) }
      const list = warnings.get(w.pid)
      if (list) list.push(entry)
      else warnings.set(w.pid, [entry])
    },
    entry(e) {
      entries++
      if (e.dumpFailed) dumpFailed++
      bump(pools, e.pool)
      if (e.secs < first) first = e.secs
      if (e.secs > last) last = e.secs
      bump(byScript, e.script)
      const minute = Math.floor(e.secs / 60)
      let m = minutes.get(minute)
      if (!m) minutes.set(minute, (m = new Map()))
      bump(m, e.script)
      bump(stackCounts, e.frames)
      const w = warnings.size > 0 ? join(e) : undefined
      if (w) bump(byUri, `${w.method} ${w.uri}`)
      if (requests.length < maxRequests) {
        const frames = e.frames
        requests.push({
          line: e.line,
          time: localTime(e.secs),
          pool: e.pool,
          pid: e.pid,
          script: e.script,
          ...(w ? { method: w.method, uri: w.uri, durationSec: w.durationSec } : {}),
          topFrame: frames[0] ? label(frames[0]) : null,
          frames,
          dumpFailed: e.dumpFailed,
        })
      }
    },
    issue(i) {
      issuesTotal++
      if (issues.length < maxIssues) issues.push(i)
    },
    partial() {
      return {
        entries,
        dumpFailed,
        issuesTotal,
        first,
        last,
        pools: [...pools],
        byScript: [...byScript],
        byUri: [...byUri],
        minutes: [...minutes].map(([minute, m]) => [minute, [...m]]),
        stacks: [...stackCounts].map(([frames, n]) => [[...frames], n]),
        requests,
        issues,
      }
    },
    merge(p, lineOffset) {
      entries += p.entries
      dumpFailed += p.dumpFailed
      issuesTotal += p.issuesTotal
      first = Math.min(first, p.first)
      last = Math.max(last, p.last)
      for (const [pool, n] of p.pools) bump(pools, pool, n)
      for (const [script, n] of p.byScript) bump(byScript, script, n)
      for (const [uri, n] of p.byUri) bump(byUri, uri, n)
      for (const [minute, scripts] of p.minutes) {
        let m = minutes.get(minute)
        if (!m) minutes.set(minute, (m = new Map()))
        for (const [script, n] of scripts) bump(m, script, n)
      }
      for (const [frames, n] of p.stacks) bump(stackCounts, frames, n)
      for (const q of p.requests) {
        if (requests.length >= maxRequests) break
        requests.push({ ...q, line: q.line + lineOffset })
      }
      for (const i of p.issues) {
        if (issues.length >= maxIssues) break
        issues.push({ ...i, line: i.line + lineOffset })
      }
    },
    result() {
      // Root first for the flame graph (outermost call at the bottom), leaf first for the
      // inverted one; the stack and top-frame counts are read off these trees.
      const flame = newTree()
      const inverted = newTree()
      for (const [frames, n] of stackCounts) {
        const labels = frames.map(label)
        addStack(flame, labels, n, true)
        addStack(inverted, labels, n, false)
      }
      const byStack = new Map<string, number>()
      stacks(flame, [], byStack)
      const byTopFrame = new Map<string, number>()
      for (const [l, child] of inverted.children) byTopFrame.set(l, child.value)
      return {
        entries,
        dumpFailed,
        pools: Object.fromEntries(pools),
        first: entries > 0 ? localTime(first) : null,
        last: entries > 0 ? localTime(last) : null,
        byScript: ranked(byScript),
        byUri: ranked(byUri),
        byTopFrame: ranked(byTopFrame),
        byStack: ranked(byStack),
        timeline: [...minutes]
          .sort((a, b) => a[0] - b[0])
          .map(([minute, scripts]) => ({
            minute: localTime(minute * 60).slice(0, 16),
            byScript: Object.fromEntries(scripts),
          })),
        requests: [...requests].sort((a, b) =>
          a.time < b.time ? -1 : a.time > b.time ? 1 : a.line - b.line,
        ),
        requestsTruncated: entries > requests.length,
        flame: toNode('all', flame),
        inverted: toNode('all', inverted),
        issues,
        issuesTotal,
      }
    },
  }
}
