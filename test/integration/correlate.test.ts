// Which web request made a binlog change: the demo server's real access and slow logs around
// the two rogue changes of its binlogs (times in UTC, logs in +01:00).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { correlateRequests } from '../../src/main/services/logs/correlate'
import { LocalTarget } from '../../src/main/services/platform/local-target'
import { callSession, createApiSession } from '../../src/main/services/api/session'
import { createServices } from '../../src/main/services/api/services'
import { APP_ROOT } from '../harness/app'
import { tempDir } from '../harness/process'
import { proposeFormat } from '../../src/core/logs/format-proposal'

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
    // The comment POST: HAProxy accepted it 2.4 s before (-2), nginx logged it at -3.
    const posts = r.requests.filter((q) => q.method === 'POST')
    expect(r.requests.slice(0, posts.length)).toEqual(posts)
    expect(posts.map((q) => [q.path, q.offsetSec, q.log.split('/')[3]])).toEqual([
      ['/wp-comments-post.php', -2, 'haproxy'],
      ['/wp-comments-post.php', -3, 'nginx'],
    ])
    expect(r.requests.every((q) => Math.abs(q.offsetSec) <= 5)).toBe(true)
    // The page of that second: nginx's two log formats give it once (0 s); HAProxy in front
    // gives it too, accepted at 14:22:07.867 (+1 s), with its timers and termination state.
    const page = r.requests.filter((q) => q.path === '/category/accessories/')
    expect(page.map((q) => [q.offsetSec, q.log.split('/')[3]])).toEqual([
      [0, 'nginx'],
      [1, 'haproxy'],
    ])
    expect(page[1]).toMatchObject({
      method: 'GET',
      status: 200,
      termination: '----',
      durationMs: 34,
    })
    // The demo's ISO-time log is read by no built-in format: said, not dropped silently.
    expect(r.skipped).toEqual(['/var/log/nginx/access_iso.log'])
  })

  it('reads a log in a format the user saved, its ISO times placed in their zone', async () => {
    const line = readFileSync(
      join(APP_ROOT, 'resources/demo/var/log/nginx/access_iso.log'),
      'utf8',
    ).split('\n')[0]!
    const p = proposeFormat(line)
    const saved = await callSession(session, 'settings:set', {
      logFormats: [{ name: 'nginx-iso', pattern: p.pattern, fields: p.fields }],
    })
    expect(saved.ok).toBe(true)
    // Its first request, 14:22:35+01:00: the same as nginx's other log gives, listed once.
    const r = await around('2026-11-28T13:22:35Z', 1)
    expect(r.skipped).toEqual([])
    const shipping = r.requests.filter((q) => q.path === '/shipping/')
    expect(shipping.map((q) => [q.log, q.offsetSec, q.status, q.durationMs])).toEqual([
      ['/var/log/nginx/access_iso.log', 0, 200, 23],
      ['/var/log/haproxy/haproxy.log', 0, 200, 23],
    ])
    await callSession(session, 'settings:set', { logFormats: [] })
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

describe('HAProxy lines without a zone', () => {
  it('places them with the zone the web server logs show (RFC 3164 syslog header)', async () => {
    const root = tempDir('correlate-haproxy')
    try {
      mkdirSync(join(root.path, 'var/log/nginx'), { recursive: true })
      mkdirSync(join(root.path, 'var/log/haproxy'), { recursive: true })
      // A server in UTC-05:00: 08:00:10 local is 13:00:10 UTC.
      writeFileSync(
        join(root.path, 'var/log/nginx/access.log'),
        '10.0.0.9 - - [28/Nov/2026:08:00:11 -0500] "POST /checkout HTTP/1.1" 302 0 "-" "curl"\n',
      )
      writeFileSync(
        join(root.path, 'var/log/haproxy/haproxy.log'),
        [
          'Nov 28 08:00:10 lb1 haproxy[99]: 203.0.113.7:51234 [28/Nov/2026:08:00:10.250] fe be/s1 0/0/1/700/701 302 120 - - ---- 1/1/0/0/0 0/0 "POST /checkout HTTP/1.1"',
          'Nov 28 08:09:00 lb1 haproxy[99]: 203.0.113.7:51240 [28/Nov/2026:08:09:00.000] fe be/s1 0/0/1/2/3 200 120 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
          '',
        ].join('\n'),
      )
      const target = new LocalTarget('haproxy-test', root.path)
      const r = await correlateRequests(target, Date.UTC(2026, 10, 28, 13, 0, 10) / 1000, 10)
      expect(r.skipped).toEqual([])
      expect(r.requests.map((q) => [q.ip, q.path, q.offsetSec, q.durationMs ?? null])).toEqual([
        ['203.0.113.7', '/checkout', 0, 701],
        ['10.0.0.9', '/checkout', 1, null],
      ])
      await target.close()
    } finally {
      root.remove()
    }
  })
})
