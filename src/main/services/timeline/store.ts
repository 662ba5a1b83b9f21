// The merged records of a timeline, kept in main so that a million of them cost tens of
// megabytes (DESIGN: the renderer asks for windows of rows): the fields filters and jumps need in
// typed columns, each record's text (and what else it has, as JSON) in a file on this computer,
// read back by page. The order by time is a permutation of the records' ids.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type {
  TimelineFilter,
  TimelineJump,
  TimelineRecord,
  TimelineRow,
  TimelineStrips,
} from '../../../shared/timeline'
import { TIMELINE_KINDS } from '../../../shared/timeline'
import {
  filterWords,
  type FilterWords,
  JUMPS,
  LEVEL_RANK,
  passesFields,
  passesWords,
  searchText,
  severityOf,
  type FieldsOf,
} from '../../../core/timeline'

const LEVELS = Object.keys(LEVEL_RANK) as NonNullable<TimelineRecord['level']>[]
const STRIP_BUCKETS = 120
/** Writes to the records' file go by this much. */
const WRITE_CHUNK = 4 << 20
/** A scan for words reads the texts by this much. */
const SCAN_BLOCK = 8 << 20

/** The records' fields, a typed array each (one shape each: stores stay monomorphic and fast). */
class Columns {
  time = new Float64Array(0)
  source = new Uint16Array(0)
  file = new Uint16Array(0)
  kind = new Uint8Array(0)
  /** 1 when the source wrote milliseconds. */
  ms = new Uint8Array(0)
  /** HTTP status + 1 (0: none). */
  status = new Uint16Array(0)
  /** Level index + 1 (0: none). */
  level = new Uint8Array(0)
  /** Where its text is in the file, then what else it has as JSON (table, rows, folded lines…). */
  textAt = new Float64Array(0)
  textLength = new Uint32Array(0)
  extraLength = new Uint32Array(0)

  /** Room for `n` records. */
  ensure(n: number): void {
    if (n <= this.time.length) return
    const size = Math.max(4096, this.time.length * 2, n)
    const grow = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(
      old: T,
      make: (k: number) => T,
    ): T => {
      const bigger = make(size)
      bigger.set(old)
      return bigger
    }
    this.time = grow(this.time, (k) => new Float64Array(k))
    this.source = grow(this.source, (k) => new Uint16Array(k))
    this.file = grow(this.file, (k) => new Uint16Array(k))
    this.kind = grow(this.kind, (k) => new Uint8Array(k))
    this.ms = grow(this.ms, (k) => new Uint8Array(k))
    this.status = grow(this.status, (k) => new Uint16Array(k))
    this.level = grow(this.level, (k) => new Uint8Array(k))
    this.textAt = grow(this.textAt, (k) => new Float64Array(k))
    this.textLength = grow(this.textLength, (k) => new Uint32Array(k))
    this.extraLength = grow(this.extraLength, (k) => new Uint32Array(k))
  }
}

/** The folders of the stores still open: removed when the process ends, whatever happens. */
const OPEN_DIRS = new Set<string>()
let exitHook = false
function removeAtExit(dir: string): void {
  OPEN_DIRS.add(dir)
  if (exitHook) return
  exitHook = true
  process.once('exit', () => {
    for (const d of OPEN_DIRS) rmSync(d, { recursive: true, force: true })
  })
}

/** Texts of the records on disk, appended one after the other, read back by range. */
class RecordFile {
  private readonly dir = mkdtempSync(join(tmpdir(), 'twb-timeline-'))
  private readonly fd = openSync(join(this.dir, 'records'), 'w+', 0o600)
  private size = 0
  /** Bytes not yet written: each text encoded once, straight into this. */
  private readonly chunk = Buffer.allocUnsafe(WRITE_CHUNK)
  private fill = 0

  constructor() {
    removeAtExit(this.dir)
  }

  /** Bytes written so far (the pending ones included). */
  get bytes(): number {
    return this.size + this.fill
  }

