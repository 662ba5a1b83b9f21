// Aggregates over PHP-FPM slow log entries, computed as they stream in, in memory bounded by
// the number of distinct scripts, frames and stacks (not by the file's size): which scripts are
// slow, where they are stuck, since when; a flame graph where each entry is one sample.
import type { FlameNode, SlowlogReport, SlowRequest, SlowTotal } from '../../shared/slowlog'
import {
  localTime,
  type FpmAccess,
  type FpmSlowWarning,
  type SlowEntry,
  type SlowFrame,
  type SlowlogIssue,
} from './php-fpm-slowlog'
import { bump, ranked } from '../text'

export type { FlameNode, SlowlogReport, SlowRequest, SlowTotal } from '../../shared/slowlog'

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

/** Adds one entry's duration (or only its count, when unknown) to a key's total. */
function addTime<K>(totals: Map<K, SlowTotal>, key: K, sec: number | undefined, n = 1): void {
  const t = totals.get(key)
  const add = sec ?? 0
  const timed = sec === undefined ? 0 : n
  if (t) {
    t[0] += add
    t[1] += timed
  } else totals.set(key, [add, timed])
}

const rounded = (m: Map<string, SlowTotal>): Record<string, SlowTotal> =>
  Object.fromEntries([...m].map(([k, [sec, n]]) => [k, [Math.round(sec * 1e6) / 1e6, n]]))

/** One script's requests of the access log, in time order once asked, for the join. */
class ScriptRequests {
  private readonly list: FpmAccess[] = []
  private sorted = true
  private longest = 0

  add(a: FpmAccess): void {
    if (this.list.length > 0 && a.secs < this.list[this.list.length - 1]!.secs) this.sorted = false
    this.list.push(a)
    if (a.durationSec > this.longest) this.longest = a.durationSec
  }

  /**
   * The requests that started in the longest request's span (and a second) before `secs`, up to
   * `secs`, in time order (those of one second in the order they were given).
   */
  *around(secs: number): Generator<FpmAccess> {
    if (!this.sorted) {
      this.list.sort((x, y) => x.secs - y.secs) // stable: a second's lines keep their order
      this.sorted = true
    }
    const from = secs - this.longest - 1
    let lo = 0
    let hi = this.list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.list[mid]!.secs < from) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < this.list.length && this.list[i]!.secs <= secs; i++) yield this.list[i]!
  }
}

/** A request's whole duration, joined to its slow entry. */
interface Duration {
  totalSec: number
  status?: number
  killed?: boolean
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
  stacks: [SlowFrame[], number, SlowTotal][]
  timeByScript: [string, SlowTotal][]
  timeByUri: [string, SlowTotal][]
  timed: number
  requests: SlowRequest[]
  issues: SlowlogIssue[]
}

export interface SlowlogAnalyzer {
  /** Feed the php-fpm master log's warnings before the entries, to join each entry to its request. */
  warning(w: FpmSlowWarning): void
  /** Feed the pool's access log before the entries, to give each entry its whole duration. */
  access(a: FpmAccess): void
  entry(e: SlowEntry): void
  issue(i: SlowlogIssue): void
  /** The counts so far, as plain data (for `merge` in another thread). */
  partial(): SlowlogPartial
  /** Adds another analyzer's counts, for the part of the file after this one's (lines shifted). */
  merge(p: SlowlogPartial, lineOffset: number): void
  result(): SlowlogReport
}

export function createSlowlogAnalyzer(options: SlowlogAnalyzerOptions = {}): SlowlogAnalyzer {
  return new SlowlogAnalyzerImpl(options)
}

