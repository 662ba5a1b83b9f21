import { resolve } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { recordsOf, type Events, type EventName } from '../../../shared/api'
import { callSession, createApiSession } from './session'
import { createServices } from './services'

const appRoot = resolve(__dirname, '../../../..')
const services = createServices({
  appRoot,
  dataDir: mkdtempSync(join(tmpdir(), 'twb-api-')),
  locale: 'en',
})

describe('api session on the demo server', () => {
  const events: { event: EventName; payload: Events[EventName] }[] = []
  const session = createApiSession(
    services,
    'web',
    (event, payload) => void events.push({ event, payload }),
  )

  it('answers unknown calls and bad requests with coded errors, never throws', async () => {
    expect(await session.handle('nope:call', {})).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CALL', message: 'Unknown call "nope:call".' },
    })
    expect(await session.handle('files:list', { server: 'demo' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    })
    expect(await session.handle('files:list', 'x')).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    })
    expect(await session.handle('files:list', { server: 'zzz', path: '/' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_SERVER' },
    })
  })

  it('discovers the real demo logs with their rotations', async () => {
    const r = await callSession(session, 'logs:discover', { server: 'demo' })
    if (!r.ok) throw new Error(r.error.message)
    const paths = r.value.map((l) => l.path)
    expect(paths).toContain('/var/log/nginx/access.log')
    expect(paths).toContain('/var/log/haproxy/haproxy.log.3.gz')
    expect(paths.some((p) => p.includes('mariadb-bin'))).toBe(false)
    expect(r.value.find((l) => l.path === '/var/log/php/www.slow')?.kind).toBe('php-slow')
    expect(paths.indexOf('/var/log/nginx/access.log')).toBeLessThan(
      paths.indexOf('/var/log/nginx/access.log.1'),
    )
  })

  it('lists the demo profiles with the profiled script', async () => {
    const r = await callSession(session, 'profiles:list', { server: 'Demo' })
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value).toHaveLength(4)
    expect(r.value.map((p) => p.cmd)).toContain('/tmp/tb/chroot/var/www/site/tb-slow.php')
  })

  it('streams the last lines of a compressed rotation and ends', async () => {
    const r = await callSession(session, 'tail:start', {
      server: 'demo',
      path: '/var/log/haproxy/haproxy.log.3.gz',
      lines: 3,
      follow: false,
    })
    if (!r.ok) throw new Error(r.error.message)
    for (let i = 0; i < 100 && !events.some((e) => e.event === 'job:end'); i++)
      await new Promise((res) => setTimeout(res, 20))
    const lines = events
      .filter(
        (e) => e.event === 'job:batch' && (e.payload as Events['job:batch']).job === r.value.job,
      )
      .flatMap((e) => recordsOf(e.payload as Events['job:batch'], 'tail:start'))
    expect(lines).toHaveLength(3)
    expect(lines.every((l) => l.includes('haproxy['))).toBe(true)
    expect(events.find((e) => e.event === 'job:end')?.payload).toEqual({ job: r.value.job })
  })

  it('fails a tail of a missing file in the call itself', async () => {
    const r = await callSession(session, 'tail:start', {
      server: 'demo',
      path: '/var/log/none.log',
      lines: 1,
      follow: true,
    })
    expect(r).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: '/var/log/none.log: no such file or directory.' },
    })
  })
})
