// The state of a profile being parsed: names (compressed ids), functions, edges, the pending
// calls of the tree and the current block. The line reading lives in cachegrind-parser.ts.
import { ProfileFormatError } from './cachegrind'
import { TreePool } from './cachegrind-tree'

export const NL = 10
export const CR = 13
export const SP = 32
export const TAB = 9
export const LPAREN = 40
export const RPAREN = 41
export const EQ = 61
export const COLON = 58
export const ANON_IDS = 1 << 20

/** Node pool for the call tree: struct of arrays, grown by doubling, freed nodes reused. */

/** The model a profile builds: names, functions, edges, the call tree, the current block. */
export abstract class CachegrindModel {
  protected readonly decoder: TextDecoder
  protected version: string | undefined
  protected creator: string | undefined
  protected bodyStarted: boolean
  protected cmd: string | undefined
  protected events: string[]
  protected ev: number
  protected summarySum: number[] | null
  protected totalsSum: number[] | null
  protected runs: number
  protected lineNo: number
  protected bytes: number
  protected carry: Uint8Array | null
  // Name compression: separate id spaces for files and functions. Names written in full
  // (Xdebug 2 before 2.3) get ids too, above the compressed ones.
  protected readonly fileNames: string[]
  protected readonly fnNames: string[]
  protected readonly nameIds: Map<string, number>
  protected nextAnonId: number
  // Functions, keyed by file id and function id.
  protected readonly fnIndex: Map<number, number>
  protected readonly fnName: string[]
  protected readonly fnFile: string[]
  protected readonly fnCalls: number[]
  protected readonly fnLine: number[]
  protected fnSelf: Float64Array<ArrayBuffer>
  protected readonly edgeIndex: Map<number, number>[]
  protected readonly edgeCaller: number[]
  protected readonly edgeCallee: number[]
  protected readonly edgeLine: number[]
  protected readonly edgeCalls: number[]
  protected edgeCost: Float64Array<ArrayBuffer>
  protected pool: TreePool | null
  protected treeOk: boolean
  protected treeIssue: string | undefined
  protected pending: Int32Array<ArrayBuffer>
  protected pendingTop: number
  protected root: number
  // Current block.
  protected curFile: number
  protected curFn: number
  protected callFile: number
  protected callFnId: number
  protected callCount: number
  protected inCall: boolean
  protected blockCalls: Int32Array<ArrayBuffer>
  protected blockCallsN: number
  protected blockNode: number
  protected readonly cost: Float64Array<ArrayBuffer>
  protected sawBlockSinceRun: boolean
  // The function of a (file, fn) pair: by fn id first, as Xdebug gives each function one id.
  protected readonly byFnFile: number[]
  protected readonly byFnIndex: number[]

  protected readonly fail = (message: string): never => {
    throw new ProfileFormatError(this.lineNo, message)
  }

  protected readonly setEvents = (names: string[]): void => {
    if (names.length === 0) this.fail('events: names no event')
    if (this.ev !== 0 && names.length !== this.ev) {
      this.fail(`events: ${names.length} events after ${this.ev} in an earlier run`)
    }
    if (names.length > this.cost.length) this.fail(`events: more than ${this.cost.length} events`)
    this.events = names
    this.ev = names.length
    if (!this.pool) {
      this.pool = new TreePool(this.ev)
      this.root = this.pool.alloc(-1)
    }
  }

  protected readonly functionIndex = (fileId: number, fnId: number): number => {
    if (this.byFnFile[fnId] === fileId) return this.byFnIndex[fnId]!
    const key = fnId * 2097152 + (fileId & 0x1fffff)
    let i = this.fnIndex.get(key)
    if (i === undefined) {
      i = this.fnName.length
      this.fnIndex.set(key, i)
      this.fnName.push(this.fnNames[fnId] ?? `(${fnId})`)
      this.fnFile.push(this.fileNames[fileId] ?? '')
      this.fnCalls.push(0)
      this.fnLine.push(0)
      if (this.fnSelf.length < (i + 1) * this.ev) {
        const grown = new Float64Array(Math.max(256, this.fnSelf.length * 2) * Math.max(1, this.ev))
        grown.set(this.fnSelf)
        this.fnSelf = grown
      }
    }
    if (this.byFnFile[fnId] === undefined) {
      this.byFnFile[fnId] = fileId
      this.byFnIndex[fnId] = i
    }
    return i
  }

  protected readonly edge = (caller: number, callee: number): number => {
    let byCallee = this.edgeIndex[caller]
    if (byCallee === undefined) this.edgeIndex[caller] = byCallee = new Map()
    let i = byCallee.get(callee)
    if (i === undefined) {
      i = this.edgeCaller.length
      byCallee.set(callee, i)
      this.edgeCaller.push(caller)
      this.edgeCallee.push(callee)
      this.edgeCalls.push(0)
      this.edgeLine.push(0)
      if (this.edgeCost.length < (i + 1) * this.ev) {
        const grown = new Float64Array(Math.max(256, this.edgeCost.length * 2) * this.ev)
        grown.set(this.edgeCost)
        this.edgeCost = grown
      }
    }
    return i
  }