class SlowlogAnalyzerImpl implements SlowlogAnalyzer {
  private readonly options: SlowlogAnalyzerOptions
  private readonly maxRequests: number
  private readonly maxIssues: number
  private readonly warnings: Map<number, (FpmSlowWarning & { secs: number })[]>
  private readonly byScript: Map<string, number>
  private readonly byUri: Map<string, number>
  private readonly labels: Map<SlowFrame, string>
  private readonly pools: Map<string, number>
  private readonly minutes: Map<number, Map<string, number>>
  // Entries counted by stack (the parser gives equal stacks one array); the flame trees are
  // built from these at the end, once per distinct stack rather than once per entry.
  private readonly stackCounts: Map<readonly SlowFrame[], number>
  private readonly requests: SlowRequest[]
  private readonly issues: SlowlogIssue[]
  private entries: number
  private dumpFailed: number
  private issuesTotal: number
  private first: number
  private last: number
  private readonly used: Set<FpmSlowWarning>
  private readonly kills: Map<number, (FpmSlowWarning & { secs: number })[]>
  private readonly accessByScript: Map<string, ScriptRequests>
  private readonly usedAccess: Set<FpmAccess>
  private readonly scriptTime: Map<string, SlowTotal>
  private readonly uriTime: Map<string, SlowTotal>
  private readonly stackTime: Map<readonly SlowFrame[], SlowTotal>
  private timed: number

  private readonly label = (f: SlowFrame): string => {
    let l = this.labels.get(f)
    if (l === undefined) this.labels.set(f, (l = frameLabel(f)))
    return l
  }

  /**
   * The master's warning of this entry: logged the moment the trace starts, so same pool and pid,
   * the same script, the exact second first, else the nearest within one second of slack; each
   * warning names one request only (a child traced in consecutive seconds has one warning each).
   */
  private readonly join = (e: SlowEntry): FpmSlowWarning | undefined => {
    const list = this.warnings.get(e.pid)
    if (!list) return undefined
    let best: (FpmSlowWarning & { secs: number }) | undefined
    for (const w of list) {
      if (this.used.has(w) || w.pool !== e.pool) continue
      if (e.script && w.script && w.script !== e.script) continue
      const gap = Math.abs(w.secs - e.secs)
      if (gap > 1) continue
      if (!best || gap < Math.abs(best.secs - e.secs)) best = w
      if (gap === 0) break
    }
    if (best) this.used.add(best)
    return best
  }

  /**
   * The entry's whole duration: the access log's line of the same script (and request, when the
   * master named it) that was running at the entry's second; else php-fpm's kill of the same
   * child and request after it. Each line or kill is one request's only.
   */
  private readonly duration = (
    e: SlowEntry,
    w: FpmSlowWarning | undefined,
  ): Duration | undefined => {
    let best: FpmAccess | undefined
    // Only the lines that could have been running at the entry's second are looked at (the
    // list in time order): an access log has far more lines than a slow log has entries.
    for (const a of this.accessByScript.get(e.script)?.around(e.secs) ?? []) {
      if (this.usedAccess.has(a)) continue
      if (w && (a.method !== w.method || a.uri !== w.uri)) continue
      // Times are whole seconds: the trace may be written in the second the request ended.
      if (a.secs > e.secs || e.secs > a.secs + a.durationSec + 1) continue
      if (!best || a.secs > best.secs) best = a
    }
    if (best) {
      this.usedAccess.add(best)
      return { totalSec: best.durationSec, status: best.status }
    }
    for (const k of this.kills.get(e.pid) ?? []) {
      if (this.used.has(k) || k.pool !== e.pool || (e.script && k.script !== e.script)) continue
      if (w && (k.method !== w.method || k.uri !== w.uri)) continue
      if (k.secs < e.secs || k.secs > e.secs + k.durationSec + 1) continue
      this.used.add(k)
      return { totalSec: k.durationSec, killed: true }
    }
    return undefined
  }

