import { readFileSync, readdirSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  ACCESS_FORMATS,
  clfTime,
  createAccessStats,
  detectAccessFormat,
  clfMinutePrefixes,
  clfOffsetMinutes,
} from './access-log'

const LOGS = new URL('../../resources/demo/var/log/', import.meta.url)

/** Every rotation of a log, oldest first, decompressed. */
function allOf(dir: string, base: string): string[] {
  const names = readdirSync(new URL(dir, LOGS)).filter(
    (n) => n === base || n.startsWith(`${base}.`),
  )
  return names.flatMap((n) => {
    const bytes = readFileSync(new URL(`${dir}${n}`, LOGS))
    return (n.endsWith('.gz') ? gunzipSync(bytes) : bytes)
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
  })
}

function stats(lines: string[]): ReturnType<ReturnType<typeof createAccessStats>['result']> {
  const s = createAccessStats(detectAccessFormat(lines.slice(0, 50)))
  for (const l of lines) s.line(l)
  return s.result()
}

describe('access log formats', () => {
  for (const f of ACCESS_FORMATS) {
    it(`${f.name} reads its own sample lines`, () => {
      for (const sample of f.samples) {
        const m = f.pattern.exec(sample)
        expect(m, sample).not.toBeNull()
        const r = f.read(m!)
        expect(r.status).toBeGreaterThanOrEqual(100)
        expect(r.time).not.toBeNull()
      }
    })
  }

  it('counts the statuses of the real HAProxy logs exactly (every rotation, no line lost)', () => {
    const r = stats(allOf('haproxy/', 'haproxy.log'))
    expect(r.format).toBe('haproxy-http')
    expect(r.unparsed).toBe(0)
    expect(r.status).toEqual({
      200: 144,
      301: 6,
      302: 12,
      400: 3,
      403: 7,
      404: 13,
      405: 1,
      408: 2,
      429: 3,
      500: 2,
      504: 1,
    })
  })

  it('counts the statuses of the real nginx logs exactly, plain and with appended timings', () => {
    const expected = {
      200: 143,
      301: 3,
      302: 12,
      400: 1,
      403: 4,
      404: 13,
      405: 1,
      429: 3,
      499: 1,
      500: 2,
    }
    const plain = stats(allOf('nginx/', 'access.log'))
    expect([plain.format, plain.unparsed, plain.status]).toEqual(['combined', 0, expected])
    const timed = stats(allOf('nginx/', 'access_timed.log'))
    expect([timed.format, timed.unparsed, timed.status]).toEqual(['combined', 0, expected])
    expect(plain.topIps).toEqual([['127.0.0.1', 183]])
  })

  it('reads Apache vhost_combined with %D, and times with their zone', () => {
    const r = stats(allOf('apache2/', 'other_vhosts_access.log'))
    expect(r.format).toBe('apache-vhost-combined')
    expect(r.unparsed).toBe(0)
    expect(clfTime('28/Nov/2026:14:20:40 +0100')).toBe(Date.UTC(2026, 10, 28, 13, 20, 40))
    expect(clfTime('28/Nov/2026:14:20:30.798', '+01:00')).toBe(
      Date.UTC(2026, 10, 28, 13, 20, 30, 798),
    )
    expect(clfTime('31/Foo/2026:14:20:40 +0100')).toBeNull()
  })

  it('keeps count of lines no format reads', () => {
    const r = stats([
      '127.0.0.1 - - [28/Nov/2026:14:22:35 +0100] "GET / HTTP/1.1" 200 1',
      'garbage',
      '',
    ])
    expect([r.lines, r.parsed, r.unparsed]).toEqual([2, 1, 1])
  })
})

describe('CLF minutes for a time window', () => {
  it('reads the zone of a line and gives the minutes a window covers in that zone', () => {
    expect(
      clfOffsetMinutes('1.2.3.4 - - [28/Nov/2026:14:22:07 +0100] "GET / HTTP/1.1" 200 1'),
    ).toBe(60)
    expect(clfOffsetMinutes('x [01/Jan/2026:00:00:00 -0430] y')).toBe(-270)
    expect(
      clfOffsetMinutes('Nov 28 14:22:07 haproxy[1]: 1.2.3.4:5 [28/Nov/2026:14:22:07.446] fe'),
    ).toBeNull()
    const at = Date.UTC(2026, 10, 28, 13, 22, 7)
    expect(clfMinutePrefixes(at - 10_000, at + 10_000, 60)).toEqual([
      '28/Nov/2026:14:21:',
      '28/Nov/2026:14:22:',
    ])
    // Across midnight and a month end, in a zone behind UTC.
    const newYear = Date.UTC(2027, 0, 1, 0, 0, 30)
    expect(clfMinutePrefixes(newYear - 60_000, newYear, -60)).toEqual([
      '31/Dec/2026:22:59:',
      '31/Dec/2026:23:00:',
    ])
  })
})