  /** Appends a text; returns where its bytes start and how many they are. */
  append(text: string): [at: number, bytes: number] {
    // A UTF-16 unit is at most 3 bytes of UTF-8: room for the worst case, else written first.
    if (this.fill + text.length * 3 > WRITE_CHUNK) this.flush()
    const at = this.size + this.fill
    if (text.length * 3 > WRITE_CHUNK) {
      const big = Buffer.from(text)
      this.write(big)
      return [at, big.length]
    }
    const bytes = this.chunk.write(text, this.fill)
    this.fill += bytes
    return [at, bytes]
  }

  private write(bytes: Buffer): void {
    for (let done = 0; done < bytes.length;)
      done += writeSync(this.fd, bytes, done, bytes.length - done, this.size + done)
    this.size += bytes.length
  }

  flush(): void {
    if (this.fill === 0) return
    this.write(this.chunk.subarray(0, this.fill))
    this.fill = 0
  }

  read(at: number, length: number): Buffer {
    this.flush()
    const out = Buffer.allocUnsafe(length)
    for (let done = 0; done < length;) {
      const n = readSync(this.fd, out, done, length - done, at + done)
      if (n === 0) throw new Error('timeline records file cut short')
      done += n
    }
    return out
  }

  close(): void {
    closeSync(this.fd)
    rmSync(this.dir, { recursive: true, force: true })
    OPEN_DIRS.delete(this.dir)
  }
}

/** The place of a text in a table of the few distinct ones (sources, files), added if new. */
function indexIn(table: string[], text: string): number {
  const i = table.indexOf(text)
  return i >= 0 ? i : table.push(text) - 1
}

/** What a record has besides the columns and its text (binlog, slow log, folded lines), or null. */
function extraOf(r: TimelineRecord): Partial<TimelineRecord> | null {
  if (
    r.more === undefined &&
    r.table === undefined &&
    r.type === undefined &&
    r.pos === undefined &&
    r.pid === undefined
  )
    return null
  return {
    ...(r.more !== undefined ? { more: r.more } : {}),
    ...(r.table !== undefined ? { table: r.table } : {}),
    ...(r.type !== undefined ? { type: r.type } : {}),
    ...(r.pos !== undefined ? { pos: r.pos } : {}),
    ...(r.pid !== undefined ? { pid: r.pid } : {}),
  }
}

/** A filter that keeps every record. */
function keepsAll(f: TimelineFilter): boolean {
  return (
    !f.problems &&
    f.status === null &&
    f.level === null &&
    !f.text.trim() &&
    !f.table.trim() &&
    f.hidden.length === 0 &&
    f.narrow === null
  )
}

export class TimelineStore {
  private n = 0
  private readonly c = new Columns()
  private readonly textFile = new RecordFile()
  private readonly sources: string[] = []
  private readonly files: string[] = []
  /** Ids in time order (stable: equal times keep the order they were added in). */
  private order = new Uint32Array(0)
  private sorted = 0
  /** The last filters' kept places, by the filter's JSON. */
  private readonly kept = new Map<string, Uint32Array>()

  constructor(readonly id: string) {}

  get total(): number {
    return this.n
  }

  /** Adds records (any order); `seal` places them. */
  add(records: readonly TimelineRecord[]): void {
    const c = this.c
    c.ensure(this.n + records.length)
    for (const r of records) {
      const i = this.n++
      c.time[i] = r.time
      c.ms[i] = r.ms ? 1 : 0
      c.source[i] = indexIn(this.sources, r.source)
      c.file[i] = indexIn(this.files, r.file)
      c.kind[i] = TIMELINE_KINDS.indexOf(r.kind)
      c.status[i] = r.status === undefined ? 0 : r.status + 1
      c.level[i] = r.level ? LEVELS.indexOf(r.level) + 1 : 0
      const [textAt, textBytes] = this.textFile.append(r.text)
      c.textAt[i] = textAt
      c.textLength[i] = textBytes
      // Most records (access lines) have nothing else: no JSON written for them.
      const extra = extraOf(r)
      const more = extra ? this.textFile.append(JSON.stringify(extra))[1] : 0
      c.extraLength[i] = more
    }
  }

