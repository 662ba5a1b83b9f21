// One timeline (issue #21): every source of a server merged on one clock. On the demo's real
// files around its rogue DELETE, and on a real jailed sshd whose logs are written in three ways:
// an access log in -05:00 (rotated in the middle of the window), HAProxy's accept time to the
// millisecond under a +01:00 syslog header, and zoneless error and slow logs in the server's own
// zone (+09:00, as `date` says in the jail).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Timeline } from '../../src/shared/timeline'
import { callSession, createApiSession } from '../../src/main/services/api/session'
import { createServices } from '../../src/main/services/api/services'
import { buildTimeline } from '../../src/main/services/timeline'
import type { SshTarget } from '../../src/main/services/platform/ssh-target'
import { APP_ROOT } from '../harness/app'
import { addTestServer, cliRunner } from '../harness/cli'
import { tempDir } from '../harness/process'
import {
  createJail,
  jailConfig,
  sshdTarget,
  startSshd,
  type TestJail,
  type TestSshd,
} from '../harness/sshd'

const home = tempDir('timeline-home')
const services = createServices({ appRoot: APP_ROOT, dataDir: home.path })
const session = createApiSession(services, 'web', () => undefined)
afterAll(async () => {
  await services.servers.close()
  home.remove()
})

const demoWindow = async (from: string, to: string): Promise<Timeline> => {
  const r = await callSession(session, 'timeline:build', {
    server: 'demo',
    from: Date.parse(from),
    to: Date.parse(to),
  })
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('the timeline of the demo server', () => {
  it('shows the rogue DELETE, the request and its slow-log dump in their true order, across zones', async () => {
    const t = await demoWindow('2026-11-28T13:22:20Z', '2026-11-28T13:22:35Z')
    expect(t.sources.every((s) => !s.error)).toBe(true)
    // In time order, whatever each log's zone: the binlog's UTC, the web logs' +01:00, the
    // php-fpm logs' zoneless Paris time.
    expect(t.records.map((r) => r.time)).toEqual(
      [...t.records.map((r) => r.time)].sort((a, b) => a - b),
    )
    expect(t.total).toBe(t.records.length)
    const at = (pred: (r: Timeline['records'][number]) => boolean): number =>
      t.records.findIndex(pred)
    // The DELETE of the postmeta of pages 21 and 22 (13:22:26 UTC in the binlog, 6 rows)...
    const del = at((r) => r.kind === 'binlog' && r.type === 'delete')
    expect(t.records[del]).toMatchObject({
      table: 'shopdb.shop_postmeta',
      time: Date.parse('2026-11-28T13:22:26Z'),
    })
    expect(t.records[del]!.more).toHaveLength(6)
    // ...then Apache's slow request (its %t, 14:22:27 +0100)...
    const request = at(
      (r) => r.source === '/var/log/apache2/access.log' && r.text.includes('mode=cpu&via=apache'),
    )
    expect(t.records[request]).toMatchObject({
      status: 200,
      time: Date.parse('2026-11-28T13:22:27Z'),
    })
    // ...then php-fpm's dump of it, a second later (14:22:28 written without a zone).
    const dump = at((r) => r.kind === 'slow')
    expect(t.records[dump]).toMatchObject({
      time: Date.parse('2026-11-28T13:22:28Z'),
      source: '/var/log/php/www.slow',
    })
    expect(t.records[dump]!.more!.length).toBeGreaterThan(1)
    expect(del).toBeGreaterThanOrEqual(0)
    expect(del).toBeLessThan(request)
    expect(request).toBeLessThan(dump)
    // The PHP fatal error of the next request, its stack trace folded in one record.
    const fatal = t.records.find((r) => r.kind === 'error' && r.text.includes('simulated failure'))!
    expect(fatal.level).toBe('error')
    expect(fatal.more!.join('\n')).toContain('#0 ')
  })

  it('gives the integrity log’s blocks by their own time, their diffs folded', async () => {
    const t = await callSession(session, 'timeline:build', {
      server: 'demo',
      from: Date.parse('2026-11-28T13:20:00Z'),
      to: Date.parse('2026-11-28T13:30:00Z'),
      kinds: ['integrity'],
    })
    if (!t.ok) throw new Error(t.error.message)
    // The blocks of 13:23:15 and 13:24:12 (the 13:19:58 baseline is before the window).
    expect(t.value.records.map((r) => new Date(r.time).toISOString())).toEqual([
      '2026-11-28T13:23:15.000Z',
      '2026-11-28T13:24:12.000Z',
    ])
    expect(t.value.records.every((r) => r.text.startsWith('==== btws integrity check'))).toBe(true)
    expect(t.value.records[0]!.more!.length).toBeGreaterThan(2)
  })

  it('reads only the sources and kinds asked, and says where it read them', async () => {
    const t = await callSession(session, 'timeline:build', {
      server: 'demo',
      from: Date.parse('2026-11-28T13:20:00Z'),
      to: Date.parse('2026-11-28T13:21:00Z'),
      kinds: ['slow', 'binlog'],
    })
    if (!t.ok) throw new Error(t.error.message)
    expect(new Set(t.value.records.map((r) => r.kind))).toEqual(new Set(['slow', 'binlog']))
    const binlog = t.value.sources.find((s) => s.kind === 'binlog')!
    // 13:20:06: the first binlog was flushed; the window needs both.
    expect(binlog.files.map((f) => f.split('/').pop())).toEqual([
      'mariadb-bin.000001',
      'mariadb-bin.000002',
    ])
    const bad = await callSession(session, 'timeline:build', {
      server: 'demo',
      from: 1,
      to: 2,
      sources: ['/var/log/nope.log'],
    })
    expect(bad.ok).toBe(false)
    if (!bad.ok)
      expect(bad.error.message).toContain('Not a source of this server: /var/log/nope.log')
  })
})

// The truth, in UTC; each source writes it its own way.
const T = (hms: string): number => Date.parse(`2026-11-28T${hms}Z`)
const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
const MONTH = 'Nov'
/** The wall clock of an instant in a fixed offset (minutes east). */
const wall = (ms: number, offsetMin: number): Date => new Date(ms + offsetMin * 60_000)
const clf = (ms: number, offsetMin: number): string => {
  const d = wall(ms, offsetMin)
  const sign = offsetMin < 0 ? '-' : '+'
  const z = `${sign}${pad(Math.floor(Math.abs(offsetMin) / 60))}${pad(Math.abs(offsetMin) % 60)}`
  return `${pad(d.getUTCDate())}/${MONTH}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${z}`
}
const access = (ms: number, path: string): string =>
  `198.51.100.7 - - [${clf(ms, -300)}] "GET ${path} HTTP/2.0" 200 512 "-" "curl/8.0"`
const haproxy = (ms: number, path: string): string => {
  const d = wall(ms, 60)
  const header = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+01:00`
  const accept = `${pad(d.getUTCDate())}/${MONTH}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  return `${header} lb haproxy[7]: 203.0.113.9:4711 [${accept}] fe be/s1 0/0/0/12/20 500 90 - - ---- 1/1/0/0/0 0/0 "GET ${path} HTTP/1.1"`
}
const nginxError = (ms: number, message: string): string => {
  const d = wall(ms, 540)
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} [error] 42#42: *1 ${message}`
}
const slowDump = (ms: number): string[] => {
  const d = wall(ms, 540)
  return [
    '',
    `[${pad(d.getUTCDate())}-${MONTH}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}]  [pool www] pid 4242`,
    'script_filename = /var/www/site/index.php',
    '[0x00007f0000001000] usleep() /var/www/site/slow.php:3',
    '[0x00007f0000000f00] main() /var/www/site/index.php:9',
  ]
}

