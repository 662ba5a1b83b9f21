// The server's zone, read once per server: what its logs' zoneless times mean (the one clock).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { zoneOffsetAt } from '../../src/core/text'
import { clfTime } from '../../src/core/logs'
import { LocalTarget, serverClock, SshTarget } from '../../src/main/services/platform'
import { APP_ROOT } from '../harness/app'
import { createJail, jailConfig, startSshd, type TestSshd } from '../harness/sshd'

const stops: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const stop of stops.reverse()) await stop()
})

function target(sshd: TestSshd, user = sshd.user): SshTarget {
  const t = new SshTarget({
    id: `clock-${sshd.port}-${user}`,
    endpoint: { host: sshd.host, port: sshd.port, user },
    credentials: () => ({ privateKey: sshd.privateKey }),
    trustedFingerprint: () => sshd.hostFingerprint,
  })
  stops.push(() => t.close())
  return t
}

describe('the server’s zone', () => {
  it('is the zone the server’s sessions run in ($TZ), in another zone than this machine’s', async () => {
    const sshd = await startSshd({ extra: ['SetEnv TZ=America/Sao_Paulo'] })
    stops.push(() => sshd.stop())
    const clock = await serverClock(target(sshd))
    expect(clock).toEqual({ zone: 'America/Sao_Paulo', offsetMin: -180, source: 'server' })
  })

  it('is what `date` says, named only when a name agrees with it', async () => {
    const sshd = await startSshd()
    stops.push(() => sshd.stop())
    const t = target(sshd)
    const clock = await serverClock(t)
    expect(clock.source).toBe('server')
    const date = (await t.run(['date', '+%z'])).stdout.trim()
    const minutes = (date.startsWith('-') ? -1 : 1) * (+date.slice(1, 3) * 60 + +date.slice(3, 5))
    expect(clock.offsetMin).toBe(minutes)
    if (clock.zone !== null) expect(zoneOffsetAt(clock.zone, Date.now())).toBe(minutes)
    // Read once per server: the same answer, not a second round trip.
    expect(serverClock(t)).toBe(serverClock(t))
  })

  it('is the demo data’s zone, which its access logs agree with line by line', async () => {
    const demo = new LocalTarget('demo', join(APP_ROOT, 'resources/demo'), 'Europe/Paris')
    const clock = await serverClock(demo)
    expect(clock).toMatchObject({ zone: 'Europe/Paris', source: 'demo-data' })
    // The shipped zone is the data's: every offset the nginx log wrote is Paris's at that time.
    const lines = readFileSync(join(APP_ROOT, 'resources/demo/var/log/nginx/access.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) {
      const m = /\[([^\]]+) ([+-])(\d\d)(\d\d)\]/.exec(line)!
      const written = (m[2] === '-' ? -1 : 1) * (+m[3]! * 60 + +m[4]!)
      expect(zoneOffsetAt('Europe/Paris', clfTime(`${m[1]} ${m[2]}${m[3]}${m[4]}`)!)).toBe(written)
    }
    expect(readFileSync(join(APP_ROOT, 'resources/demo/etc/timezone'), 'utf8').trim()).toBe(
      'Europe/Paris',
    )
    // Its commands run in that zone, as on its server.
    const out = await new Promise<string>((done) => {
      const p = demo.exec(['date', '+%Z'])
      let s = ''
      p.stdout.on('data', (b: Buffer) => (s += b.toString()))
      void p.exit.then(() => done(s.trim()))
    })
    expect(out).toMatch(/^CES?T$/)
  })
})

describe.runIf(process.getuid?.() === 0)('in a chroot jail', () => {
  it('is unknown without `date` (times then shown in UTC, and the UI says why)', async () => {
    const jail = createJail('twbclock1', ['sh', 'cat', 'ls'])
    stops.push(() => jail.remove())
    const sshd = await startSshd({ extra: jailConfig(jail) })
    stops.push(() => sshd.stop())
    expect(await serverClock(target(sshd, jail.user))).toEqual({
      zone: null,
      offsetMin: 0,
      source: 'unknown',
    })
  })

  it('drops a name that disagrees with `date` (a jail without the zone files runs in UTC)', async () => {
    const jail = createJail('twbclock2', ['sh', 'cat', 'ls', 'date'])
    stops.push(() => jail.remove())
    mkdirSync(join(jail.root, 'etc'), { recursive: true })
    writeFileSync(join(jail.root, 'etc', 'timezone'), 'Asia/Kolkata\n')
    const sshd = await startSshd({ extra: jailConfig(jail) })
    stops.push(() => sshd.stop())
    expect(await serverClock(target(sshd, jail.user))).toEqual({
      zone: null,
      offsetMin: 0,
      source: 'server',
    })
  })
})
