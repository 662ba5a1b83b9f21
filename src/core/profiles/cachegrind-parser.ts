// Reading a callgrind profile's bytes, line by line without decoding them (see cachegrind.ts).
import type {
  CachegrindParser,
  ProfileEdge,
  ProfileFunction,
  ProfileIssue,
  ProfileModel,
  ProfileTreeNode,
} from './cachegrind'
import { ProfileFormatError } from './cachegrind'
import {
  ANON_IDS,
  CachegrindModel,
  COLON,
  CR,
  EQ,
  LPAREN,
  NL,
  RPAREN,
  SP,
  TAB,
} from './cachegrind-model'
import { exportTree, fallbackInclusive } from './cachegrind-tree'

export class CachegrindParserImpl extends CachegrindModel implements CachegrindParser {
  private readonly costLine = (buf: Uint8Array, start: number, end: number): void => {
    if (this.ev === 0) this.fail('cost line before the events: line')
    if (this.curFn === -1) this.fail('cost line outside a function block')
    const p = this.skipPosition(buf, start, end)
    this.readCosts(buf, p, end)
    let position = 0
    for (let i = start; i < p && position >= 0; i++) {
      const d = buf[i]! - 48
      position = d >= 0 && d <= 9 ? position * 10 + d : -1 // only a plain decimal line
    }
    this.applyCost(position)
  }

  /**
   * The common cost line (`LINE N N`, decimal) parsed while its end is found: each byte read
   * once. Returns where the next line starts; anything unusual goes to `costLine`.
   */
  private readonly fastCostLine = (buf: Uint8Array, start: number): number => {
    this.lineNo++
    if (this.ev === 0 || this.curFn === -1) {
      let end = start
      while (buf[end] !== NL) end++
      this.costLine(buf, start, end) // for its error message
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
      if (b < 48 || b > 57 || n === this.ev) {
        // Negative, relative, hexadecimal or malformed: the general path decides.
        let end = p
        while (buf[end] !== NL) end++
        this.costLine(buf, start, end)
        return end + 1
      }
      let v = 0
      while (b >= 48 && b <= 57) {
        v = v * 10 + b - 48
        b = buf[++p]!
      }
      this.cost[n++] = v
    }
    for (let e = n; e < this.ev; e++) this.cost[e] = 0
    this.applyCost(position)
    return p + 1
  }

  /**
   * The common spec lines with a back-reference, `fl=(N)`, `fn=(N)`, `cfl=(N)`, `cfn=(N)`,
   * parsed in one pass. Returns where the next line starts, or -1 for any other form.
   */
  private readonly fastRefLine = (buf: Uint8Array, start: number): number => {
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
      if (this.curFn === -1 || this.callFnId === -1 || this.inCall) return -1
      p += 6
      let c = 0
      let b = buf[p]!
      if (b < 48 || b > 57) return -1
      while (b >= 48 && b <= 57) {
        c = c * 10 + b - 48
        b = buf[++p]!
      }
      while (b !== NL) b = buf[++p]!
      this.lineNo++
      this.callCount = c
      this.inCall = true
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
    const names = kind === 108 ? this.fileNames : this.fnNames
    if (names[id] === undefined) return -1 // the general path says which name is missing
    if (this.inCall) return -1
    this.lineNo++
    if (call) {
      if (kind === 108) this.callFile = id
      else this.callFnId = id
    } else if (kind === 108) {
      this.endBlock()
      this.curFile = id
    } else {
      if (this.ev === 0) return -1
      this.startBlock(this.functionIndex(this.curFile, id))
    }
    return p + 1
  }