  /** Places the records added since the last seal among the others, by time. */
  seal(): void {
    this.textFile.flush()
    this.kept.clear()
    if (this.sorted === this.n) return
    const fresh = new Uint32Array(this.n - this.sorted)
    for (let k = 0; k < fresh.length; k++) fresh[k] = this.sorted + k
    const t = this.c.time
    fresh.sort((a, b) => t[a]! - t[b]! || a - b)
    // Merged with the ordered ones (new records are mostly the latest).
    const old = this.order
    const out = new Uint32Array(this.n)
    let i = 0
    let j = 0
    for (let k = 0; k < out.length; k++) {
      const takeOld = j >= fresh.length || (i < old.length && t[old[i]!]! <= t[fresh[j]!]!)
      out[k] = takeOld ? old[i++]! : fresh[j++]!
    }
    this.order = out
    this.sorted = this.n
  }

  record(id: number): TimelineRecord {
    const c = this.c
    const bytes = this.textFile.read(c.textAt[id]!, c.textLength[id]! + c.extraLength[id]!)
    const status = c.status[id]!
    const level = c.level[id]!
    return {
      time: c.time[id]!,
      ms: c.ms[id] === 1,
      source: this.sources[c.source[id]!]!,
      file: this.files[c.file[id]!]!,
      kind: TIMELINE_KINDS[c.kind[id]!]!,
      ...(status ? { status: status - 1 } : {}),
      ...(level ? { level: LEVELS[level - 1]! } : {}),
      text: bytes.toString('utf8', 0, c.textLength[id]!),
      ...(c.extraLength[id]
        ? (JSON.parse(bytes.toString('utf8', c.textLength[id]!)) as Partial<TimelineRecord>)
        : {}),
    }
  }

  private fields(id: number): FieldsOf {
    const c = this.c
    const status = c.status[id]!
    const level = c.level[id]!
    return {
      time: c.time[id]!,
      source: this.sources[c.source[id]!]!,
      kind: TIMELINE_KINDS[c.kind[id]!]!,
      ...(status ? { status: status - 1 } : {}),
      ...(level ? { level: LEVELS[level - 1]! } : {}),
    }
  }

  /** The ids the filter keeps, in time order (the last few filters remembered). */
  private keptBy(filter: TimelineFilter): Uint32Array {
    if (keepsAll(filter)) return this.order
    const key = JSON.stringify(filter)
    const known = this.kept.get(key)
    if (known) return known
    const hidden = new Set(filter.hidden)
    const words = filterWords(filter)
    const byWords = words.text || words.table ? this.wordsPass(words) : null
    const out = new Uint32Array(this.n)
    let n = 0
    for (const id of this.order) {
      if (byWords && !byWords[id]) continue
      if (!passesFields(this.fields(id), filter, hidden)) continue
      out[n++] = id
    }
    const rows = out.slice(0, n)
    if (this.kept.size >= 4) this.kept.delete(this.kept.keys().next().value!)
    this.kept.set(key, rows)
    return rows
  }

  /**
   * Which records a filter's words keep (1 by id): the texts read in the order they were written,
   * a few megabytes at a time — not one read per record.
   */
  private wordsPass(words: FilterWords): Uint8Array {
    const c = this.c
    const pass = new Uint8Array(this.n)
    let block: Buffer = Buffer.alloc(0)
    let blockAt = 0
    const binlog = TIMELINE_KINDS.indexOf('binlog')
    for (let id = 0; id < this.n; id++) {
      const at = c.textAt[id]!
      const length = c.textLength[id]!
      const extra = c.extraLength[id]!
      if (at < blockAt || at + length + extra > blockAt + block.length) {
        blockAt = at
        const want = Math.min(SCAN_BLOCK, this.textFile.bytes - at)
        block = this.textFile.read(at, Math.max(length + extra, want))
      }
      const from = at - blockAt
      const text = block.toString('utf8', from, from + length)
      // The table is a binlog record's only (in its extras).
      const table =
        c.kind[id] === binlog && extra
          ? ((
              JSON.parse(block.toString('utf8', from + length, from + length + extra)) as {
                table?: string
              }
            ).table ?? '')
          : ''
      if (passesWords(searchText({ text, table }), TIMELINE_KINDS[c.kind[id]!]!, words))
        pass[id] = 1
    }
    return pass
  }

