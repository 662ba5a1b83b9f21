// The merged records of a timeline, kept in main so that a million of them cost tens of
// megabytes (DESIGN: the renderer asks for windows of rows): the fields filters and jumps need in
// typed columns, each record's text and JSON in a file on this computer, read back by page. The
// order by time is a permutation of the records' ids.
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
  JUMPS,
  LEVEL_RANK,
  passesFields,
  passesWords,
  searchText,
  severity,
  type FieldsOf,
} from '../../../core/timeline'

const LEVELS = Object.keys(LEVEL_RANK) as NonNullable<TimelineRecord['level']>[]
const STRIP_BUCKETS = 120
/** Writes to the records' file go by this much. */
const WRITE_CHUNK = 4 << 20

/** A growable typed column. */
class Column<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array> {
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const bigger = this.make(Math.max(1024, this.data.length * 2))
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[i] = v
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

/** The records' texts on disk: per record its lowercased search text, then its JSON. */
class RecordFile {
  private readonly dir = mkdtempSync(join(tmpdir(), 'twb-timeline-'))
  private readonly fd = openSync(join(this.dir, 'records'), 'w+', 0o600)

  constructor() {
    removeAtExit(this.dir)
  }
  private size = 0
  private pending: Buffer[] = []
  private pendingBytes = 0

  /** Appends; returns where the bytes start. */
  append(bytes: Buffer): number {
    const at = this.size + this.pendingBytes
    this.pending.push(bytes)
    this.pendingBytes += bytes.length
    if (this.pendingBytes >= WRITE_CHUNK) this.flush()
    return at
  }

  flush(): void {
    if (this.pendingBytes === 0) return
    const all = Buffer.concat(this.pending, this.pendingBytes)
    for (let done = 0; done < all.length;)
      done += writeSync(this.fd, all, done, all.length - done, this.size + done)
    this.size += all.length
    this.pending = []
    this.pendingBytes = 0
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

export class TimelineStore {
  private n = 0
  private readonly time = new Column(new Float64Array(0), (k) => new Float64Array(k))
  private readonly source = new Column(new Uint16Array(0), (k) => new Uint16Array(k))
  private readonly kind = new Column(new Uint8Array(0), (k) => new Uint8Array(k))
  /** HTTP status + 1 (0: none). */
  private readonly status = new Column(new Uint16Array(0), (k) => new Uint16Array(k))
  /** Level index + 1 (0: none). */
  private readonly level = new Column(new Uint8Array(0), (k) => new Uint8Array(k))
  private readonly at = new Column(new Float64Array(0), (k) => new Float64Array(k))
  private readonly searchLength = new Column(new Uint32Array(0), (k) => new Uint32Array(k))
  private readonly jsonLength = new Column(new Uint32Array(0), (k) => new Uint32Array(k))
  private readonly sources: string[] = []
  private readonly file = new RecordFile()
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
    for (const r of records) {
      const i = this.n++
      let s = this.sources.indexOf(r.source)
      if (s < 0) s = this.sources.push(r.source) - 1
      this.time.set(i, r.time)
      this.source.set(i, s)
      this.kind.set(i, TIMELINE_KINDS.indexOf(r.kind))
      this.status.set(i, r.status === undefined ? 0 : r.status + 1)
      this.level.set(i, r.level ? LEVELS.indexOf(r.level) + 1 : 0)
      const search = Buffer.from(searchText(r))
      const json = Buffer.from(JSON.stringify(r))
      this.at.set(i, this.file.append(Buffer.concat([search, json])))
      this.searchLength.set(i, search.length)
      this.jsonLength.set(i, json.length)
    }
  }

  /** Places the records added since the last seal among the others, by time. */
  seal(): void {
    this.file.flush()
    this.kept.clear()
    if (this.sorted === this.n) return
    const fresh = Uint32Array.from({ length: this.n - this.sorted }, (_, k) => this.sorted + k)
    const t = this.time.data
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
    const at = this.at.data[id]! + this.searchLength.data[id]!
    return JSON.parse(
      this.file.read(at, this.jsonLength.data[id]!).toString('utf8'),
    ) as TimelineRecord
  }

  private fields(id: number): FieldsOf {
    const status = this.status.data[id]!
    const level = this.level.data[id]!
    return {
      time: this.time.data[id]!,
      source: this.sources[this.source.data[id]!]!,
      kind: TIMELINE_KINDS[this.kind.data[id]!]!,
      ...(status ? { status: status - 1 } : {}),
      ...(level ? { level: LEVELS[level - 1]! } : {}),
    }
  }

  /** The ids the filter keeps, in time order (the last few filters remembered). */
  private keptBy(filter: TimelineFilter): Uint32Array {
    const key = JSON.stringify(filter)
    const known = this.kept.get(key)
    if (known) return known
    const hidden = new Set(filter.hidden)
    const words = filterWords(filter)
    const out = new Uint32Array(this.n)
    let n = 0
    for (const id of this.order) {
      if (!passesFields(this.fields(id), filter, hidden)) continue
      if (words.text || words.table) {
        const search = this.file.read(this.at.data[id]!, this.searchLength.data[id]!)
        if (!passesWords(search.toString('utf8'), this.fields(id).kind, words)) continue
      }
      out[n++] = id
    }
    const rows = out.slice(0, n)
    if (this.kept.size >= 4) this.kept.delete(this.kept.keys().next().value!)
    this.kept.set(key, rows)
    return rows
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
    for (let id = 0; id < this.n; id++) {
      const row = bySource[this.source.data[id]!]
      if (!row) continue
      const b = Math.min(
        STRIP_BUCKETS - 1,
        Math.max(0, Math.floor((this.time.data[id]! - from) / step)),
      )
      row.all[b]!++
      const sev = severity(this.fields(id))
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
      if (this.time.data[id]! < since) break
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
    this.file.close()
  }
}