  /** Adds the cost just read to the current block: its self cost, or a call's inclusive cost. */
  private readonly applyCost = (position: number): void => {
    if (this.inCall) {
      this.inCall = false
      const callee = this.functionIndex(
        this.callFile === -1 ? this.curFile : this.callFile,
        this.callFnId,
      )
      const ei = this.edge(this.curFn, callee)
      this.edgeCalls[ei]! += this.callCount
      const at = this.edgeLine[ei]!
      if (at === 0) this.edgeLine[ei] = position > 0 ? position : -1
      else if (at !== position) this.edgeLine[ei] = -1
      for (let e = 0; e < this.ev; e++) this.edgeCost[ei * this.ev + e]! += this.cost[e]!
      if (this.treeOk) {
        // The caller's figure is the inclusive cost (memory is a net change, not a sum).
        for (let e = 0; e < this.ev; e++)
          this.pool!.incl[this.blockNode * this.ev + e]! += this.cost[e]!
        if (this.blockCallsN === this.blockCalls.length) {
          const grown = new Int32Array(this.blockCalls.length * 2)
          grown.set(this.blockCalls)
          this.blockCalls = grown
        }
        this.blockCalls[this.blockCallsN++] = callee
      }
      this.callFile = -1
      this.callFnId = -1
    } else {
      if (this.fnLine[this.curFn] === 0 && position > 0) this.fnLine[this.curFn] = position
      for (let e = 0; e < this.ev; e++) this.fnSelf[this.curFn * this.ev + e]! += this.cost[e]!
      if (this.treeOk) {
        for (let e = 0; e < this.ev; e++) {
          this.pool!.self[this.blockNode * this.ev + e]! += this.cost[e]!
          this.pool!.incl[this.blockNode * this.ev + e]! += this.cost[e]!
        }
      }
    }
  }

  private readonly text = (buf: Uint8Array, start: number, end: number): string => {
    let e = end
    if (e > start && buf[e - 1] === CR) e--
    return this.decoder.decode(buf.subarray(start, e))
  }

  private readonly startsWith = (
    buf: Uint8Array,
    start: number,
    end: number,
    word: string,
  ): boolean => {
    if (end - start < word.length) return false
    for (let i = 0; i < word.length; i++) if (buf[start + i] !== word.charCodeAt(i)) return false
    return true
  }

