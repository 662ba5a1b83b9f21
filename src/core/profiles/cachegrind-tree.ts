// The call tree of a profile, pooled in typed arrays while parsing (merged by call path), then
// turned into objects with each function's inclusive cost.
import type { ProfileFunction, ProfileTreeNode, ProfileEdge } from './cachegrind'

export class TreePool {
  fn = new Int32Array(1024)
  count = new Float64Array(1024)
  firstChild = new Int32Array(1024)
  nextSibling = new Int32Array(1024)
  self: Float64Array<ArrayBuffer>
  incl: Float64Array<ArrayBuffer>
  /** Children counted, and indexed by function once there are many (a loop over plugins…). */
  childCount = new Int32Array(1024)
  private childMaps: (Map<number, number> | undefined)[] = []
  private free: number[] = []
  size = 0

  constructor(readonly ev: number) {
    this.self = new Float64Array(1024 * ev)
    this.incl = new Float64Array(1024 * ev)
  }

  alloc(fn: number): number {
    let n = this.free.pop()
    if (n === undefined) {
      if (this.size === this.fn.length) this.grow()
      n = this.size++
    }
    this.fn[n] = fn
    this.count[n] = 0
    this.firstChild[n] = -1
    this.nextSibling[n] = -1
    this.childCount[n] = 0
    this.childMaps[n] = undefined
    for (let e = n * this.ev, end = e + this.ev; e < end; e++) {
      this.self[e] = 0
      this.incl[e] = 0
    }
    return n
  }

  release(n: number): void {
    this.childMaps[n] = undefined
    this.free.push(n)
  }

  get live(): number {
    return this.size - this.free.length
  }

  private grow(): void {
    const cap = this.fn.length * 2
    const i32 = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap)
      b.set(a)
      return b
    }
    const f64 = (a: Float64Array<ArrayBuffer>, k: number): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap * k)
      b.set(a)
      return b
    }
    this.fn = i32(this.fn)
    this.firstChild = i32(this.firstChild)
    this.nextSibling = i32(this.nextSibling)
    this.childCount = i32(this.childCount)
    this.count = f64(this.count, 1)
    this.self = f64(this.self, this.ev)
    this.incl = f64(this.incl, this.ev)
  }

  /** Adds `src` into `dst` (same function), children merged by function; frees `src`. */
  merge(dst: number, src: number): void {
    const ev = this.ev
    this.count[dst]! += this.count[src]!
    for (let e = 0; e < ev; e++) {
      this.self[dst * ev + e]! += this.self[src * ev + e]!
      this.incl[dst * ev + e]! += this.incl[src * ev + e]!
    }
    let c = this.firstChild[src]!
    while (c !== -1) {
      const next = this.nextSibling[c]!
      this.adopt(dst, c)
      c = next
    }
    this.release(src)
  }

  /** Makes `child` a child of `parent`, merged into an existing child of the same function. */
  adopt(parent: number, child: number): void {
    const f = this.fn[child]!
    const map = this.childMaps[parent]
    if (map) {
      const d = map.get(f)
      if (d === undefined) {
        this.nextSibling[child] = this.firstChild[parent]!
        this.firstChild[parent] = child
        map.set(f, child)
        this.childCount[parent]!++
      } else this.merge(d, child)
      return
    }
    let prev = -1
    let d = this.firstChild[parent]!
    while (d !== -1 && this.fn[d] !== f) {
      prev = d
      d = this.nextSibling[d]!
    }
    if (d === -1) {
      this.nextSibling[child] = this.firstChild[parent]!
      this.firstChild[parent] = child
      if (++this.childCount[parent]! > 8) {
        const index = new Map<number, number>()
        for (let c = child; c !== -1; c = this.nextSibling[c]!) index.set(this.fn[c]!, c)
        this.childMaps[parent] = index
      }
      return
    }
    if (prev !== -1) {
      // Move to the front: a loop calls the same function again and again.
      this.nextSibling[prev] = this.nextSibling[d]!
      this.nextSibling[d] = this.firstChild[parent]!
      this.firstChild[parent] = d
    }
    this.merge(d, child)
  }
}

/**
 * Turns the pooled tree into objects and sets each function's inclusive cost from it: the
 * sum over the nodes of that function that have no ancestor of the same function.
 */
export function exportTree(
  pool: TreePool,
  root: number,
  functions: ProfileFunction[],
): ProfileTreeNode {
  const ev = pool.ev
  const onStack = new Int32Array(functions.length)
  const make = (n: number): ProfileTreeNode => ({
    fn: pool.fn[n]!,
    calls: pool.count[n]!,
    self: Array.from(pool.self.subarray(n * ev, n * ev + ev)),
    inclusive: Array.from(pool.incl.subarray(n * ev, n * ev + ev)),
    children: [],
  })
  const top = make(root)
  // Iterative depth-first walk: call chains of recursive PHP can be thousands deep.
  const stack: { n: number; node: ProfileTreeNode; child: number }[] = [
    { n: root, node: top, child: pool.firstChild[root]! },
  ]
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    if (frame.child === -1) {
      stack.pop()
      const f = frame.node.fn
      if (f >= 0) onStack[f]!--
      continue
    }
    const c = frame.child
    frame.child = pool.nextSibling[c]!
    const node = make(c)
    frame.node.children.push(node)
    const f = node.fn
    if (onStack[f] === 0) {
      const inc = functions[f]!.inclusive
      for (let e = 0; e < ev; e++) inc[e]! += node.inclusive[e]!
    }
    onStack[f]!++
    stack.push({ n: c, node, child: pool.firstChild[c]! })
  }
  // Xdebug 3 rounds each figure to 10 ns on its own, so a recursive function's outermost
  // calls can add up to a hair less than all its self costs: never show less than self.
  for (const f of functions) {
    for (let e = 0; e < ev; e++) f.inclusive[e] = Math.max(f.inclusive[e]!, f.self[e]!)
  }
  return top
}

/** Without the tree: self plus the cost of calls to other functions (direct recursion excluded). */
export function fallbackInclusive(functions: ProfileFunction[], edges: ProfileEdge[]): void {
  for (const f of functions) for (let e = 0; e < f.self.length; e++) f.inclusive[e] = f.self[e]!
  for (const edge of edges) {
    if (edge.caller === edge.callee) continue
    const inc = functions[edge.caller]!.inclusive
    for (let e = 0; e < inc.length; e++) inc[e]! += edge.cost[e]!
  }
}
