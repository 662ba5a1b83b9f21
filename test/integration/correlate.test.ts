// Which web request made a binlog change: the demo server's real access and slow logs around
// the two rogue changes of its binlogs (times in UTC, logs in +01:00).
import { afterAll, describe, expect, it } from 'vitest'
import { callSession, createApiSession } from '../../src/main/services/api-session'
import { createServices } from '../../src/main/services/services'
import { APP_ROOT } from '../harness/app'
import { tempDir } from '../harness/process'

const home = tempDir('correlate-home')
const services = createServices({ appRoot: APP_ROOT, dataDir: home.path })
const session = createApiSession(services, 'web', () => undefined)

afterAll(async () => {
  await services.servers.close()
  home.remove()
})

const around = async (utc: string, windowSec = 10) => {
  const r = await callSession(session, 'binlog:correlate', {
    server: 'demo',
    epoch: Date.parse(utc) / 1000,
    windowSec,
  })
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('requests and slow PHP around a binlog event', () => {
  it('lists the requests of that moment from the logs in their own zone, writes first', async () => {
    // The rogue options UPDATE, 13:22:07 UTC = 14:22:07 in the logs.
    const r = await around('2026-11-28T13:22:07Z', 5)
    expect(r.requests[0]).toMatchObject({
      method: 'POST',
      path: '/wp-comments-post.php',
      offsetSec: -3,
    })
    expect(r.requests.every((q) => Math.abs(q.offsetSec) <= 5)).toBe(true)
    const exact = r.requests.filter((q) => q.offsetSec === 0)
    expect(exact.map((q) => q.path)).toEqual(['/category/accessories/']) // two log formats, once
    expect(r.skipped).toEqual([])
  })

  it('adds the slow-log entries of that moment', async () => {
    // The postmeta DELETE at 13:22:26 UTC; tb-slow.php was dumped at 14:22:28 local.
    const r = await around('2026-11-28T13:22:26Z')
    expect(r.slow).toEqual([
      expect.objectContaining({
        offsetSec: 2,
        pool: 'www',
        script: '/tmp/tb/chroot/var/www/site/tb-slow.php',
      }),
    ])
    expect((await around('2026-11-28T13:22:07Z', 5)).slow).toEqual([])
  })
})
