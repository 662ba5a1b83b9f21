import { describe, expect, it } from 'vitest'
import type { CorrelatedRequest, CorrelatedRequests } from '../../shared/binlog'
import { writerVerdict } from './writer-verdict'

const req = (over: Partial<CorrelatedRequest>): CorrelatedRequest => ({
  log: '/var/log/nginx/access.log',
  time: 0,
  offsetSec: 0,
  ip: '203.0.113.7',
  method: 'GET',
  path: '/',
  status: 200,
  line: '',
  ...over,
})
const around = (requests: CorrelatedRequest[], over: Partial<CorrelatedRequests> = {}) => ({
  requests,
  slow: [],
  skipped: [],
  ...over,
})

describe('who wrote a binlog event', () => {
  it('names the one write request of that second, logged twice, with high confidence', () => {
    const post = { method: 'POST', path: '/wp-admin/options.php', status: 302 }
    const v = writerVerdict(
      around([
        req({ ...post, offsetSec: 0, log: '/var/log/haproxy/haproxy.log', durationMs: 180 }),
        req({ ...post, offsetSec: 1 }),
        req({ path: '/category/shoes/', offsetSec: 0 }),
      ]),
      10,
    )
    expect(v).toMatchObject({ kind: 'request', confidence: 'high', others: [] })
    expect(v.request?.log).toBe('/var/log/haproxy/haproxy.log')
    expect(v.evidence[0]).toEqual({
      code: 'write-request',
      method: 'POST',
      path: '/wp-admin/options.php',
      offsetSec: 0,
    })
  })

  it('lowers the confidence when several writes could have, and lists them', () => {
    const v = writerVerdict(
      around([
        req({ method: 'POST', path: '/a.php', offsetSec: -1 }),
        req({ method: 'POST', path: '/b.php', offsetSec: 1, ip: '198.51.100.2' }),
      ]),
      10,
    )
    expect(v.confidence).toBe('low')
    expect(v.others).toHaveLength(1)
    expect(v.evidence).toContainEqual({ code: 'several-writes', n: 2 })
  })

  it('raises it with a slow-log entry of the same script', () => {
    const v = writerVerdict(
      around(
        [req({ method: 'POST', path: '/wp-cron.php?doing=1', offsetSec: -3, durationMs: 4000 })],
        {
          slow: [
            {
              log: '/var/log/php/www.slow',
              time: 0,
              offsetSec: -1,
              pool: 'www',
              pid: 12,
              script: '/var/www/site/wp-cron.php',
              top: 'mysqli_query()',
            },
          ],
        },
      ),
      10,
    )
    expect(v).toMatchObject({ kind: 'request', confidence: 'high' })
    expect(v.slow?.script).toBe('/var/www/site/wp-cron.php')
  })

  it('says a direct connection when no request could have written it', () => {
    expect(writerVerdict(around([req({ method: 'POST', offsetSec: -8 })]), 10)).toMatchObject({
      kind: 'direct',
      confidence: 'medium',
      evidence: [{ code: 'no-request', windowSec: 10 }],
    })
    // Page views then: a direct connection still, but said with less confidence.
    expect(writerVerdict(around([req({ offsetSec: 0 })]), 10)).toMatchObject({
      kind: 'direct',
      confidence: 'low',
      evidence: [{ code: 'only-reads', n: 1 }],
    })
    // Logs that could not be read: said, and the confidence is low.
    expect(
      writerVerdict(around([], { skipped: ['/var/log/apache2/access.log'] }), 10),
    ).toMatchObject({ kind: 'direct', confidence: 'low' })
  })
})
