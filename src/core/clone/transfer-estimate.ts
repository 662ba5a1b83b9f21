// Time left of a copy, from rsync's overall progress (bytes done, percent of the whole): the
// rate measured over the last seconds (rsync's own "time left" follows the current file, and
// said 0:00:05 with 48 MB left at 1.5 MB/s).

export interface TransferEstimate {
  /** Bytes per second over the window, null until two samples. */
  rate: number | null
  /** Seconds left, null while it cannot be told (no rate yet, or no percent). */
  etaSec: number | null
}

/** Follows one transfer; `windowMs` of samples make the rate. */
export class TransferEstimator {
  private readonly samples: { at: number; bytes: number }[] = []

  constructor(private readonly windowMs = 5000) {}

  update(bytes: number, percent: number, nowMs: number): TransferEstimate {
    this.samples.push({ at: nowMs, bytes })
    while (this.samples.length > 2 && nowMs - this.samples[0]!.at > this.windowMs)
      this.samples.shift()
    const first = this.samples[0]!
    const seconds = (nowMs - first.at) / 1000
    const rate = seconds > 0 ? (bytes - first.bytes) / seconds : null
    if (rate === null || rate <= 0 || percent <= 0) return { rate, etaSec: null }
    if (percent >= 100) return { rate, etaSec: 0 }
    const total = (bytes * 100) / percent
    return { rate, etaSec: Math.round((total - bytes) / rate) }
  }
}

/** `0:00:32`, as rsync writes durations. */
export function clockDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec))
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`
}
