import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { lineAtMoment, lineTime } from './line-time'

const log = (path: string): string[] =>
  readFileSync(new URL(`../../../resources/demo/var/log/${path}`, import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)

describe('the time of any log line', () => {
  it('reads access, HAProxy, error and ISO lines, zone-less ones in the server zone', () => {
    const at = Date.UTC(2026, 10, 28, 13, 22, 35)
    expect(lineTime(log('nginx/access.log')[0]!)).toBe(at)
    expect(lineTime(log('nginx/access_iso.log')[0]!)).toBe(at)
    // HAProxy: the accept date, in its RFC 3339 header's zone.
    expect(lineTime(log('haproxy/haproxy.log')[0]!)).toBe(at + 192)
    // nginx's error log writes local time without a zone: the server's (+01:00) is given.
    expect(lineTime('2026/11/28 14:20:05 [notice] 17437#17437: signal process started', 60)).toBe(
      Date.UTC(2026, 10, 28, 13, 20, 5),
    )
    expect(
      lineTime(
        'Dec  1 09:00:00 lb1 haproxy[9]: ::1:5 [01/Dec/2026:09:00:00.250] fe be/s 0/0/0/0/0 200 1 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
        60,
      ),
    ).toBe(Date.UTC(2026, 11, 1, 8, 0, 0, 250))
    expect(lineTime('#0 /var/www/site/index.php(17): main()')).toBeNull()
    // PHP-FPM: a slow-log dump's header and a pool access log's line (the host's access.format).
    expect(lineTime(log('php/www.slow')[0]!, 60)).toBe(Date.UTC(2026, 10, 28, 13, 20, 11))
    // `- -  28/Nov/2026:14:19:48 +0100 "GET /index.php" 200 …`
    expect(lineTime(log('php/www.access.log')[0]!)).toBe(Date.UTC(2026, 10, 28, 13, 19, 48))
  })

  it('finds the first line at a moment, or says the moment is outside the lines', () => {
    const lines = log('nginx/access_timed.log')
    const i = lineAtMoment(lines, Date.UTC(2026, 10, 28, 13, 23, 0))
    expect(typeof i).toBe('number')
    expect(lineTime(lines[i as number]!)).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 28, 13, 23, 0))
    expect(lineTime(lines[(i as number) - 1]!)).toBeLessThan(Date.UTC(2026, 10, 28, 13, 23, 0))
    expect(lineAtMoment(lines, Date.UTC(2026, 10, 28, 12, 0, 0))).toBe('before')
    expect(lineAtMoment(lines, Date.UTC(2026, 10, 29))).toBe('after')
    expect(lineAtMoment(['no time here'], 0)).toBeNull()
  })
})
