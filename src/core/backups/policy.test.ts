import { describe, expect, it } from 'vitest'
import type { BackupContract, RestorePoint } from '../../shared/backups'
import { zoneOffsetAt } from '../text'
import { databasePoints, filePoints, newestBefore, serverInstant } from './policy'

const utc = (): number => 0
const paris = (ms: number): number => zoneOffsetAt('Europe/Paris', ms)
const iso = (p: RestorePoint): string => new Date(p.at).toISOString().slice(0, 16)
const C = (days: 2 | 4 | 10, ha = false, hour = '02:00'): BackupContract => ({ days, ha, hour })

describe('the host’s backup policy', () => {
  const now = Date.parse('2026-12-03T10:00:00Z')

  it('keeps the last 2 daily file backups and the first day of the previous month', () => {
    const points = filePoints(C(2), now, utc)
    expect(points.map((p) => [iso(p), p.kind])).toEqual([
      ['2026-12-03T02:00', 'daily'],
      ['2026-12-02T02:00', 'daily'],
      ['2026-11-01T02:00', 'monthly'],
    ])
    // Each daily kept 2 days; the month's first until its month stops being the previous one.
    expect(new Date(points[1]!.keptUntil).toISOString()).toBe('2026-12-04T02:00:00.000Z')
    expect(new Date(points[2]!.keptUntil).toISOString()).toBe('2027-01-01T00:00:00.000Z')
  })

  it('keeps 4 and 10 days, and the first days of the two previous months', () => {
    expect(filePoints(C(4), now, utc).map(iso)).toEqual([
      '2026-12-03T02:00',
      '2026-12-02T02:00',
      '2026-12-01T02:00',
      '2026-11-30T02:00',
      '2026-11-01T02:00',
      '2026-10-01T02:00',
    ])
    const ten = filePoints(C(10), now, utc)
    expect(ten.filter((p) => p.kind === 'daily')).toHaveLength(10)
    expect(ten.at(-1)!.at).toBe(Date.parse('2026-10-01T02:00Z'))
    // The 1st of this month is a daily one, not counted twice.
    expect(ten.filter((p) => p.at === Date.parse('2026-12-01T02:00Z'))).toHaveLength(1)
  })

  it('counts the day’s backup only once it is taken, and crosses months and years', () => {
    const early = Date.parse('2027-01-01T01:00:00Z') // before the day's 02:00
    expect(filePoints(C(2), early, utc).map(iso)).toEqual([
      '2026-12-31T02:00',
      '2026-12-30T02:00',
      '2026-12-01T02:00',
    ])
    expect(filePoints(C(4), Date.parse('2026-03-01T03:00Z'), utc).map(iso)).toEqual([
      '2026-03-01T02:00',
      '2026-02-28T02:00',
      '2026-02-27T02:00',
      '2026-02-26T02:00',
      '2026-02-01T02:00',
      '2026-01-01T02:00',
    ])
  })

  it('keeps the database 60 days, and every half hour for 24 hours on HA', () => {
    const db = databasePoints(C(2), now, utc)
    expect(db).toHaveLength(60)
    expect(iso(db.at(-1)!)).toBe('2026-10-05T02:00')
    const ha = databasePoints(C(2, true), now, utc)
    const halves = ha.filter((p) => p.kind === 'half-hourly')
    expect(halves).toHaveLength(47) // 48 half hours, 02:00 being the daily one
    expect(iso(halves[0]!)).toBe('2026-12-03T10:00')
    expect(iso(halves.at(-1)!)).toBe('2026-12-02T10:30')
    expect(halves[0]!.keptUntil - halves[0]!.at).toBe(86_400_000)
    // 02:00 is a daily one already: not twice.
    expect(ha.filter((p) => iso(p) === '2026-12-03T02:00')).toHaveLength(1)
  })

  it('keeps only the newest hourly file backup on HA, taken at :15', () => {
    const at = Date.parse('2026-12-03T10:10:00Z')
    const hourly = filePoints(C(2, true), at, utc).filter((p) => p.kind === 'hourly')
    expect(hourly.map(iso)).toEqual(['2026-12-03T09:15'])
    const later = filePoints(C(2, true), Date.parse('2026-12-03T10:20:00Z'), utc)
    expect(later.filter((p) => p.kind === 'hourly').map(iso)).toEqual(['2026-12-03T10:15'])
  })

  it('takes the hour on the server’s clock, across DST changes', () => {
    // Paris: 02:30 does not exist on 2026-03-29 (02:00 → 03:00); it is taken just after the gap.
    const spring = filePoints(C(2, false, '02:30'), Date.parse('2026-03-30T12:00Z'), paris)
    expect(spring.map(iso).slice(0, 2)).toEqual(['2026-03-30T00:30', '2026-03-29T01:30'])
    // 2026-10-25: 02:30 happens twice; before that day +02:00, after it +01:00.
    const autumn = filePoints(C(2, false, '02:30'), Date.parse('2026-10-26T12:00Z'), paris)
    expect(autumn.map(iso).slice(0, 2)).toEqual(['2026-10-26T01:30', '2026-10-25T00:30'])
    expect(serverInstant(2026, 6, 1, 2, 0, paris)).toBe(Date.parse('2026-07-01T00:00Z'))
  })

  it('finds the newest backup at or before a moment, or none that old', () => {
    const points = filePoints(C(2), now, utc)
    expect(iso(newestBefore(points, Date.parse('2026-12-02T15:00Z'))!)).toBe('2026-12-02T02:00')
    expect(iso(newestBefore(points, Date.parse('2026-12-02T02:00Z'))!)).toBe('2026-12-02T02:00')
    // Between the month's first and the dailies: the month's first.
    expect(iso(newestBefore(points, Date.parse('2026-11-20T00:00Z'))!)).toBe('2026-11-01T02:00')
    expect(newestBefore(points, Date.parse('2026-10-20T00:00Z'))).toBeNull()
  })

  it('refuses an hour that is not one', () => {
    expect(() => filePoints(C(2, false, '25:00'), now, utc)).toThrow(/not a time/)
  })
})
