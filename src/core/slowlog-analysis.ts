// Aggregates over PHP-FPM slow log entries, computed as they stream in, in memory bounded by
// the number of distinct scripts, frames and stacks (not by the file's size): which scripts are
// slow, where they are stuck, since when; a flame graph where each entry is one sample.
import type { FlameNode, SlowlogReport, SlowRequest } from '../shared/slowlog'
import type { FpmSlowWarning, SlowEntry, SlowFrame, SlowlogIssue } from './php-fpm-slowlog'

export type { FlameNode, SlowlogReport, SlowRequest } from '../shared/slowlog'

export interface SlowlogAnalyzerOptions {
  /** Entries kept in `requests` (the rest are counted). */
  maxRequests?: number
  maxIssues?: number
}

interface Tree {
  value: number
  self: number
  children: Map<SlowFrame, Tree>
}

const newTree = (): Tree => ({ value: 0, self: 0, children: new Map() })

export function frameLabel(f: SlowFrame): string {
  return `${f.fn}() ${f.file}:${f.line}`
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

function ranked(map: Map<string, number>): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
}

function toNode(name: string, tree: Tree, label: (f: SlowFrame) => string): FlameNode {
  return {
    name,
    value: tree.value,
    self: tree.self,
    children: [...tree.children]
      .map(([f, t]) => toNode(label(f), t, label))
      .sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : 1)),
  }
}

/** Every stack that ended at a node of the root-first tree, with how many entries ended there. */
function stacks(
  tree: Tree,
  label: (f: SlowFrame) => string,
  path: string[],
  out: Map<string, number>,
): void {
  for (const [f, child] of tree.children) {
    path.push(label(f))
    if (child.self > 0) out.set([...path].reverse().join(' ← '), child.self)
    stacks(child, label, path, out)
    path.pop()
  }
}

function secondsOf(localTime: string): number {
  return Date.parse(localTime + 'Z') / 1000
}

export interface SlowlogAnalyzer {
  /** Feed the php-fpm master log's warnings before the entries, to join each entry to its request. */
  warning(w: FpmSlowWarning): void
  entry(e: SlowEntry): void
  issue(i: SlowlogIssue): void
  result(): SlowlogReport
}

export function createSlowlogAnalyzer(options: SlowlogAnalyzerOptions = {}): SlowlogAnalyzer {
  const maxRequests = options.maxRequests ?? 10_000
  const maxIssues = options.maxIssues ?? 200
  const warnings = new Map<number, FpmSlowWarning[]>()
  const byScript = new Map<string, number>()
  const byUri = new Map<string, number>()
  const labels = new Map<SlowFrame, string>()
  const label = (f: SlowFrame): string => {
    let l = labels.get(f)
    if (l === undefined) labels.set(f, (l = frameLabel(f)))
    return l
  }
  const pools: Record<string, number> = {}
  const minutes = new Map<string, Map<string, number>>()
  const flame = newTree()
  const inverted = newTree()
  const requests: SlowRequest[] = []
  const issues: SlowlogIssue[] = []
  let entries = 0
  let dumpFailed = 0
  let issuesTotal = 0
  let first: string | null = null
  let last: string | null = null

  const join = (e: SlowEntry): FpmSlowWarning | undefined => {
    const list = warnings.get(e.pid)
    if (!list) return undefined
    const t = secondsOf(e.time)
    // The warning is logged the moment the trace starts: same pid, same second (one of slack).
    return list.find((w) => w.pool === e.pool && Math.abs(secondsOf(w.time) - t) <= 1)
  }

  return {
    warning(w) {
      const list = warnings.get(w.pid)
      if (list) list.push(w)
      else warnings.set(w.pid, [w])
    },
    entry(e) {
      entries++
      if (e.dumpFailed) dumpFailed++
      pools[e.pool] = (pools[e.pool] ?? 0) + 1
      if (first === null || e.time < first) first = e.time
      if (last === null || e.time > last) last = e.time
      bump(byScript, e.script)
      const frames = e.frames
      const minute = e.time.slice(0, 16)
      let m = minutes.get(minute)
      if (!m) minutes.set(minute, (m = new Map()))
      bump(m, e.script)
      // Root first for the flame graph (outermost call at the bottom), leaf first for the
      // inverted one; the stack and top-frame counts are read off these trees at the end.
      flame.value++
      let node = flame
      for (let i = frames.length - 1; i >= 0; i--) {
        const key = frames[i]!
        let child = node.children.get(key)
        if (!child) node.children.set(key, (child = newTree()))
        child.value++
        node = child
      }
      node.self++
      inverted.value++
      node = inverted
      for (let i = 0; i < frames.length; i++) {
        const key = frames[i]!
        let child = node.children.get(key)
        if (!child) node.children.set(key, (child = newTree()))
        child.value++
        node = child
      }
      node.self++
      const w = warnings.size > 0 ? join(e) : undefined
      if (w) bump(byUri, `${w.method} ${w.uri}`)
      if (requests.length < maxRequests) {
        requests.push({
          line: e.line,
          time: e.time,
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
    result() {
      const byStack = new Map<string, number>()
      stacks(flame, label, [], byStack)
      const byTopFrame = new Map<string, number>()
      for (const [f, child] of inverted.children) byTopFrame.set(label(f), child.value)
      return {
        entries,
        dumpFailed,
        pools,
        first,
        last,
        byScript: ranked(byScript),
        byUri: ranked(byUri),
        byTopFrame: ranked(byTopFrame),
        byStack: ranked(byStack),
        timeline: [...minutes]
          .sort((a, b) => (a[0] < b[0] ? -1 : 1))
          .map(([minute, scripts]) => ({ minute, byScript: Object.fromEntries(scripts) })),
        requests: [...requests].sort((a, b) =>
          a.time < b.time ? -1 : a.time > b.time ? 1 : a.line - b.line,
        ),
        requestsTruncated: entries > requests.length,
        flame: toNode('all', flame, label),
        inverted: toNode('all', inverted, label),
        issues,
        issuesTotal,
      }
    },
  }
}
