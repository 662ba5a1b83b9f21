// The fleet overview (issue #22) on 20 real servers: each a jailed login behind its own sshd
// (its own port, host key and logs), one of them down, one whose host key changed, one behind
// the shaper at 10 Mbit/s / 60 ms. Every figure is checked against what was written in its logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FleetRow } from '../../src/shared/fleet'
import { createServices } from '../../src/main/services/api/services'
import { fleetOverview } from '../../src/main/services/fleet'
import { APP_ROOT } from '../harness/app'
import { cliRunnerAsync } from '../harness/cli'
import { tempDir } from '../harness/process'
import { createFleetJail, expected, makePreprod, pad } from '../harness/fleet-logs'
import { startTlsServer } from '../harness/tls'
import { LINKS, startShaper, type Shaper } from '../harness/shaper'
import { jailConfig, startSshd, testProfile, type TestJail, type TestSshd } from '../harness/sshd'

const SERVERS = 20
describe.runIf(process.getuid?.() === 0)('the fleet overview of 20 servers', () => {
  const home = tempDir('fleet-home')
  const jails: TestJail[] = []
  const sshds: TestSshd[] = []
  let shaper: Shaper
  const now = Date.now()
  let services: ReturnType<typeof createServices>
  const DOWN = 3
  const CHANGED = 7
  const SLOW = 11
  const PREPROD = 5
  const AT_RISK = 3
  const TLS = 6
  let tls: { port: number; stop(): Promise<void> }

  beforeAll(async () => {
    for (let k = 0; k < SERVERS; k++) {
      jails.push(createFleetJail(`twbfleet${k}`, `fleet${k}`, k, now))
    }
    makePreprod(jails[PREPROD]!.root, AT_RISK)
    tls = await startTlsServer(42)
    sshds.push(...(await Promise.all(jails.map((j) => startSshd({ extra: jailConfig(j) })))))
    shaper = await startShaper(sshds[SLOW]!.port, LINKS[1]!)
    services = createServices({ appRoot: APP_ROOT, dataDir: home.path, locale: 'en' })
    for (let k = 0; k < SERVERS; k++) {
      const s = sshds[k]!
      const info = services.servers.add(
        testProfile(s, {
          name: `site-${pad(k)}`,
          user: jails[k]!.user,
          port: k === SLOW ? shaper.port : s.port,
          group: k < 10 ? 'agency-a' : 'agency-b',
          ...(k === PREPROD ? { role: 'preprod' as const } : {}),
          ...(k === TLS ? { productionUrl: `https://127.0.0.1:${tls.port}/` } : {}),
        }),
      )
      services.servers.trust(info.id, s.hostFingerprint)
      expect(info.group).toBe(k < 10 ? 'agency-a' : 'agency-b')
    }
    // One server down, one whose host key changed since it was trusted.
    await sshds[DOWN]!.daemon.stop() // its key files kept: the login is fine, the server is down
    const old = sshds[CHANGED]!
    await old.daemon.stop()
    sshds[CHANGED] = await startSshd({
      port: old.port,
      dir: old.dir,
      extra: jailConfig(jails[CHANGED]!),
    })
  }, 180_000)

  afterAll(async () => {
    await services?.servers.close()
    await shaper?.stop()
    await tls?.stop()
    for (const s of sshds) await s.stop().catch(() => undefined)
    for (const j of jails) j.remove()
    home.remove()
  })

  it('gives every server its row, the failing ones saying why, the others exact', async () => {
    const seen: string[] = []
    const all = services.servers.list().filter((s) => s.kind === 'ssh')
    const rows = await fleetOverview(
      services.servers,
      services.snapshots,
      all,
      (r) => seen.push(r.server),
      { now },
    )
    expect(rows).toHaveLength(SERVERS)
    expect(seen.sort()).toEqual(all.map((s) => s.name).sort())
    const byName = new Map(rows.map((r) => [r.server, r]))
    for (let k = 0; k < SERVERS; k++) {
      const row = byName.get(`site-${pad(k)}`)!
      if (k === DOWN) {
        expect(row.ok).toBe(false)
        expect(row.error).toMatch(/refused|ECONNREFUSED|cannot reach|not reachable/i)
        continue
      }
      if (k === CHANGED) {
        expect(row.ok).toBe(false)
        expect(row.error).toMatch(/host key.*changed|man-in-the-middle/i)
        continue
      }
      expect(row.error, row.server).toBeUndefined()
      expect(row.ok).toBe(true)
      expect(row, row.server).toMatchObject(expected(k))
      expect(row.group).toBe(k < 10 ? 'agency-a' : 'agency-b')
      // du on the server: the site's 100 KB per k and more; the logs' few KB.
      expect(row.diskSiteBytes).toBeGreaterThanOrEqual((k + 1) * 100_000)
      expect(row.diskSiteBytes).toBeLessThan((k + 1) * 100_000 + 200_000)
      expect(row.diskLogsBytes).toBeGreaterThan(0)
      expect(row.binlogFirst).toBeNull()
      expect(row.notes.join(' ')).toContain('No binary log found.')
      // No snapshot taken of these: drift unknown, said.
      expect(row.driftChanges).toBeNull()
      expect(row.notes.join(' ')).toContain('No schema snapshot taken of this server yet')
      // A preprod's files changed since its rebuild; a production has none to lose.
      expect(row.preprodAtRisk).toBe(k === PREPROD ? AT_RISK : null)
      // The certificate, from its own handshake: 42 days from its making, self-signed.
      if (k === TLS) {
        // (the test's `now` precedes the certificate's making by the setup's seconds)
        expect(row.certDays).toBeGreaterThanOrEqual(41)
        expect(row.certDays).toBeLessThanOrEqual(42)
        expect(row.notes.join(' ')).toMatch(/certificate of 127\.0\.0\.1:\d+ is not trusted/)
      } else {
        expect(row.certDays).toBeNull()
        expect(row.notes).toContain('No production URL set: the certificate is not checked.')
      }
    }
  }, 300_000)

  it('twb fleet grep: a text in the logs a pattern names, on every server, merged by time', async () => {
    const twb = cliRunnerAsync(home.path)
    // Request 7 of each server's hour: `GET /p/7 ` (the space: not /p/70…), 50 minutes ago + 7 s.
    const r = await twb(
      'fleet',
      'grep',
      'get /P/7 ',
      '--log',
      '/var/log/nginx/*.log',
      '--since',
      new Date(now - 3_600_000).toISOString(),
      '--until',
      new Date(now).toISOString(),
      '--json',
    )
    expect(r.code).toBe(1) // the down and the changed servers
    const matches = JSON.parse(r.out) as { server: string; time: string; text: string }[]
    const answered = Array.from({ length: SERVERS }, (_, k) => k).filter(
      (k) => k !== DOWN && k !== CHANGED,
    )
    expect(matches.map((m) => m.server).sort()).toEqual(answered.map((k) => `site-${pad(k)}`))
    for (const m of matches) {
      expect(m.text).toMatch(/^GET \/p\/7 /)
      expect(Date.parse(m.time)).toBe(Math.floor((now - 50 * 60_000 + 7000) / 1000) * 1000)
    }
    expect(r.err).toContain(
      `${answered.length} matches on ${answered.length} of ${SERVERS} servers`,
    )
    // A regular expression: requests 7 and 12 (server 0 has only 10 requests in its hour).
    const re = await twb(
      'fleet',
      'grep',
      '-E',
      '^get /P/(7|12) ',
      '--log',
      '/var/log/nginx/*.log',
      '--since',
      new Date(now - 3_600_000).toISOString(),
      '--json',
    )
    expect(re.code).toBe(1)
    const both = JSON.parse(re.out) as { server: string; text: string }[]
    for (const k of answered)
      expect(
        both.filter((m) => m.server === `site-${pad(k)}`).map((m) => m.text.split(' ')[1]),
      ).toEqual(k === 0 ? ['/p/7'] : ['/p/7', '/p/12'])
    const bad = await twb('fleet', 'grep', '-E', '(a+)+', '--log', '/var/log/nginx/*.log')
    expect(bad.code).not.toBe(0)
    expect(bad.err).toContain('repeats inside')
    // A pattern no log has: answered, nothing found, said per server.
    const none = await twb(
      'fleet',
      'grep',
      'x',
      '--log',
      '/var/log/nope/*.log',
      '--group',
      'agency-b',
    )
    expect(none.code).toBe(0)
    expect(none.err).toContain('no log matches /var/log/nope/*.log')
  }, 300_000)

  it('twb fleet overview --group: that group only, JSON in the servers’ order, exit 1 for the failed', async () => {
    const twb = cliRunnerAsync(home.path)
    const a = await twb('fleet', 'overview', '--group', 'agency-a', '--json')
    expect(a.code).toBe(1) // the down and the changed servers are in agency-a
    const rows = JSON.parse(a.out) as FleetRow[]
    expect(rows.map((r) => r.server)).toEqual(
      Array.from({ length: 10 }, (_, k) => `site-${pad(k)}`),
    )
    expect(rows.filter((r) => !r.ok).map((r) => r.server)).toEqual(['site-03', 'site-07'])
    expect(a.err).toContain('8 of 10 servers answered')
    const b = await twb('fleet', 'overview', '--group', 'agency-b')
    expect(b.code).toBe(0)
    expect(b.out.trim().split('\n')).toHaveLength(10)
    expect(b.out).toContain(`site-${SLOW}`)
    const none = await twb('fleet', 'overview', '--group', 'nobody')
    expect(none.code).toBe(2)
    expect(none.err).toContain('no server in the group "nobody"')
  }, 300_000)
})
