// Turns a parsed profile into what the UI shows: function rows, edges, and a flame graph cut
// to a size a browser draws at once.

import type { FlameNode } from '../../shared/slowlog'
import type { ProfileView } from '../../shared/profiles'
import type { ProfileModel, ProfileTreeNode } from './cachegrind'

const MAX_FLAME_NODES = 20000
const MAX_EDGE_DEPTH = 64

/** Nanoseconds per unit of a time event: `Time_(10ns)` (Xdebug 3), `Time` in µs (Xdebug 2). */
export function timeUnitNs(event: string): number | null {
  const m = /^Time_\((\d*)(ns|us|µs|ms)\)$/i.exec(event)
  if (m) {
    const n = m[1] ? Number(m[1]) : 1
    const unit = m[2]!.toLowerCase()
    return n * (unit === 'ns' ? 1 : unit === 'ms' ? 1e6 : 1e3)
  }
  return /^time$/i.test(event) ? 1000 : null
}

export function isInternalFunction(name: string): boolean {
  return name.startsWith('php::')
}

export type ProfileViewCore = Omit<ProfileView, 'path' | 'size' | 'mtimeMs' | 'parseMs'>

export function toProfileView(model: ProfileModel): ProfileViewCore {
  const total = Math.max(1, model.totals[0] ?? 0)
  let flame: FlameNode
  let minShare = 0.0001
  if (model.tree) {
    for (;;) {
      const limit = minShare * total
      let count = 0
      flame = fromTree(model, model.tree, limit, () => ++count <= MAX_FLAME_NODES)
      if (count <= MAX_FLAME_NODES) break
      minShare *= 4
    }
  } else {
    minShare = 0.001
    flame = fromEdges(model, minShare * total)
  }
  return {
    ...(model.cmd !== undefined ? { cmd: model.cmd } : {}),
    ...(model.creator !== undefined ? { creator: model.creator } : {}),
    events: model.events,
    timeUnitNs: model.events.map(timeUnitNs),
    totals: model.totals,
    functions: model.functions.map((f) => ({
      name: f.name,
      file: f.file,
      line: f.line,
      calls: f.calls,
      self: f.self,
      inclusive: f.inclusive,
      internal: isInternalFunction(f.name),
    })),
    edges: model.edges,
    flame,
    flameExact: model.tree !== null,
    flameMinShare: minShare,
    ...(model.treeIssue ? { treeIssue: model.treeIssue } : {}),
    ...(model.truncated ? { truncated: model.truncated } : {}),
    runs: model.runs,
    lines: model.lines,
  }
}

function fromTree(
  model: ProfileModel,
  root: ProfileTreeNode,
  limit: number,
  room: () => boolean,
): FlameNode {
  const name = (fn: number): string => model.functions[fn]?.name ?? 'all'
  const top: FlameNode = {
    name: 'all',
    value: root.inclusive[0] ?? 0,
    self: 0,
    children: [],
  }
  const stack: [ProfileTreeNode, FlameNode][] = [[root, top]]
  while (stack.length > 0) {
    const [node, out] = stack.pop()!
    const kids = node.children
      .filter((c) => (c.inclusive[0] ?? 0) >= limit)
      .sort((a, b) => (b.inclusive[0] ?? 0) - (a.inclusive[0] ?? 0))
    for (const c of kids) {
      if (!room()) return top
      const child: FlameNode = {
        name: name(c.fn),
        value: c.inclusive[0] ?? 0,
        self: c.self[0] ?? 0,
        children: [],
        fn: c.fn,
      }
      out.children.push(child)
      stack.push([c, child])
    }
  }
  return top
}

/**
 * Without the exact tree: the graph guessed from caller → callee edges, as KCachegrind
 * draws it. A callee's children are scaled by the share of its cost that edge carries; a
 * function already on the path stops the branch (recursion).
 */
function fromEdges(model: ProfileModel, limit: number): FlameNode {
  const callees = new Map<number, { callee: number; cost: number }[]>()
  const called = new Set<number>()
  for (const e of model.edges) {
    if (e.caller === e.callee) continue
    let list = callees.get(e.caller)
    if (!list) callees.set(e.caller, (list = []))
    list.push({ callee: e.callee, cost: e.cost[0] ?? 0 })
    called.add(e.callee)
  }
  for (const list of callees.values()) list.sort((a, b) => b.cost - a.cost)
  const top: FlameNode = { name: 'all', value: 0, self: 0, children: [] }
  let count = 0
  const grow = (out: FlameNode, fn: number, scale: number, path: Set<number>, depth: number) => {
    for (const { callee, cost } of callees.get(fn) ?? []) {
      const value = cost * scale
      if (value < limit || path.has(callee) || depth >= MAX_EDGE_DEPTH) continue
      if (++count > MAX_FLAME_NODES) return
      const g = model.functions[callee]!
      const share = value / Math.max(1, g.inclusive[0] ?? 0)
      const child: FlameNode = {
        name: g.name,
        value,
        self: (g.self[0] ?? 0) * share,
        children: [],
        fn: callee,
      }
      out.children.push(child)
      path.add(callee)
      grow(child, callee, share, path, depth + 1)
      path.delete(callee)
    }
  }
  model.functions.forEach((f, fn) => {
    if (called.has(fn) || (f.inclusive[0] ?? 0) < limit) return
    const node: FlameNode = {
      name: f.name,
      value: f.inclusive[0] ?? 0,
      self: f.self[0] ?? 0,
      children: [],
      fn,
    }
    top.children.push(node)
    top.value += node.value
    grow(node, fn, 1, new Set([fn]), 1)
  })
  top.children.sort((a, b) => b.value - a.value)
  return top
}

export interface CompareRow {
  key: string
  name: string
  before: number | null
  after: number | null
  delta: number
}

/** Self time per function (by file and name) before and after, sorted by the size of the change. */
export function compareProfiles(
  before: Pick<ProfileView, 'functions' | 'timeUnitNs'>,
  after: Pick<ProfileView, 'functions' | 'timeUnitNs'>,
): CompareRow[] {
  // Profiles of different Xdebug versions count time in different units: compare in the
  // unit of `after`.
  const scale = (before.timeUnitNs[0] ?? 1) / (after.timeUnitNs[0] ?? 1)
  const rows = new Map<string, CompareRow>()
  for (const f of before.functions) {
    const key = `${f.file}\u0000${f.name}`
    const v = (f.self[0] ?? 0) * scale
    rows.set(key, { key, name: f.name, before: v, after: null, delta: -v })
  }
  for (const f of after.functions) {
    const key = `${f.file}\u0000${f.name}`
    const v = f.self[0] ?? 0
    const row = rows.get(key)
    if (row) {
      row.after = v
      row.delta = v - (row.before ?? 0)
    } else rows.set(key, { key, name: f.name, before: null, after: v, delta: v })
  }
  return [...rows.values()]
    .filter((r) => r.delta !== 0)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
}