  constructor(options: SlowlogAnalyzerOptions = {}) {
    this.options = options
    this.maxRequests = this.options.maxRequests ?? 10_000
    this.maxIssues = this.options.maxIssues ?? 200
    this.warnings = new Map<number, (FpmSlowWarning & { secs: number })[]>()
    this.byScript = new Map<string, number>()
    this.byUri = new Map<string, number>()
    this.labels = new Map<SlowFrame, string>()
    this.pools = new Map<string, number>()
    this.minutes = new Map<number, Map<string, number>>()
    this.stackCounts = new Map<readonly SlowFrame[], number>()
    this.requests = []
    this.issues = []
    this.entries = 0
    this.dumpFailed = 0
    this.issuesTotal = 0
    this.first = Infinity
    this.last = -Infinity
    this.used = new Set<FpmSlowWarning>()
    this.kills = new Map<number, (FpmSlowWarning & { secs: number })[]>()
    this.accessByScript = new Map<string, ScriptRequests>()
    this.usedAccess = new Set<FpmAccess>()
    this.scriptTime = new Map<string, SlowTotal>()
    this.uriTime = new Map<string, SlowTotal>()
    this.stackTime = new Map<readonly SlowFrame[], SlowTotal>()
    this.timed = 0
  }

  warning(w: FpmSlowWarning): void {
    const entry = { ...w, secs: secondsOf(w.time) }
    const byPid = w.terminated ? this.kills : this.warnings
    const list = byPid.get(w.pid)
    if (list) list.push(entry)
    else byPid.set(w.pid, [entry])
  }

  access(a: FpmAccess): void {
    // request_slowlog_timeout is whole seconds (at least 1): shorter requests were never traced.
    if (a.durationSec < 1) return
    let group = this.accessByScript.get(a.script)
    if (!group) this.accessByScript.set(a.script, (group = new ScriptRequests()))
    group.add(a)
  }

  entry(e: SlowEntry): void {
    this.entries++
    if (e.dumpFailed) this.dumpFailed++
    bump(this.pools, e.pool)
    if (e.secs < this.first) this.first = e.secs
    if (e.secs > this.last) this.last = e.secs
    bump(this.byScript, e.script)
    const minute = Math.floor(e.secs / 60)
    let m = this.minutes.get(minute)
    if (!m) this.minutes.set(minute, (m = new Map()))
    bump(m, e.script)
    bump(this.stackCounts, e.frames)
    const w = this.warnings.size > 0 ? this.join(e) : undefined
    const d = this.accessByScript.size > 0 || this.kills.size > 0 ? this.duration(e, w) : undefined
    const sec = d?.totalSec
    if (d) this.timed++
    addTime(this.scriptTime, e.script, sec)
    addTime(this.stackTime, e.frames, sec)
    if (w) {
      bump(this.byUri, `${w.method} ${w.uri}`)
      addTime(this.uriTime, `${w.method} ${w.uri}`, sec)
    }
    if (this.requests.length < this.maxRequests) {
      const frames = e.frames
      this.requests.push({
        line: e.line,
        time: localTime(e.secs),
        pool: e.pool,
        pid: e.pid,
        script: e.script,
        ...(w ? { method: w.method, uri: w.uri, durationSec: w.durationSec } : {}),
        ...d,
        topFrame: frames[0] ? this.label(frames[0]) : null,
        frames,
        dumpFailed: e.dumpFailed,
      })
    }
  }

  issue(i: SlowlogIssue): void {
    this.issuesTotal++
    if (this.issues.length < this.maxIssues) this.issues.push(i)
  }

  partial(): SlowlogPartial {
    return {
      entries: this.entries,
      dumpFailed: this.dumpFailed,
      issuesTotal: this.issuesTotal,
      first: this.first,
      last: this.last,
      pools: [...this.pools],
      byScript: [...this.byScript],
      byUri: [...this.byUri],
      minutes: [...this.minutes].map(([minute, m]) => [minute, [...m]]),
      stacks: [...this.stackCounts].map(([frames, n]) => [
        [...frames],
        n,
        this.stackTime.get(frames) ?? [0, 0],
      ]),
      timeByScript: [...this.scriptTime],
      timeByUri: [...this.uriTime],
      timed: this.timed,
      requests: this.requests,
      issues: this.issues,
    }
  }

