// Counts occurrences of byte strings (paths, IPs) read straight from a file's bytes: a key is
// hashed and compared in place, and becomes a string only the first time it is met. Open
// addressing with linear probing; memory grows with the distinct keys, not with the lines.

export class ByteCounter {
  private slots = new Int32Array(1 << 12).fill(-1)
  private arena = new Uint8Array(1 << 16)
  private used = 0
  private starts: number[] = []
  private lengths: number[] = []
  private hashes: number[] = []
  private counts: number[] = []

  /** Adds `n` to the count of `bytes[start, end)`. */
  add(bytes: Uint8Array, start: number, end: number, n = 1): void {
    let h = 0x811c9dc5
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
    const mask = this.slots.length - 1
    const len = end - start
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = this.slots[s]!
      if (k < 0) {
        this.insert(s, bytes, start, len, h, n)
        return
      }
      if (this.hashes[k] === h && this.lengths[k] === len && this.same(k, bytes, start, len)) {
        this.counts[k]! += n
        return
      }
    }
  }

  /** The keys and their counts (keys decoded as Latin-1: callers give ASCII). */
  entries(): [string, number][] {
    const out: [string, number][] = []
    for (let k = 0; k < this.counts.length; k++) {
      let key = ''
      const from = this.starts[k]!
      const to = from + this.lengths[k]!
      for (let i = from; i < to; i += 4096)
        key += String.fromCharCode(...this.arena.subarray(i, Math.min(to, i + 4096)))
      out.push([key, this.counts[k]!])
    }
    return out
  }

  get size(): number {
    return this.counts.length
  }

  private same(k: number, bytes: Uint8Array, start: number, len: number): boolean {
    const a = this.arena
    const at = this.starts[k]!
    for (let i = 0; i < len; i++) if (a[at + i] !== bytes[start + i]) return false
    return true
  }

  private insert(
    slot: number,
    bytes: Uint8Array,
    start: number,
    len: number,
    h: number,
    n: number,
  ): void {
    if (this.used + len > this.arena.length) {
      const grown = new Uint8Array(Math.max(this.arena.length * 2, this.used + len))
      grown.set(this.arena.subarray(0, this.used))
      this.arena = grown
    }
    this.arena.set(bytes.subarray(start, start + len), this.used)
    const k = this.counts.length
    this.starts.push(this.used)
    this.lengths.push(len)
    this.hashes.push(h)
    this.counts.push(n)
    this.used += len
    this.slots[slot] = k
    if (this.counts.length * 2 > this.slots.length) this.rehash()
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1)
    const mask = slots.length - 1
    for (let k = 0; k < this.counts.length; k++) {
      let s = this.hashes[k]! & mask
      while (slots[s]! >= 0) s = (s + 1) & mask
      slots[s] = k
    }
    this.slots = slots
  }
}
