import { describe, expect, it } from 'vitest'
import { TransferEstimator, clockDuration } from './transfer-estimate'

describe('time left of a copy', () => {
  it('is the bytes left at the rate of the last seconds', () => {
    const e = new TransferEstimator(5000)
    const MB = 1 << 20
    // 100 MB in all; 1.5 MB/s.
    expect(e.update(0, 0, 0).etaSec).toBeNull()
    let last = e.update(1.5 * MB, 1.5, 1000)
    for (let s = 2; s <= 35; s++) last = e.update(1.5 * MB * s, 1.5 * s, s * 1000)
    // 52.5 MB done, 47.5 MB left at 1.5 MB/s: about 32 s (rsync said 0:00:05).
    expect(last.rate).toBeCloseTo(1.5 * MB, -3)
    expect(last.etaSec).toBe(32)
    expect(clockDuration(last.etaSec!)).toBe('0:00:32')
    // Slower now: the window follows.
    for (let s = 36; s <= 45; s++)
      last = e.update(52.5 * MB + 0.5 * MB * (s - 35), 52.5 + 0.5 * (s - 35), s * 1000)
    expect(last.etaSec).toBeGreaterThan(80)
  })

  it('writes durations as rsync does', () => {
    expect(clockDuration(0)).toBe('0:00:00')
    expect(clockDuration(3725)).toBe('1:02:05')
  })
})
