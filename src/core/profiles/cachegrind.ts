// Streaming parser for callgrind profiles as Xdebug 2 and 3 write them, and the model built
// from them: per function self and inclusive costs, callers and callees, and the exact call
// tree. Spec: https://valgrind.org/docs/manual/cl-format.html
//
// It works on bytes, not strings: a profile is tens of millions of short numeric lines, and
// only names (`fn=(12) name`, once per function) are ever decoded.
//
// Xdebug writes one block per finished call (`fn=` then its self cost line, then one
// `cfn=`/`calls=`/cost entry per direct child, in call order), children before their parent.
// The pending finished calls therefore form a stack: a block with k call entries takes the
// last k of them as its children. That rebuilds the real tree, merged by call path as it
// goes, so memory follows the distinct call paths, not the file size. When the entries do not
// match the stack (a file written by another tool, or aggregated), the tree is dropped and
// the flame graph falls back to the caller/callee edges.

import type { ProfileEdgeRow, ProfileFunctionRow } from '../../shared/profiles'

export type ProfileFunction = Omit<ProfileFunctionRow, 'internal'>
export type ProfileEdge = ProfileEdgeRow

export interface ProfileTreeNode {
  fn: number
  calls: number
  self: number[]
  inclusive: number[]
  children: ProfileTreeNode[]
}

export interface ProfileIssue {
  line: number
  message: string
}

export interface ProfileModel {
  version?: string
  creator?: string
  cmd?: string
  events: string[]
  /** `summary:`/`totals:` when the file has them, else the sum of all self costs. */
  totals: number[]
  functions: ProfileFunction[]
  edges: ProfileEdge[]
  /** The call tree merged by path, rooted at a synthetic node (fn -1); null when not exact. */
  tree: ProfileTreeNode | null
  /** Why the tree could not be rebuilt, when it could not. */
  treeIssue?: string
  /** Profiling runs in the file (`==== NEW PROFILING FILE` separates appended runs). */
  runs: number
  lines: number
  bytes: number
  /** Set when the file ends inside a run (cut while being written, or copied half-way). */
  truncated?: ProfileIssue
}