  merge(p: SlowlogPartial, lineOffset: number): void {
    this.entries += p.entries
    this.dumpFailed += p.dumpFailed
    this.issuesTotal += p.issuesTotal
    this.first = Math.min(this.first, p.first)
    this.last = Math.max(this.last, p.last)
    for (const [pool, n] of p.pools) bump(this.pools, pool, n)
    for (const [script, n] of p.byScript) bump(this.byScript, script, n)
    for (const [uri, n] of p.byUri) bump(this.byUri, uri, n)
    for (const [minute, scripts] of p.minutes) {
      let m = this.minutes.get(minute)
      if (!m) this.minutes.set(minute, (m = new Map()))
      for (const [script, n] of scripts) bump(m, script, n)
    }
    for (const [frames, n, [sec, timed]] of p.stacks) {
      bump(this.stackCounts, frames, n)
      this.stackTime.set(frames, [sec, timed])
    }
    for (const [k, [sec, timed]] of p.timeByScript) addTime(this.scriptTime, k, sec, timed)
    for (const [k, [sec, timed]] of p.timeByUri) addTime(this.uriTime, k, sec, timed)
    this.timed += p.timed
    for (const q of p.requests) {
      if (this.requests.length >= this.maxRequests) break
      this.requests.push({ ...q, line: q.line + lineOffset })
    }
    for (const i of p.issues) {
      if (this.issues.length >= this.maxIssues) break
      this.issues.push({ ...i, line: i.line + lineOffset })
    }
  }

  result(): SlowlogReport {
    // Root first for the flame graph (outermost call at the bottom), leaf first for the
    // inverted one; the stack and top-frame counts are read off these trees.
    const flame = newTree()
    const inverted = newTree()
    for (const [frames, n] of this.stackCounts) {
      const labels = frames.map(this.label)
      addStack(flame, labels, n, true)
      addStack(inverted, labels, n, false)
    }
    const byStack = new Map<string, number>()
    stacks(flame, [], byStack)
    const byTopFrame = new Map<string, number>()
    for (const [l, child] of inverted.children) byTopFrame.set(l, child.value)
    const stackTime = new Map<string, SlowTotal>()
    const topTime = new Map<string, SlowTotal>()
    for (const [frames, [sec, timed]] of this.stackTime) {
      const labels = frames.map(this.label)
      addTime(stackTime, labels.join(' ← '), sec, timed)
      if (labels[0] !== undefined) addTime(topTime, labels[0], sec, timed)
    }
    return {
      entries: this.entries,
      dumpFailed: this.dumpFailed,
      pools: Object.fromEntries(this.pools),
      first: this.entries > 0 ? localTime(this.first) : null,
      last: this.entries > 0 ? localTime(this.last) : null,
      byScript: ranked(this.byScript),
      byUri: ranked(this.byUri),
      byTopFrame: ranked(byTopFrame),
      byStack: ranked(byStack),
      time: {
        byScript: rounded(this.scriptTime),
        byUri: rounded(this.uriTime),
        byTopFrame: rounded(topTime),
        byStack: rounded(stackTime),
      },
      timed: this.timed,
      timeline: [...this.minutes]
        .sort((a, b) => a[0] - b[0])
        .map(([minute, scripts]) => ({
          minute: localTime(minute * 60).slice(0, 16),
          byScript: Object.fromEntries(scripts),
        })),
      requests: [...this.requests].sort((a, b) =>
        a.time < b.time ? -1 : a.time > b.time ? 1 : a.line - b.line,
      ),
      requestsTruncated: this.entries > this.requests.length,
      flame: toNode('all', flame),
      inverted: toNode('all', inverted),
      issues: this.issues,
      issuesTotal: this.issuesTotal,
    }
  }
}
