import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BURST_PER_10S, bucketFor, exploreAccess } from './access-explore'
import { ACCESS_FORMATS, detectAccessFormat } from './access-log'

const LOGS = new URL('../../../resources/demo/var/log/', import.meta.url)
const lines = (path: string): string[] =>
  readFileSync(new URL(path, LOGS), 'utf8').split('\n').filter(Boolean)

describe('access log explorer', () => {
  it('reads the real HAProxy log: every request, histogram totals, timers and the 408', () => {
    const text = lines('haproxy/haproxy.log')
    const x = exploreAccess(text, detectAccessFormat(text))
    expect(x.format).toBe('haproxy-http')
    expect(x.parsed).toBe(text.length)
    expect(x.unparsed).toBe(0)
    const total = x.histogram.buckets.reduce((s, b) => s + b.c2 + b.c3 + b.c4 + b.c5 + b.other, 0)
    expect(total).toBe(text.length)
    expect(x.histogram.bucketMs).toBe(60_000)
    expect(x.histogram.buckets.reduce((s, b) => s + b.c4, 0)).toBe(
      text.filter((l) => / 4\d\d \d+ /.test(l)).length,
    )
    // The slowest first, by HAProxy's Ta: the 408 that waited 5 s for its request.
    expect(x.slowest[0]).toMatchObject({ status: 408, durationMs: 5000, termination: 'cR--' })
    expect(
      x.slowest.every((r, i) => i === 0 || r.durationMs! <= x.slowest[i - 1]!.durationMs!),
    ).toBe(true)
    // One 408 is a refusal, not yet a ban.
    expect(x.bans.find((b) => b.s408 > 0)).toMatchObject({ s408: 1, likelyBanned: false })
  })

  it('keeps the newest rows up to the limit, counting them all, and flags bursts as bans', () => {
    const combined = ACCESS_FORMATS.find((f) => f.name === 'combined')!
    const burst = Array.from(
      { length: BURST_PER_10S + 5 },
      (_, i) =>
        `203.0.113.9 - - [28/Nov/2026:14:00:0${i % 10} +0000] "GET /p?${i} HTTP/1.1" ${i < 6 ? 429 : 200} 10 "-" "bot"`,
    )
    const x = exploreAccess([...lines('nginx/access.log'), ...burst, 'not a request'], combined, {
      maxRows: 30,
    })
    expect(x.rows).toHaveLength(30)
    expect(x.rows.at(-1)!.ip).toBe('203.0.113.9')
    // Exactly the newest 30, in order, whatever the count (dropped in halves, not one by one).
    const all = exploreAccess([...lines('nginx/access.log'), ...burst], combined)
    expect(x.rows.map((r) => r.line)).toEqual(all.rows.slice(-30).map((r) => r.line))
    for (const n of [29, 30, 31, 59, 60, 61, 90]) {
      const some = exploreAccess(burst.slice(0, n), combined, { maxRows: 30 })
      expect(some.rows.map((r) => r.line)).toEqual(burst.slice(0, n).slice(-30))
    }
    expect(x.parsed).toBe(lines('nginx/access.log').length + burst.length)
    expect(x.unparsed).toBe(1)
    expect(x.bans[0]).toMatchObject({
      ip: '203.0.113.9',
      maxPer10s: BURST_PER_10S + 5,
      s429: 6,
      likelyBanned: true,
    })
    expect(x.topIps[0]).toEqual(['203.0.113.9', BURST_PER_10S + 5])
    // The User-Agent of the combined format: the bot first, then the browsers of the real log.
    expect(x.topAgents[0]).toEqual(['bot', BURST_PER_10S + 5])
    expect(x.topAgents.some(([a]) => a.startsWith('Mozilla/5.0'))).toBe(true)
    // A span of days is shown in hours, not in thousands of minutes.
    expect(bucketFor(3 * 86_400_000)).toBe(3_600_000)
  })
})