  /** Reads `(N) name`, `(N)` or `name` after `key=`: returns the id, defining names. */
  protected readonly readName = (
    buf: Uint8Array,
    start: number,
    end: number,
    names: string[],
  ): number => {
    if (buf[start] === LPAREN) {
      let id = 0
      let p = start + 1
      while (p < end && buf[p]! >= 48 && buf[p]! <= 57) id = id * 10 + buf[p++]! - 48
      if (p === start + 1 || buf[p] !== RPAREN) this.fail('malformed name reference')
      p++
      if (id >= ANON_IDS) this.fail(`name id (${id}) too large`)
      if (p < end) {
        if (buf[p] === SP) p++
        names[id] = this.decoder.decode(buf.subarray(p, end))
      } else if (names[id] === undefined) {
        this.fail(`name (${id}) used before it is defined`)
      }
      return id
    }
    const name = this.decoder.decode(buf.subarray(start, end))
    let id = this.nameIds.get(name)
    if (id === undefined) {
      id = this.nextAnonId++
      this.nameIds.set(name, id)
    }
    names[id] = name
    return id
  }

  protected readonly endBlock = (): void => {
    if (this.curFn === -1) return
    const p = this.pool!
    const k = this.blockCallsN
    if (this.treeOk) {
      if (this.pendingTop < k) {
        this.treeOk = false
        this.treeIssue = `line ${this.lineNo}: a call entry has no finished call before it`
      } else {
        const base = this.pendingTop - k
        for (let j = 0; j < k; j++) {
          if (p.fn[this.pending[base + j]!] !== this.blockCalls[j]) {
            this.treeOk = false
            this.treeIssue = `line ${this.lineNo}: call entries do not match the calls finished before`
            break
          }
        }
        if (this.treeOk) {
          for (let j = 0; j < k; j++) p.adopt(this.blockNode, this.pending[base + j]!)
          this.pendingTop = base
        }
      }
      if (this.treeOk) {
        if (this.pendingTop === this.pending.length) {
          const grown = new Int32Array(this.pending.length * 2)
          grown.set(this.pending)
          this.pending = grown
        }
        this.pending[this.pendingTop++] = this.blockNode
      }
    }
    this.curFn = -1
    this.blockCallsN = 0
    this.blockNode = -1
  }

  protected readonly startBlock = (fnIdx: number): void => {
    this.endBlock()
    this.curFn = fnIdx
    this.fnCalls[fnIdx]!++
    this.sawBlockSinceRun = true
    if (this.treeOk) {
      this.blockNode = this.pool!.alloc(fnIdx)
      this.pool!.count[this.blockNode] = 1
    }
  }

  protected readonly endRun = (): void => {
    this.endBlock()
    if (!this.treeOk || !this.pool) return
    for (let i = 0; i < this.pendingTop; i++) this.pool.adopt(this.root, this.pending[i]!)
    for (let e = 0; e < this.ev; e++) {
      let sum = 0
      for (let c = this.pool.firstChild[this.root]!; c !== -1; c = this.pool.nextSibling[c]!) {
        sum += this.pool.incl[c * this.ev + e]!
      }
      this.pool.incl[this.root * this.ev + e] = sum
    }
    this.pendingTop = 0
  }

  /** Parses `N N N` into `cost` from `p`; returns how many numbers were read. */
  protected readonly readCosts = (buf: Uint8Array, p: number, end: number): number => {
    let n = 0
    while (p < end) {
      const b = buf[p]!
      if (b === SP || b === TAB) {
        p++
        continue
      }
      if (b === CR && p === end - 1) break
      if (n === this.ev) this.fail('more costs than events')
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
        this.fail('malformed cost')
      }
      this.cost[n++] = negative ? -v : v
    }
    for (let e = n; e < this.ev; e++) this.cost[e] = 0
    return n
  }

  /** Skips the position field(s) of a cost line: `N`, `+N`, `-N`, `*`, or hex `0x..`. */
  protected readonly skipPosition = (buf: Uint8Array, p: number, end: number): number => {
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
    if (p === start) this.fail('malformed position')
    return p
  }

  constructor() {
    this.decoder = new TextDecoder()
    this.bodyStarted = false
    this.events = []
    this.ev = 0
    this.summarySum = null
    this.totalsSum = null
    this.runs = 0
    this.lineNo = 0
    this.bytes = 0
    this.carry = null
    this.fileNames = []
    this.fnNames = []
    this.nameIds = new Map<string, number>()
    this.nextAnonId = ANON_IDS
    this.fnIndex = new Map<number, number>()
    this.fnName = []
    this.fnFile = []
    this.fnCalls = []
    this.fnLine = []
    this.fnSelf = new Float64Array(0)
    this.edgeIndex = []
    this.edgeCaller = []
    this.edgeCallee = []
    this.edgeLine = []
    this.edgeCalls = []
    this.edgeCost = new Float64Array(0)
    this.pool = null
    this.treeOk = true
    this.pending = new Int32Array(1024)
    this.pendingTop = 0
    this.root = -1
    this.curFile = -1
    this.curFn = -1
    this.callFile = -1
    this.callFnId = -1
    this.callCount = 0
    this.inCall = false
    this.blockCalls = new Int32Array(256)
    this.blockCallsN = 0
    this.blockNode = -1
    this.cost = new Float64Array(16)
    this.sawBlockSinceRun = false
    this.byFnFile = []
    this.byFnIndex = []
  }
}