  rows(
    filter: TimelineFilter,
    start: number,
    count: number,
  ): { total: number; rows: TimelineRow[] } {
    const kept = this.keptBy(filter)
    const rows: TimelineRow[] = []
    for (let k = Math.max(0, start); k < Math.min(kept.length, start + count); k++) {
      const id = kept[k]!
      rows.push({ id, ...this.record(id) })
    }
    return { total: kept.length, rows }
  }

  /** How many records the filter keeps whose fields `also` accepts (a fleet's counts). */
  count(filter: TimelineFilter, also: (f: FieldsOf) => boolean = () => true): number {
    let n = 0
    for (const id of this.keptBy(filter)) if (also(this.fields(id))) n++
    return n
  }

  /** The records the filter keeps whose fields `also` accepts, read back (keep them few). */
  recordsWhere(filter: TimelineFilter, also: (f: FieldsOf) => boolean): TimelineRecord[] {
    const out: TimelineRecord[] = []
    for (const id of this.keptBy(filter)) if (also(this.fields(id))) out.push(this.record(id))
    return out
  }

  /** The place, among those the filter keeps, of the next record `to` stops at after `from`. */
  jump(filter: TimelineFilter, from: number, to: TimelineJump, backwards: boolean): number {
    const kept = this.keptBy(filter)
    const wanted = JUMPS[to]
    const step = backwards ? -1 : 1
    for (let k = from + step; k >= 0 && k < kept.length; k += step)
      if (wanted(this.fields(kept[k]!))) return k
    return -1
  }

  /** Every record counted per source and slice of [from, to]. */
  strips(paths: readonly string[], from: number, to: number): TimelineStrips {
    const step = Math.max(1, to - from) / STRIP_BUCKETS
    const zeros = (): number[] => new Array<number>(STRIP_BUCKETS).fill(0)
    const rows = paths.map((source) => ({ source, all: zeros(), bad: zeros(), warn: zeros() }))
    const bySource = this.sources.map((s) => rows.find((r) => r.source === s))
    const c = this.c
    for (let id = 0; id < this.n; id++) {
      const row = bySource[this.c.source[id]!]
      if (!row) continue
      const b = Math.min(
        STRIP_BUCKETS - 1,
        Math.max(0, Math.floor((this.c.time[id]! - from) / step)),
      )
      row.all[b]!++
      const level = c.level[id]!
      const status = c.status[id]!
      const sev = severityOf(
        TIMELINE_KINDS[c.kind[id]!]!,
        level ? LEVELS[level - 1] : undefined,
        status ? status - 1 : undefined,
      )
      if (sev === 'bad') row.bad[b]!++
      else if (sev === 'warn') row.warn[b]!++
    }
    return { buckets: STRIP_BUCKETS, rows }
  }

  /**
   * A followed read's records joined in their places: from `since` on, each already there
   * (same source, time and text) is counted, not added twice — the same line may rightly be
   * there twice: counts, not a set. Returns how many were added.
   */
  follow(fresh: readonly TimelineRecord[], since: number): number {
    const key = (r: Pick<TimelineRecord, 'source' | 'time' | 'text'>): string =>
      `${r.source}\u0000${r.time}\u0000${r.text}`
    const seen = new Map<string, number>()
    for (let k = this.order.length - 1; k >= 0; k--) {
      const id = this.order[k]!
      if (this.c.time[id]! < since) break
      const k2 = key(this.record(id))
      seen.set(k2, (seen.get(k2) ?? 0) + 1)
    }
    const added: TimelineRecord[] = []
    for (const r of fresh) {
      const k = key(r)
      const n = seen.get(k) ?? 0
      if (r.time >= since && n > 0) seen.set(k, n - 1)
      else added.push(r)
    }
    this.add(added)
    this.seal()
    return added.length
  }

  close(): void {
    this.textFile.close()
  }
}