describe.runIf(process.getuid?.() === 0)(
  'the timeline of a jailed server, logs in three zones',
  () => {
    let sshd: TestSshd
    let jail: TestJail
    let target: SshTarget
    // The window, and what happened in it (UTC), in the order it happened.
    const from = T('12:00:00')
    const to = T('12:00:06')
    const truth = [
      { time: T('12:00:00'), source: '/var/log/nginx/access.log', text: '/first' },
      { time: T('12:00:01.250'), source: '/var/log/haproxy/haproxy.log', text: '/lb' },
      { time: T('12:00:02'), source: '/var/log/nginx/error.log', text: 'upstream timed out' },
      { time: T('12:00:03'), source: '/var/log/php/www.slow', text: 'index.php' },
      { time: T('12:00:04'), source: '/var/log/nginx/access.log', text: '/second' },
      { time: T('12:00:04.500'), source: '/var/log/haproxy/haproxy.log', text: '/lb2' },
      { time: T('12:00:05'), source: '/var/log/nginx/error.log', text: 'connect() failed' },
    ]

    beforeAll(async () => {
      jail = createJail('twbtimeline', ['sh', 'cat', 'ls', 'date', 'tail', 'head', 'gzip'])
      const log = (path: string, lines: string[]): void => {
        mkdirSync(join(jail.root, 'var/log', path, '..'), { recursive: true })
        writeFileSync(join(jail.root, 'var/log', path), lines.join('\n') + '\n')
      }
      // A line a second for an hour each side of the window (outside it), so that the window is
      // found by seeking, not by reading everything.
      const before = Array.from({ length: 3600 }, (_, i) => T('11:00:00') + i * 1000 - 10_000)
      const after = Array.from({ length: 3600 }, (_, i) => T('12:00:20') + i * 1000)
      // The access log was rotated between its two requests of the window.
      log('nginx/access.log.1', [
        ...before.map((t) => access(t, '/filler')),
        access(truth[0]!.time, '/first'),
      ])
      log('nginx/access.log', [
        access(truth[4]!.time, '/second'),
        ...after.map((t) => access(t, '/filler')),
      ])
      log('haproxy/haproxy.log', [
        ...before.map((t) => haproxy(t, '/filler')),
        haproxy(truth[1]!.time, '/lb'),
        haproxy(truth[5]!.time, '/lb2'),
        ...after.map((t) => haproxy(t, '/filler')),
      ])
      log('nginx/error.log', [
        nginxError(T('11:30:00'), 'before'),
        nginxError(truth[2]!.time, 'upstream timed out'),
        nginxError(truth[6]!.time, 'connect() failed'),
        nginxError(T('12:30:00'), 'after'),
      ])
      log('php/www.slow', [
        ...slowDump(T('11:00:00')),
        ...slowDump(truth[3]!.time),
        ...slowDump(T('13:00:00')),
      ])
      // The jail has no zone files: a POSIX TZ gives `date` its +0900.
      sshd = await startSshd({ extra: ['SetEnv TZ=JST-9', ...jailConfig(jail)] })
      target = sshdTarget(sshd, { id: 'timeline-jail', user: jail.user })
    })

    afterAll(async () => {
      await target?.close()
      await sshd?.stop()
      jail?.remove()
    })

    it('merges them in the order they happened, to the millisecond where a log has it', async () => {
      const built = await buildTimeline(target, { from, to })
      const t = built.timeline
      built.store.close()
      expect(t.clock.offsetMin).toBe(540)
      expect(t.sources.filter((s) => s.error)).toEqual([])
      expect(t.records.map((r) => [new Date(r.time).toISOString(), r.source])).toEqual(
        truth.map((e) => [new Date(e.time).toISOString(), e.source]),
      )
      truth.forEach((e, i) => expect(t.records[i]!.text).toContain(e.text))
      // The rotated access log: both files read, each only around the window.
      const nginx = t.sources.find((s) => s.path === '/var/log/nginx/access.log')!
      expect(nginx.files.sort()).toEqual([
        '/var/log/nginx/access.log',
        '/var/log/nginx/access.log.1',
      ])
      expect(nginx.bytesRead).toBeLessThan(200_000)
      expect(t.records.find((r) => r.kind === 'slow')!.more).toContain(
        'usleep() /var/www/site/slow.php:3',
      )
    })

    it('gives the same records from the CLI, as JSON', () => {
      const twb = cliRunner(home.path)
      expect(addTestServer(twb, 'Jail', { ...sshd, user: jail.user }).code).toBe(0)
      expect(twb('server', 'trust', 'Jail', '--yes').code).toBe(0)
      const r = twb(
        'timeline',
        '--server',
        'Jail',
        '--from',
        new Date(from).toISOString(),
        '--to',
        new Date(to).toISOString(),
        '--json',
      )
      expect(r.code, r.err).toBe(0)
      const records = JSON.parse(r.out) as { time: string; source: string; kind: string }[]
      expect(records.map((x) => [x.time, x.source])).toEqual(
        truth.map((e) => [new Date(e.time).toISOString(), e.source]),
      )
      expect(records[2]).toMatchObject({ kind: 'error', level: 'error' })
      expect(records[0]).toMatchObject({ kind: 'access', status: 200 })
      expect(r.err).toContain(`7 records from ${new Date(from).toISOString()}`)
      // Text: each time in the zone asked, the server's here.
      const text = twb(
        'timeline',
        '--server',
        'Jail',
        '--from',
        new Date(from).toISOString(),
        '--to',
        new Date(to).toISOString(),
        '--tz',
        'server',
      )
      expect(text.code, text.err).toBe(0)
      expect(text.out.split('\n')[1]).toMatch(
        /^2026-11-28 21:00:01\.250 \+09:00 {2}haproxy\/haproxy/,
      )
    })
  },
)
