import { describe, expect, it } from 'vitest'
import { scrolledAway } from './stick'

describe('scrolledAway', () => {
  it('is back at the last line within the slack', () => {
    expect(scrolledAway(900, { top: 990, height: 1400, client: 400 }, 40)).toBe(false)
    expect(scrolledAway(0, { top: 0, height: 300, client: 400 }, 40)).toBe(false)
  })
  it('is away when the user went up', () => {
    expect(scrolledAway(1000, { top: 700, height: 1400, client: 400 }, 40)).toBe(true)
  })
  it('stays as it was when lines arrived under a scroll to the old bottom', () => {
    // The list grew from 1,400 to 40,000 px while the event of the scroll to 1,000 was queued.
    expect(scrolledAway(0, { top: 1000, height: 40_000, client: 400 }, 40)).toBeNull()
    expect(scrolledAway(1000, { top: 1000, height: 40_000, client: 400 }, 40)).toBeNull()
  })
})