export class ProfileFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`)
    this.name = 'ProfileFormatError'
  }
}

const NL = 10
const CR = 13
const SP = 32
const TAB = 9
const LPAREN = 40
const RPAREN = 41
const EQ = 61
const COLON = 58
const ANON_IDS = 1 << 20

/** Node pool for the call tree: struct of arrays, grown by doubling, freed nodes reused. */
class TreePool {
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

export interface CachegrindParser {
  /** Feeds the next bytes of the file. Throws ProfileFormatError on a corrupt line. */
  push(chunk: Uint8Array): void
  /** Ends the input and returns the model. */
  end(): ProfileModel
}

export function createCachegrindParser(): CachegrindParser {
  const decoder = new TextDecoder()
  let version: string | undefined
  let creator: string | undefined
  let bodyStarted = false
  let cmd: string | undefined
  let events: string[] = []
  let ev = 0
  let summarySum: number[] | null = null
  let totalsSum: number[] | null = null
  let runs = 0
  let lineNo = 0
  let bytes = 0
  let carry: Uint8Array | null = null

  // Name compression: separate id spaces for files and functions. Names written in full
  // (Xdebug 2 before 2.3) get ids too, above the compressed ones.
  const fileNames: string[] = []
  const fnNames: string[] = []
  const nameIds = new Map<string, number>()
  let nextAnonId = ANON_IDS

  // Functions, keyed by file id and function id.
  const fnIndex = new Map<number, number>()
  const fnName: string[] = []
  const fnFile: string[] = []
  const fnCalls: number[] = []
  const fnLine: number[] = []
  let fnSelf = new Float64Array(0)
  const edgeIndex: Map<number, number>[] = [] // by caller, then callee
  const edgeCaller: number[] = []
  const edgeCallee: number[] = []
  const edgeLine: number[] = []
  const edgeCalls: number[] = []
  let edgeCost = new Float64Array(0)

  let pool: TreePool | null = null
  let treeOk = true
  let treeIssue: string | undefined
  let pending = new Int32Array(1024)
  let pendingTop = 0
  let root = -1

  // Current block.
  let curFile = -1 // file id of fl=
  let curFn = -1 // function index, -1 outside a block
  let callFile = -1
  let callFnId = -1
  let callCount = 0
  let inCall = false
  let blockCalls = new Int32Array(256) // callee function indexes of the current block
  let blockCallsN = 0
  let blockNode = -1
  const cost = new Float64Array(16)
  let sawBlockSinceRun = false

  const fail = (message: string): never => {
    throw new ProfileFormatError(lineNo, message)
  }

  const setEvents = (names: string[]): void => {
    if (names.length === 0) fail('events: names no event')
    if (ev !== 0 && names.length !== ev) {
      fail(`events: ${names.length} events after ${ev} in an earlier run`)
    }
    if (names.length > cost.length) fail(`events: more than ${cost.length} events`)
    events = names
    ev = names.length
    if (!pool) {
      pool = new TreePool(ev)
      root = pool.alloc(-1)
    }
  }

  // The function of a (file, fn) pair: by fn id first, as Xdebug gives each function one id.
  const byFnFile: number[] = []
  const byFnIndex: number[] = []
  const functionIndex = (fileId: number, fnId: number): number => {
    if (byFnFile[fnId] === fileId) return byFnIndex[fnId]!
    const key = fnId * 2097152 + (fileId & 0x1fffff)
    let i = fnIndex.get(key)
    if (i === undefined) {
      i = fnName.length
      fnIndex.set(key, i)
      fnName.push(fnNames[fnId] ?? `(${fnId})`)
      fnFile.push(fileNames[fileId] ?? '')
      fnCalls.push(0)
      fnLine.push(0)
      if (fnSelf.length < (i + 1) * ev) {
        const grown = new Float64Array(Math.max(256, fnSelf.length * 2) * Math.max(1, ev))
        grown.set(fnSelf)
        fnSelf = grown
      }
    }
    if (byFnFile[fnId] === undefined) {
      byFnFile[fnId] = fileId
      byFnIndex[fnId] = i
    }
    return i
  }

  const edge = (caller: number, callee: number): number => {
    let byCallee = edgeIndex[caller]
    if (byCallee === undefined) edgeIndex[caller] = byCallee = new Map()
    let i = byCallee.get(callee)
    if (i === undefined) {
      i = edgeCaller.length
      byCallee.set(callee, i)
      edgeCaller.push(caller)
      edgeCallee.push(callee)
      edgeCalls.push(0)
      edgeLine.push(0)
      if (edgeCost.length < (i + 1) * ev) {
        const grown = new Float64Array(Math.max(256, edgeCost.length * 2) * ev)
        grown.set(edgeCost)
        edgeCost = grown
      }
    }
    return i
  }

  /** Reads `(N) name`, `(N)` or `name` after `key=`: returns the id, defining names. */
  const readName = (buf: Uint8Array, start: number, end: number, names: string[]): number => {
    if (buf[start] === LPAREN) {
      let id = 0
      let p = start + 1
      while (p < end && buf[p]! >= 48 && buf[p]! <= 57) id = id * 10 + buf[p++]! - 48
      if (p === start + 1 || buf[p] !== RPAREN) fail('malformed name reference')
      p++
      if (id >= ANON_IDS) fail(`name id (${id}) too large`)
      if (p < end) {
        if (buf[p] === SP) p++
        names[id] = decoder.decode(buf.subarray(p, end))
      } else if (names[id] === undefined) {
        fail(`name (${id}) used before it is defined`)
      }
      return id
    }
    const name = decoder.decode(buf.subarray(start, end))
    let id = nameIds.get(name)
    if (id === undefined) {
      id = nextAnonId++
      nameIds.set(name, id)
    }
    names[id] = name
    return id
  }

  const endBlock = (): void => {
    if (curFn === -1) return
    const p = pool!
    const k = blockCallsN
    if (treeOk) {
      if (pendingTop < k) {
        treeOk = false
        treeIssue = `line ${lineNo}: a call entry has no finished call before it`
      } else {
        const base = pendingTop - k
        for (let j = 0; j < k; j++) {
          if (p.fn[pending[base + j]!] !== blockCalls[j]) {
            treeOk = false
            treeIssue = `line ${lineNo}: call entries do not match the calls finished before`
            break
          }
        }
        if (treeOk) {
          for (let j = 0; j < k; j++) p.adopt(blockNode, pending[base + j]!)
          pendingTop = base
        }
      }
      if (treeOk) {
        if (pendingTop === pending.length) {
          const grown = new Int32Array(pending.length * 2)
          grown.set(pending)
          pending = grown
        }
        pending[pendingTop++] = blockNode
      }
    }
    curFn = -1
    blockCallsN = 0
    blockNode = -1
  }

  const startBlock = (fnIdx: number): void => {
    endBlock()
    curFn = fnIdx
    fnCalls[fnIdx]!++
    sawBlockSinceRun = true
    if (treeOk) {
      blockNode = pool!.alloc(fnIdx)
      pool!.count[blockNode] = 1
    }
  }

  const endRun = (): void => {
    endBlock()
    if (!treeOk || !pool) return
    for (let i = 0; i < pendingTop; i++) pool.adopt(root, pending[i]!)
    for (let e = 0; e < ev; e++) {
      let sum = 0
      for (let c = pool.firstChild[root]!; c !== -1; c = pool.nextSibling[c]!) {
        sum += pool.incl[c * ev + e]!
      }
      pool.incl[root * ev + e] = sum
    }
    pendingTop = 0
  }

  /** Parses `N N N` into `cost` from `p`; returns how many numbers were read. */
  const readCosts = (buf: Uint8Array, p: number, end: number): number => {
    let n = 0
    while (p < end) {
      const b = buf[p]!
      if (b === SP || b === TAB) {
        p++
        continue
      }
      if (b === CR && p === end - 1) break
      if (n === ev) fail('more costs than events')
      let v = 0
      let digits = 0
      let c = b
      const negative = c === 45
      if (negative) c = ++p < end ? buf[p]! : SP
      while (c >= 48 && c <= 57) {
        v = v * 10 + c - 48
        digits++
        c = ++p < end ? buf[p]! : SP
      }
      if (digits === 0 || (c !== SP && c !== TAB && !(c === CR && p === end - 1))) {
        fail('malformed cost')
      }
      cost[n++] = negative ? -v : v
    }
    for (let e = n; e < ev; e++) cost[e] = 0
    return n
  }

  /** Skips the position field(s) of a cost line: `N`, `+N`, `-N`, `*`, or hex `0x..`. */
  const skipPosition = (buf: Uint8Array, p: number, end: number): number => {
    let b = buf[p]!
    if (b >= 48 && b <= 57) {
      // The common case: a decimal line number.
      while (++p < end) {
        b = buf[p]!
        if (b < 48 || b > 57) break
      }
      if (p === end || b === SP || b === TAB) return p
    }
    if (b === 43 || b === 45) b = buf[++p]! // + -
    if (b === 42) return p + 1 // *
    const start = p
    while (p < end) {
      b = buf[p]!
      if (b === SP || b === TAB) break
      p++
    }
    if (p === start) fail('malformed position')
    return p
  }

  const costLine = (buf: Uint8Array, start: number, end: number): void => {
    if (ev === 0) fail('cost line before the events: line')
    if (curFn === -1) fail('cost line outside a function block')
    const p = skipPosition(buf, start, end)
    readCosts(buf, p, end)
    let position = 0
    for (let i = start; i < p && position >= 0; i++) {
      const d = buf[i]! - 48
      position = d >= 0 && d <= 9 ? position * 10 + d : -1 // only a plain decimal line
    }
    applyCost(position)
  }

  /**
   * The common cost line (`LINE N N`, decimal) parsed while its end is found: each byte read
   * once. Returns where the next line starts; anything unusual goes to `costLine`.
   */
  const fastCostLine = (buf: Uint8Array, start: number): number => {
    lineNo++
    if (ev === 0 || curFn === -1) {
      let end = start
      while (buf[end] !== NL) end++
      costLine(buf, start, end) // for its error message
      return end + 1
    }
    let p = start
    let position = 0
    let b = buf[p]!
    while (b >= 48 && b <= 57) {
      position = position * 10 + b - 48
      b = buf[++p]!
    }
    let n = 0
    for (;;) {
      if (b === SP || b === TAB) {
        b = buf[++p]!
        continue
      }
      if (b === NL) break
      if (b === CR && buf[p + 1] === NL) {
        p++
        break
      }
      if (b < 48 || b > 57 || n === ev) {
        // Negative, relative, hexadecimal or malformed: the general path decides.
        let end = p
        while (buf[end] !== NL) end++
        costLine(buf, start, end)
        return end + 1
      }
      let v = 0
      while (b >= 48 && b <= 57) {
        v = v * 10 + b - 48
        b = buf[++p]!
      }
      cost[n++] = v
    }
    for (let e = n; e < ev; e++) cost[e] = 0
    applyCost(position)
    return p + 1
  }

  /**
   * The common spec lines with a back-reference, `fl=(N)`, `fn=(N)`, `cfl=(N)`, `cfn=(N)`,
   * parsed in one pass. Returns where the next line starts, or -1 for any other form.
   */
  const fastRefLine = (buf: Uint8Array, start: number): number => {
    let p = start
    const b0 = buf[p]!
    const call = b0 === 99 /* c */
    if (
      call &&
      buf[p + 1] === 97 /* a */ &&
      buf[p + 2] === 108 &&
      buf[p + 3] === 108 &&
      buf[p + 4] === 115 &&
      buf[p + 5] === EQ
    ) {
      // calls=COUNT TARGET…: the count is all the model uses.
      if (curFn === -1 || callFnId === -1 || inCall) return -1
      p += 6
      let c = 0
      let b = buf[p]!
      if (b < 48 || b > 57) return -1
      while (b >= 48 && b <= 57) {
        c = c * 10 + b - 48
        b = buf[++p]!
      }
      while (b !== NL) b = buf[++p]!
      lineNo++
      callCount = c
      inCall = true
      return p + 1
    }
    if (call) p++
    if (buf[p] !== 102 /* f */) return -1
    const kind = buf[p + 1]!
    if (
      (kind !== 108 /* l */ && kind !== 110) /* n */ ||
      buf[p + 2] !== EQ ||
      buf[p + 3] !== LPAREN
    ) {
      return -1
    }
    p += 4
    let id = 0
    let b = buf[p]!
    if (b < 48 || b > 57) return -1
    while (b >= 48 && b <= 57) {
      id = id * 10 + b - 48
      b = buf[++p]!
    }
    if (b !== RPAREN) return -1
    b = buf[++p]!
    if (b === CR) b = buf[++p]!
    if (b !== NL) return -1 // a definition: the general path reads the name
    if (id >= ANON_IDS) return -1
    const names = kind === 108 ? fileNames : fnNames
    if (names[id] === undefined) return -1 // the general path says which name is missing
    if (inCall) return -1
    lineNo++
    if (call) {
      if (kind === 108) callFile = id
      else callFnId = id
    } else if (kind === 108) {
      endBlock()
      curFile = id
    } else {
      if (ev === 0) return -1
      startBlock(functionIndex(curFile, id))
    }
    return p + 1
  }

  /** Adds the cost just read to the current block: its self cost, or a call's inclusive cost. */
  const applyCost = (position: number): void => {
    if (inCall) {
      inCall = false
      const callee = functionIndex(callFile === -1 ? curFile : callFile, callFnId)
      const ei = edge(curFn, callee)
      edgeCalls[ei]! += callCount
      const at = edgeLine[ei]!
      if (at === 0) edgeLine[ei] = position > 0 ? position : -1
      else if (at !== position) edgeLine[ei] = -1
      for (let e = 0; e < ev; e++) edgeCost[ei * ev + e]! += cost[e]!
      if (treeOk) {
        // The caller's figure is the inclusive cost (memory is a net change, not a sum).
        for (let e = 0; e < ev; e++) pool!.incl[blockNode * ev + e]! += cost[e]!
        if (blockCallsN === blockCalls.length) {
          const grown = new Int32Array(blockCalls.length * 2)
          grown.set(blockCalls)
          blockCalls = grown
        }
        blockCalls[blockCallsN++] = callee
      }
      callFile = -1
      callFnId = -1
    } else {
      if (fnLine[curFn] === 0 && position > 0) fnLine[curFn] = position
      for (let e = 0; e < ev; e++) fnSelf[curFn * ev + e]! += cost[e]!
      if (treeOk) {
        for (let e = 0; e < ev; e++) {
          pool!.self[blockNode * ev + e]! += cost[e]!
          pool!.incl[blockNode * ev + e]! += cost[e]!
        }
      }
    }
  }

  const text = (buf: Uint8Array, start: number, end: number): string => {
    let e = end
    if (e > start && buf[e - 1] === CR) e--
    return decoder.decode(buf.subarray(start, e))
  }

  const startsWith = (buf: Uint8Array, start: number, end: number, word: string): boolean => {
    if (end - start < word.length) return false
    for (let i = 0; i < word.length; i++) if (buf[start + i] !== word.charCodeAt(i)) return false
    return true
  }

  /** The spec lines (`fl=`, `cfn=`, `calls=`...) dispatched on their bytes: they are most lines. */
  const specLine = (buf: Uint8Array, start: number, stop: number): boolean => {
    const b0 = buf[start]
    const b1 = buf[start + 1]
    const b2 = buf[start + 2]
    if (b0 === 102 /* f */ && b2 === EQ) {
      if (!bodyStarted) {
        bodyStarted = true
        // Xdebug's blocks (one per call, costs inclusive through calls=) are what the call tree
        // is built from; valgrind's callgrind (subpositions, cost per instruction, calls= as
        // counts) would give wrong call counts here: refused at once, with what it is.
        if (creator === undefined || !/^xdebug\b/i.test(creator))
          fail(
            `written by ${creator === undefined ? "valgrind's callgrind or another tool (no creator: line" : `${creator} (`}; events: ${events.join(' ') || 'none'}), not by Xdebug: its costs and calls are not Xdebug's blocks. Open it in KCachegrind or callgrind_annotate.`,
          )
      }
      if (inCall) fail('fl=/fn= between calls= and its cost line')
      if (b1 === 110 /* n */) {
        if (ev === 0) fail('fn= before the events: line')
        const id = readName(buf, start + 3, stop, fnNames)
        startBlock(functionIndex(curFile, id))
        return true
      }
      if (b1 === 108 /* l */) {
        endBlock()
        curFile = readName(buf, start + 3, stop, fileNames)
        return true
      }
      if (b1 === 105 /* i */ || b1 === 101 /* e */) {
        readName(buf, start + 3, stop, fileNames)
        return true
      }
      return false
    }
    if (b0 === 99 /* c */) {
      if (b1 === 102 /* f */ && buf[start + 3] === EQ) {
        if (inCall) fail('cfn= between calls= and its cost line')
        if (b2 === 110 /* n */) callFnId = readName(buf, start + 4, stop, fnNames)
        else if (b2 === 108 /* l */ || b2 === 105 /* i */) {
          callFile = readName(buf, start + 4, stop, fileNames)
        } else return false
        return true
      }
      if (
        b1 === 97 /* a */ &&
        b2 === 108 /* l */ &&
        buf[start + 3] === 108 &&
        buf[start + 4] === 115 &&
        buf[start + 5] === EQ
      ) {
        if (curFn === -1) fail('calls= outside a function block')
        if (callFnId === -1) fail('calls= without cfn=')
        if (inCall) fail('calls= twice before a cost line')
        let c = 0
        let p = start + 6
        while (p < stop && buf[p]! >= 48 && buf[p]! <= 57) c = c * 10 + buf[p++]! - 48
        if (p === start + 6) fail('calls= without a count')
        callCount = c
        inCall = true
        return true
      }
    }
    return false
  }

  const keyLine = (buf: Uint8Array, start: number, end: number): void => {
    let stop = end
    if (stop > start && buf[stop - 1] === CR) stop--
    if (specLine(buf, start, stop)) return
    // key=value or key: value
    let k = start
    while (k < stop && buf[k] !== EQ && buf[k] !== COLON) k++
    if (k === stop) fail(`unrecognised line "${text(buf, start, Math.min(end, start + 60))}"`)
    const key = decoder.decode(buf.subarray(start, k))
    const v = buf[k] === COLON && buf[k + 1] === SP ? k + 2 : k + 1
    if (buf[k] === EQ) {
      if (inCall) fail(`${key}= between calls= and its cost line`)
      if (key === 'ob' || key === 'cob' || key === 'jump' || key === 'jcnd') return
      fail(`unknown specification "${key}="`)
    }
    const value = text(buf, v, end)
    switch (key) {
      case 'version':
        version ??= value
        return
      case 'creator':
        creator ??= value
        return
      case 'cmd':
        cmd ??= value
        return
      case 'events':
        setEvents(value.split(/\s+/).filter(Boolean))
        return
      case 'summary':
      case 'totals': {
        if (ev === 0) fail(`${key}: before the events: line`)
        readCosts(buf, v, end)
        // Appended runs each have their own: they add up.
        const sum =
          key === 'totals'
            ? (totalsSum ??= new Array<number>(ev).fill(0))
            : (summarySum ??= new Array<number>(ev).fill(0))
        for (let e = 0; e < ev; e++) sum[e]! += cost[e]!
        return
      }
      default:
        // Other header lines (part, positions, pid, desc, thread, ...) carry nothing used.
        if (/^[a-z][a-z_ -]*$/i.test(key)) return
        fail(`unrecognised line "${text(buf, start, Math.min(end, start + 60))}"`)
    }
  }

  const line = (buf: Uint8Array, start: number, end: number): void => {
    lineNo++
    if (start === end) return
    const b = buf[start]!
    if ((b >= 48 && b <= 57) || b === 43 || b === 45 || b === 42) {
      costLine(buf, start, end)
    } else if (b === CR || b === SP || b === TAB) {
      // blank
    } else if (b === 35) {
      // comment
    } else if (b === EQ && startsWith(buf, start, end, '==== NEW PROFILING FILE')) {
      if (sawBlockSinceRun) endRun()
      runs++
      sawBlockSinceRun = false
    } else {
      if (runs === 0) runs = 1
      keyLine(buf, start, end)
    }
  }

  return {
    push(input) {
      // Plain Uint8Array views only (not Node Buffers): one shape for the hot loops.
      const chunk = new Uint8Array(input.buffer, input.byteOffset, input.length)
      bytes += chunk.length
      const buf = chunk
      let pos = 0
      if (carry) {
        const nl = chunk.indexOf(NL)
        if (nl === -1) {
          const joined = new Uint8Array(carry.length + chunk.length)
          joined.set(carry)
          joined.set(chunk, carry.length)
          carry = joined
          return
        }
        const joined = new Uint8Array(carry.length + nl)
        joined.set(carry)
        joined.set(chunk.subarray(0, nl), carry.length)
        carry = null
        line(joined, 0, joined.length)
        pos = nl + 1
      }
      // Complete lines only; the rest waits for the next chunk.
      let last = buf.length - 1
      while (last >= pos && buf[last] !== NL) last--
      let p = pos
      while (p <= last) {
        const b = buf[p]!
        if (b >= 48 && b <= 57) {
          p = fastCostLine(buf, p)
          continue
        }
        if (b === NL) {
          lineNo++
          p++
          continue
        }
        const next = b === 102 || b === 99 ? fastRefLine(buf, p) : -1
        if (next !== -1) {
          p = next
          continue
        }
        let e = p
        while (buf[e] !== NL) e++
        line(buf, p, e)
        p = e + 1
      }
      if (last + 1 < buf.length) carry = buf.slice(last + 1)
    },

    end() {
      let truncated: ProfileIssue | undefined
      if (carry) {
        const last = carry
        carry = null
        try {
          line(last, 0, last.length)
        } catch (err) {
          // A last line cut in the middle is truncation, not corruption.
          if (!(err instanceof ProfileFormatError)) throw err
          truncated = { line: err.line, message: 'the file ends in the middle of a line' }
        }
      }
      if (inCall) truncated ??= { line: lineNo, message: 'the file ends after calls=' }
      if (ev === 0) fail('no events: line (not a callgrind profile)')
      if (sawBlockSinceRun) endRun()
      if (runs === 0) runs = 1
      const totals = totalsSum ?? summarySum
      if (!totals && fnName.length > 0) {
        truncated ??= {
          line: lineNo,
          message: 'no summary: or totals: line (the file may be cut)',
        }
      }

      const functions: ProfileFunction[] = fnName.map((name, i) => ({
        name,
        file: fnFile[i]!,
        line: fnLine[i]!,
        calls: fnCalls[i]!,
        self: Array.from(fnSelf.subarray(i * ev, i * ev + ev)),
        inclusive: new Array<number>(ev).fill(0),
      }))
      const edges: ProfileEdge[] = edgeCaller.map((caller, i) => ({
        caller,
        callee: edgeCallee[i]!,
        calls: edgeCalls[i]!,
        cost: Array.from(edgeCost.subarray(i * ev, i * ev + ev)),
        line: edgeLine[i]!,
      }))

      let tree: ProfileTreeNode | null = null
      if (treeOk && pool) {
        tree = exportTree(pool, root, functions)
      } else {
        fallbackInclusive(functions, edges)
      }
      let sumSelf: number[] | null = null
      if (!totals) {
        sumSelf = new Array<number>(ev).fill(0)
        for (const f of functions) for (let e = 0; e < ev; e++) sumSelf[e]! += f.self[e]!
      }
      return {
        ...(version !== undefined ? { version } : {}),
        ...(creator !== undefined ? { creator } : {}),
        ...(cmd !== undefined ? { cmd } : {}),
        events,
        totals: totals ?? sumSelf!,
        functions,
        edges,
        tree,
        ...(treeIssue ? { treeIssue } : {}),
        runs,
        lines: lineNo,
        bytes,
        ...(truncated ? { truncated } : {}),
      }
    },
  }
}

/**
 * Turns the pooled tree into objects and sets each function's inclusive cost from it: the
 * sum over the nodes of that function that have no ancestor of the same function.
 */
function exportTree(pool: TreePool, root: number, functions: ProfileFunction[]): ProfileTreeNode {
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
function fallbackInclusive(functions: ProfileFunction[], edges: ProfileEdge[]): void {
  for (const f of functions) for (let e = 0; e < f.self.length; e++) f.inclusive[e] = f.self[e]!
  for (const edge of edges) {
    if (edge.caller === edge.callee) continue
    const inc = functions[edge.caller]!.inclusive
    for (let e = 0; e < inc.length; e++) inc[e]! += edge.cost[e]!
  }
}

/** Parses a whole profile held in memory (tests, small files). */
export function parseCachegrind(bytes: Uint8Array): ProfileModel {
  const parser = createCachegrindParser()
  parser.push(bytes)
  return parser.end()
}