  /** The spec lines (`fl=`, `cfn=`, `calls=`...) dispatched on their bytes: they are most lines. */
  private readonly specLine = (buf: Uint8Array, start: number, stop: number): boolean => {
    const b0 = buf[start]
    const b1 = buf[start + 1]
    const b2 = buf[start + 2]
    if (b0 === 102 /* f */ && b2 === EQ) {
      if (!this.bodyStarted) {
        this.bodyStarted = true
        // Xdebug's blocks (one per call, costs inclusive through calls=) are what the call tree
        // is built from; valgrind's callgrind (subpositions, cost per instruction, calls= as
        // counts) would give wrong call counts here: refused at once, with what it is.
        if (this.creator === undefined || !/^xdebug\b/i.test(this.creator))
          this.fail(
            `written by ${this.creator === undefined ? "valgrind's callgrind or another tool (no creator: line" : `${this.creator} (`}; events: ${this.events.join(' ') || 'none'}), not by Xdebug: its costs and calls are not Xdebug's blocks. Open it in KCachegrind or callgrind_annotate.`,
          )
      }
      if (this.inCall) this.fail('fl=/fn= between calls= and its cost line')
      if (b1 === 110 /* n */) {
        if (this.ev === 0) this.fail('fn= before the events: line')
        const id = this.readName(buf, start + 3, stop, this.fnNames)
        this.startBlock(this.functionIndex(this.curFile, id))
        return true
      }
      if (b1 === 108 /* l */) {
        this.endBlock()
        this.curFile = this.readName(buf, start + 3, stop, this.fileNames)
        return true
      }
      if (b1 === 105 /* i */ || b1 === 101 /* e */) {
        this.readName(buf, start + 3, stop, this.fileNames)
        return true
      }
      return false
    }
    if (b0 === 99 /* c */) {
      if (b1 === 102 /* f */ && buf[start + 3] === EQ) {
        if (this.inCall) this.fail('cfn= between calls= and its cost line')
        if (b2 === 110 /* n */) this.callFnId = this.readName(buf, start + 4, stop, this.fnNames)
        else if (b2 === 108 /* l */ || b2 === 105 /* i */) {
          this.callFile = this.readName(buf, start + 4, stop, this.fileNames)
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
        if (this.curFn === -1) this.fail('calls= outside a function block')
        if (this.callFnId === -1) this.fail('calls= without cfn=')
        if (this.inCall) this.fail('calls= twice before a cost line')
        let c = 0
        let p = start + 6
        while (p < stop && buf[p]! >= 48 && buf[p]! <= 57) c = c * 10 + buf[p++]! - 48
        if (p === start + 6) this.fail('calls= without a count')
        this.callCount = c
        this.inCall = true
        return true
      }
    }
    return false
  }

  private readonly keyLine = (buf: Uint8Array, start: number, end: number): void => {
    let stop = end
    if (stop > start && buf[stop - 1] === CR) stop--
    if (this.specLine(buf, start, stop)) return
    // key=value or key: value
    let k = start
    while (k < stop && buf[k] !== EQ && buf[k] !== COLON) k++
    if (k === stop)
      this.fail(`unrecognised line "${this.text(buf, start, Math.min(end, start + 60))}"`)
    const key = this.decoder.decode(buf.subarray(start, k))
    const v = buf[k] === COLON && buf[k + 1] === SP ? k + 2 : k + 1
    if (buf[k] === EQ) {
      if (this.inCall) this.fail(`${key}= between calls= and its cost line`)
      if (key === 'ob' || key === 'cob' || key === 'jump' || key === 'jcnd') return
      this.fail(`unknown specification "${key}="`)
    }
    const value = this.text(buf, v, end)
    switch (key) {
      case 'version':
        this.version ??= value
        return
      case 'creator':
        this.creator ??= value
        return
      case 'cmd':
        this.cmd ??= value
        return
      case 'events':
        this.setEvents(value.split(/\s+/).filter(Boolean))
        return
      case 'summary':
      case 'totals': {
        if (this.ev === 0) this.fail(`${key}: before the events: line`)
        this.readCosts(buf, v, end)
        // Appended runs each have their own: they add up.
        const sum =
          key === 'totals'
            ? (this.totalsSum ??= new Array<number>(this.ev).fill(0))
            : (this.summarySum ??= new Array<number>(this.ev).fill(0))
        for (let e = 0; e < this.ev; e++) sum[e]! += this.cost[e]!
        return
      }
      default:
        // Other header lines (part, positions, pid, desc, thread, ...) carry nothing used.
        if (/^[a-z][a-z_ -]*$/i.test(key)) return
        this.fail(`unrecognised line "${this.text(buf, start, Math.min(end, start + 60))}"`)
    }
  }

  private readonly line = (buf: Uint8Array, start: number, end: number): void => {
    this.lineNo++
    if (start === end) return
    const b = buf[start]!
    if ((b >= 48 && b <= 57) || b === 43 || b === 45 || b === 42) {
      this.costLine(buf, start, end)
    } else if (b === CR || b === SP || b === TAB) {
      // blank
    } else if (b === 35) {
      // comment
    } else if (b === EQ && this.startsWith(buf, start, end, '==== NEW PROFILING FILE')) {
      if (this.sawBlockSinceRun) this.endRun()
      this.runs++
      this.sawBlockSinceRun = false
    } else {
      if (this.runs === 0) this.runs = 1
      this.keyLine(buf, start, end)
    }
  }

  push(input: Uint8Array<ArrayBufferLike>): void {
    // Plain Uint8Array views only (not Node Buffers): one shape for the hot loops.
    const chunk = new Uint8Array(input.buffer, input.byteOffset, input.length)
    this.bytes += chunk.length
    const buf = chunk
    let pos = 0
    if (this.carry) {
      const nl = chunk.indexOf(NL)
      if (nl === -1) {
        const joined = new Uint8Array(this.carry.length + chunk.length)
        joined.set(this.carry)
        joined.set(chunk, this.carry.length)
        this.carry = joined
        return
      }
      const joined = new Uint8Array(this.carry.length + nl)
      joined.set(this.carry)
      joined.set(chunk.subarray(0, nl), this.carry.length)
      this.carry = null
      this.line(joined, 0, joined.length)
      pos = nl + 1
    }
    // Complete lines only; the rest waits for the next chunk.
    let last = buf.length - 1
    while (last >= pos && buf[last] !== NL) last--
    let p = pos
    while (p <= last) {
      const b = buf[p]!
      if (b >= 48 && b <= 57) {
        p = this.fastCostLine(buf, p)
        continue
      }
      if (b === NL) {
        this.lineNo++
        p++
        continue
      }
      const next = b === 102 || b === 99 ? this.fastRefLine(buf, p) : -1
      if (next !== -1) {
        p = next
        continue
      }
      let e = p
      while (buf[e] !== NL) e++
      this.line(buf, p, e)
      p = e + 1
    }
    if (last + 1 < buf.length) this.carry = buf.slice(last + 1)
  }

  end(): ProfileModel {
    let truncated: ProfileIssue | undefined
    if (this.carry) {
      const last = this.carry
      this.carry = null
      try {
        this.line(last, 0, last.length)
      } catch (err) {
        // A last line cut in the middle is truncation, not corruption.
        if (!(err instanceof ProfileFormatError)) throw err
        truncated = { line: err.line, message: 'the file ends in the middle of a line' }
      }
    }
    if (this.inCall) truncated ??= { line: this.lineNo, message: 'the file ends after calls=' }
    if (this.ev === 0) this.fail('no events: line (not a callgrind profile)')
    if (this.sawBlockSinceRun) this.endRun()
    if (this.runs === 0) this.runs = 1
    const totals = this.totalsSum ?? this.summarySum
    if (!totals && this.fnName.length > 0) {
      truncated ??= {
        line: this.lineNo,
        message: 'no summary: or totals: line (the file may be cut)',
      }
    }

    const functions: ProfileFunction[] = this.fnName.map((name, i) => ({
      name,
      file: this.fnFile[i]!,
      line: this.fnLine[i]!,
      calls: this.fnCalls[i]!,
      self: Array.from(this.fnSelf.subarray(i * this.ev, i * this.ev + this.ev)),
      inclusive: new Array<number>(this.ev).fill(0),
    }))
    const edges: ProfileEdge[] = this.edgeCaller.map((caller, i) => ({
      caller,
      callee: this.edgeCallee[i]!,
      calls: this.edgeCalls[i]!,
      cost: Array.from(this.edgeCost.subarray(i * this.ev, i * this.ev + this.ev)),
      line: this.edgeLine[i]!,
    }))

    let tree: ProfileTreeNode | null = null
    if (this.treeOk && this.pool) {
      tree = exportTree(this.pool, this.root, functions)
    } else {
      fallbackInclusive(functions, edges)
    }
    let sumSelf: number[] | null = null
    if (!totals) {
      sumSelf = new Array<number>(this.ev).fill(0)
      for (const f of functions) for (let e = 0; e < this.ev; e++) sumSelf[e]! += f.self[e]!
    }
    return {
      ...(this.version !== undefined ? { version: this.version } : {}),
      ...(this.creator !== undefined ? { creator: this.creator } : {}),
      ...(this.cmd !== undefined ? { cmd: this.cmd } : {}),
      events: this.events,
      totals: totals ?? sumSelf!,
      functions,
      edges,
      tree,
      ...(this.treeIssue ? { treeIssue: this.treeIssue } : {}),
      runs: this.runs,
      lines: this.lineNo,
      bytes: this.bytes,
      ...(truncated ? { truncated } : {}),
    }
  }
}
