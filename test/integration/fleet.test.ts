// The fleet overview (issue #22) on 20 real servers: each a jailed login behind its own sshd
// (its own port, host key and logs), one of them down, one whose host key changed, one behind
// the shaper at 10 Mbit/s / 60 ms. Every figure is checked against what was written in its logs.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FleetRow } from '../../src/shared/fleet'
import { createServices } from '../../src/main/services/api/services'
import { fleetOverview } from '../../src/main/services/fleet'
import { APP_ROOT } from '../harness/app'
import { cliRunnerAsync } from '../harness/cli'
import { tempDir } from '../harness/process'
import { LINKS, startShaper, type Shaper } from '../harness/shaper'
import {
  createJail,
  jailConfig,
  startSshd,
  testProfile,
  type TestJail,
  type TestSshd,
} from '../harness/sshd'

const SERVERS = 20
const TOOLS = ['sh', 'cat', 'ls', 'date', 'tail', 'head', 'gzip', 'du', 'stat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number): string => String(n).padStart(2, '0')
/** `03/Dec/2026:07:10:00 +0000` (access logs) and `03-Dec-2026 07:10:00` (PHP's). */
const clf = (ms: number): string => {
  const d = new Date(ms)
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
}
const php = (ms: number): string => clf(ms).slice(0, 20).replace(/\//g, '-').replace(':', ' ')

/** What server k's logs hold in the last hour and day: the figures its row must show. */
function expected(
  k: number,
): Pick<
  FleetRow,
  'requests1h' | 'status5xx1h' | 'bans408_1h' | 'slow24h' | 'fatal24h' | 'slowestScript'
> {
  return {
    requests1h: 10 + 3 * k,
    status5xx1h: k % 4,
    bans408_1h: k % 3,
    slow24h: k % 5,
    fatal24h: k % 2,
    slowestScript: k % 5 ? '/var/www/site/cart.php' : null,
  }
}

/** Server k's logs, written relative to `now`: the last hour's lines, and older ones around. */
function writeLogs(root: string, k: number, now: number): void {
  const e = expected(k)
  const log = join(root, 'var/log')
  mkdirSync(join(log, 'nginx'), { recursive: true })
  mkdirSync(join(log, 'php'), { recursive: true })
  const access: string[] = []
  // Two hours ago and older: outside the hour.
  for (let i = 0; i < 25; i++)
    access.push(
      `203.0.113.9 - - [${clf(now - 3 * 3_600_000 + i * 1000)}] "GET /old HTTP/1.1" 500 1 "-" "ua"`,
    )
  for (let i = 0; i < e.requests1h!; i++) {
    const status = i < e.status5xx1h! ? 502 : i < e.status5xx1h! + e.bans408_1h! ? 408 : 200
    const at = now - 50 * 60_000 + i * 1000
    access.push(
      `198.51.100.${i % 200} - - [${clf(at)}] "GET /p/${i} HTTP/2.0" ${status} 10 "-" "ua"`,
    )
  }
  writeFileSync(join(log, 'nginx/access.log'), access.join('\n') + '\n')
  const errors: string[] = [`[${php(now - 30 * 3_600_000)} UTC] PHP Fatal error:  too old`]
  for (let i = 0; i < e.fatal24h!; i++)
    errors.push(
      `[${php(now - 5 * 3_600_000 + i * 1000)} UTC] PHP Fatal error:  Uncaught Exception ${i}`,
    )
  errors.push(`[${php(now - 3_600_000)} UTC] PHP Warning:  not fatal`)
  writeFileSync(join(log, 'php/www.error.log'), errors.join('\n') + '\n')
  const slow: string[] = []
  for (let i = 0; i < e.slow24h!; i++) {
    const script = i === 0 && e.slow24h! > 2 ? 'index.php' : 'cart.php'
    slow.push(
      '',
      `[${php(now - 2 * 3_600_000 + i * 1000)}]  [pool www] pid ${1000 + i}`,
      `script_filename = /var/www/site/${script}`,
      `[0x00007f5360a13420] usleep() /var/www/site/${script}:3`,
    )
  }
  writeFileSync(join(log, 'php/www.slow'), slow.join('\n') + '\n')
  mkdirSync(join(root, 'var/www/site/wp-content'), { recursive: true })
  writeFileSync(join(root, 'var/www/site/wp-content/big.bin'), Buffer.alloc((k + 1) * 100_000, 7))
}

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

  beforeAll(async () => {
    for (let k = 0; k < SERVERS; k++) {
      const jail = createJail(`twbfleet${k}`, TOOLS, `fleet${k}`)
      jails.push(jail)
      writeLogs(jail.root, k, now)
    }
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
    for (const s of sshds) await s.stop().catch(() => undefined)
    for (const j of jails) j.remove()
    home.remove()
  })

  it('gives every server its row, the failing ones saying why, the others exact', async () => {
    const seen: string[] = []
    const all = services.servers.list().filter((s) => s.kind === 'ssh')
    const rows = await fleetOverview(services.servers, all, (r) => seen.push(r.server), { now })
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
    }
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
