// Access log statistics counted from bytes or lines: statuses, tops, minutes, ban suspects.
import type { AccessRecord } from '../../shared/logs'
import { ACCESS_SCANNERS, isAscii, requestPath, type ScannedLine } from './access-scan'
import { ByteCounter } from '../text'
import { bump, isoOrNull, ranked } from '../text'
import {
  AccessFormat,
  AccessStats,
  AccessStatsCounter,
  AccessStatsPartial,
  MAX_LINE,
  clfTime,
  concat,
  createAccessLineReader,
  isPlain,
} from './access-log'

export class AccessStatsImpl implements AccessStatsCounter {
  private readonly given: AccessFormat | null
  private readonly zone: string | undefined
  // Lines the scanner refuses go to the reader (the zone applied there); the scanner needs only
  // the format's name.
  private readonly read: (text: string) => AccessRecord | null
  private lines: number
  private parsed: number
  private first: number | null
  private last: number | null
  private readonly status: Record<string, number>
  private readonly paths: Map<string, number>
  private readonly ips: Map<string, number>
  // The byte path's counts: by status code, and keys counted on their bytes.
  private readonly byCode: Float64Array<ArrayBuffer>
  private readonly pathBytes: ByteCounter
  private readonly ipBytes: ByteCounter
  private readonly scan: import('./access-scan').AccessScanner | undefined
  private readonly out: ScannedLine
  // The last seconds read, by their bytes (without milliseconds) and zone: lines of the same
  // second are not parsed again, even when two header styles alternate.
  private readonly timeKeys: Uint8Array[]
  private readonly timeValues: (number | null)[]
  private nextSlot: number
  private readonly lastRaw: Uint8Array<ArrayBuffer>
  private lastRawLength: number
  private lastRawValue: number | null
  private carry: Uint8Array | null
  private readonly decoder: TextDecoder

  private readonly time = (ms: number | null): void => {
    if (ms === null) return
    if (this.first === null || ms < this.first) this.first = ms
    if (this.last === null || ms > this.last) this.last = ms
  }

