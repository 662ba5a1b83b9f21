import { describe, expect, it } from 'vitest'
import {
  displayZone,
  formatInstant,
  serverLocalToEpoch,
  serverZoneName,
  wallToEpoch,
  zoneOffsetAt,
} from './clock'
import type { ServerClock } from '../../shared/servers'

const paris: ServerClock = { zone: 'Europe/Paris', offsetMin: 60, source: 'server' }
const fixed: ServerClock = { zone: null, offsetMin: -300, source: 'server' }
const unknown: ServerClock = { zone: null, offsetMin: 0, source: 'unknown' }
// 2026-11-28T13:23:15Z: winter in Paris (+01:00); 2026-07-01T12:00:00Z: summer (+02:00).
const winter = Date.parse('2026-11-28T13:23:15Z')
const summer = Date.parse('2026-07-01T12:00:00Z')

describe('the one clock', () => {
  it('writes an instant in the zone picked, always with its zone', () => {
    expect(formatInstant(winter, displayZone('server', paris, 'UTC'))).toBe(
      '2026-11-28 14:23:15 +01:00',
    )
    expect(formatInstant(summer, displayZone('server', paris, 'UTC'))).toBe(
      '2026-07-01 14:00:00 +02:00',
    )
    expect(formatInstant(winter, displayZone('utc', paris, 'UTC'))).toBe('2026-11-28 13:23:15 UTC')
    expect(formatInstant(winter, displayZone('local', paris, 'America/New_York'))).toBe(
      '2026-11-28 08:23:15 -05:00',
    )
    expect(formatInstant(winter, displayZone('server', fixed, 'UTC'), 'minute')).toBe(
      '2026-11-28 08:23 -05:00',
    )
  })

  it('shows UTC, and says so, when the server’s zone is unknown', () => {
    const z = displayZone('server', unknown, 'Europe/Paris')
    expect(formatInstant(winter, z)).toBe('2026-11-28 13:23:15 UTC')
  })

  it('places a zoneless log time with the server’s zone, summer time included', () => {
    expect(serverLocalToEpoch('2026-11-28T14:23:15', paris)).toBe(winter)
    expect(serverLocalToEpoch('2026-07-01 14:00', paris)).toBe(summer)
    expect(serverLocalToEpoch('2026-11-28T08:23:15', fixed)).toBe(winter)
    expect(serverLocalToEpoch('2026-11-28T13:23:15', unknown)).toBe(winter)
    expect(serverLocalToEpoch('28/Nov/2026', paris)).toBeNull()
    // Both sides of the autumn change in Paris (2026-10-25 03:00 +02:00 → 02:00 +01:00).
    expect(serverLocalToEpoch('2026-10-25T01:30:00', paris)).toBe(
      Date.parse('2026-10-24T23:30:00Z'),
    )
    expect(serverLocalToEpoch('2026-10-25T04:30:00', paris)).toBe(
      Date.parse('2026-10-25T03:30:00Z'),
    )
  })

  it('reads a wall time typed in the display zone', () => {
    expect(wallToEpoch('2026-11-28T08:23:15', displayZone('local', null, 'America/New_York'))).toBe(
      winter,
    )
    expect(wallToEpoch('2026-11-28T13:23:15', displayZone('utc', paris, 'UTC'))).toBe(winter)
  })

  it('names the server’s zone with its offset now', () => {
    expect(zoneOffsetAt('Europe/Paris', winter)).toBe(60)
    expect(zoneOffsetAt('Asia/Kolkata', winter)).toBe(330)
    expect(serverZoneName(paris, winter)).toBe('Europe/Paris (UTC+01:00)')
    expect(serverZoneName(fixed, winter)).toBe('UTC-05:00')
  })
})