  readonly #line = (text: string): void => {
    if (text.length === 0) return
    this.lines++
    const r = this.read(text)
    if (!r) return
    this.parsed++
    this.time(r.time)
    this.status[r.status] = (this.status[r.status] ?? 0) + 1
    bump(this.paths, r.path.split('?')[0] ?? r.path)
    bump(this.ips, r.ip)
  }

  /**
   * The time of a scanned line, parsed only when its second differs from the last line's (the
   * milliseconds HAProxy adds are added to it: `.123` is clfTime's only optional part).
   */
  private readonly scannedTime = (b: Uint8Array): number | null => {
    const { time0, time1, zone0, zone1 } = this.out
    // Most lines have the previous line's very bytes (same second, no milliseconds, no zone
    // apart): compared from the end, where seconds differ.
    const len = time1 - time0
    if (zone0 === zone1 && len === this.lastRawLength) {
      let i = len - 1
      while (i >= 0 && this.lastRaw[i] === b[time0 + i]) i--
      if (i < 0) return this.lastRawValue
    }
    const value = this.slottedTime(b)
    if (zone0 === zone1 && len <= this.lastRaw.length) {
      // Kept in place: no allocation per line.
      for (let i = 0; i < len; i++) this.lastRaw[i] = b[time0 + i]!
      this.lastRawLength = len
      this.lastRawValue = value
    }
    return value
  }

  private readonly slottedTime = (b: Uint8Array): number | null => {
    const { time0, time1, zone0, zone1 } = this.out
    let f0 = time0
    while (f0 < time1 && b[f0] !== 0x2e) f0++
    let f1 = f0 + 1
    while (f1 < time1 && b[f1]! >= 0x30 && b[f1]! <= 0x39) f1++
    // Only right after the seconds (`:SS.fff`), before the end or the zone.
    const fraction =
      f0 < time1 &&
      f1 - f0 >= 2 &&
      f1 - f0 <= 4 &&
      b[f0 - 3] === 0x3a &&
      (f1 === time1 || b[f1] === 0x20)
    if (!fraction) f0 = f1 = time1
    let ms = 0
    for (let i = f0 + 1; i < f0 + 4; i++) ms = ms * 10 + (i < f1 ? b[i]! - 0x30 : 0)
    // The key: the time without its milliseconds, `|`, the header's zone; compared in place
    // with the kept ones, the newest first.
    const keyLength = time1 - time0 - (f1 - f0) + (zone1 - zone0) + 1
    for (let n = 0; n < this.timeKeys.length; n++) {
      const slot = (this.nextSlot + this.timeKeys.length - 1 - n) % this.timeKeys.length
      const key = this.timeKeys[slot]!
      if (key.length !== keyLength) continue
      let k = 0
      let same = true
      for (let i = time0; same && i < f0; i++) same = key[k++] === b[i]
      for (let i = f1; same && i < time1; i++) same = key[k++] === b[i]
      if (same) same = key[k++] === 0x7c
      for (let i = zone0; same && i < zone1; i++) same = key[k++] === b[i]
      if (same) {
        const second = this.timeValues[slot]!
        return second === null ? null : second + ms
      }
    }
    const key = new Uint8Array(keyLength)
    let j = 0
    for (let i = time0; i < time1; i++) if (i < f0 || i >= f1) key[j++] = b[i]!
    key[j++] = 0x7c
    for (let i = zone0; i < zone1; i++) key[j++] = b[i]!
    const text = String.fromCharCode(...b.subarray(time0, f0), ...b.subarray(f1, time1))
    const own = String.fromCharCode(...b.subarray(zone0, zone1))
    const second = clfTime(
      text,
      own || (this.given?.name === 'haproxy-http' ? this.zone : undefined),
    )
    this.timeKeys[this.nextSlot] = key
    this.timeValues[this.nextSlot] = second
    this.nextSlot = (this.nextSlot + 1) % this.timeKeys.length
    return second === null ? null : second + ms
  }

  /** One line's bytes [s, e), its end of line excluded; `plain`: no CR or U+2028/9 in it. */
  private readonly lineBytes = (b: Uint8Array, s: number, e: number, plain: boolean): void => {
    if (e > s && b[e - 1] === 0x0d) e--
    if (e === s) return
    if (
      this.scan &&
      e - s <= MAX_LINE &&
      (plain || isPlain(b, s, e)) &&
      this.scan(b, s, e, this.out)
    ) {
      const [p0, p1] = requestPath(b, this.out.req0, this.out.req1)
      if (isAscii(b, p0, p1)) {
        this.lines++
        this.parsed++
        this.time(this.scannedTime(b))
        this.byCode[this.out.status]!++
        this.pathBytes.add(b, p0, p1)
        this.ipBytes.add(b, this.out.ip0, this.out.ip1)
        return
      }
    }
    let text = this.decoder.decode(b.subarray(s, e))
    while (text.length > MAX_LINE) {
      this.#line(text.slice(0, MAX_LINE))
      text = text.slice(MAX_LINE)
    }
    this.#line(text)
  }

  readonly #partial = (): AccessStatsPartial => {
    const codes: Record<string, number> = { ...this.status }
    this.byCode.forEach((n, code) => {
      if (n > 0) codes[code] = (codes[code] ?? 0) + n
    })
    const merged = (m: Map<string, number>, bytes: ByteCounter): [string, number][] => {
      const all = new Map(m)
      for (const [k, n] of bytes.entries()) bump(all, k, n)
      return [...all]
    }
    return {
      lines: this.lines,
      parsed: this.parsed,
      first: this.first,
      last: this.last,
      status: codes,
      paths: merged(this.paths, this.pathBytes),
      ips: merged(this.ips, this.ipBytes),
    }
  }

  constructor(given: AccessFormat | null, zone?: string) {
    this.given = given
    this.zone = zone
    this.read = createAccessLineReader(this.given, this.zone)
    this.lines = 0
    this.parsed = 0
    this.first = null
    this.last = null
    this.status = {}
    this.paths = new Map<string, number>()
    this.ips = new Map<string, number>()
    this.byCode = new Float64Array(1000)
    this.pathBytes = new ByteCounter()
    this.ipBytes = new ByteCounter()
    this.scan = this.given ? ACCESS_SCANNERS[this.given.name] : undefined
    this.out = {
      ip0: 0,
      ip1: 0,
      time0: 0,
      time1: 0,
      zone0: 0,
      zone1: 0,
      req0: 0,
      req1: 0,
      status: 0,
    }
    this.timeKeys = [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0)]
    this.timeValues = [null, null, null]
    this.nextSlot = 0
    this.lastRaw = new Uint8Array(64)
    this.lastRawLength = -1
    this.lastRawValue = null
    this.carry = null
    this.decoder = new TextDecoder('utf-8')
  }

  readonly line = this.#line

  bytes(chunk: Uint8Array<ArrayBufferLike>): void {
    const b = chunk
    let i = 0
    if (this.carry) {
      const nl = chunk.indexOf(10)
      if (nl < 0) {
        this.carry = concat(this.carry, chunk)
        return
      }
      const head = concat(this.carry, chunk.subarray(0, nl))
      this.carry = null
      this.lineBytes(head, 0, head.length, false)
      i = nl + 1
    }
    // Most chunks have no CR and no U+2028/2029 lead byte: their lines skip that check.
    const plain = b.indexOf(0x0d, i) < 0 && b.indexOf(0xe2, i) < 0
    for (;;) {
      const nl = b.indexOf(10, i)
      if (nl < 0) break
      this.lineBytes(b, i, nl, plain)
      i = nl + 1
    }
    if (i < b.length) this.carry = b.slice(i)
  }

  end(): void {
    if (this.carry) this.lineBytes(this.carry, 0, this.carry.length, false)
    this.carry = null
  }

  readonly partial = this.#partial

  merge(p: AccessStatsPartial): void {
    this.lines += p.lines
    this.parsed += p.parsed
    this.time(p.first)
    this.time(p.last)
    for (const [code, n] of Object.entries(p.status))
      this.status[code] = (this.status[code] ?? 0) + n
    for (const [k, n] of p.paths) bump(this.paths, k, n)
    for (const [k, n] of p.ips) bump(this.ips, k, n)
  }

  result(top: number | undefined = 10): AccessStats {
    const all = this.#partial()
    return {
      format: this.given?.name ?? null,
      lines: this.lines,
      parsed: this.parsed,
      unparsed: this.lines - this.parsed,
      firstTime: isoOrNull(this.first),
      lastTime: isoOrNull(this.last),
      status: all.status,
      topPaths: ranked(all.paths, top),
      topIps: ranked(all.ips, top),
      distinctPaths: all.paths.length,
      distinctIps: all.ips.length,
    }
  }
}
