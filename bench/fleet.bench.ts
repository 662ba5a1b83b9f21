// The fleet overview (issue #22): 20 servers on loopback, then 50 servers each behind its own
// link of 50 Mbit/s and 30 ms (the test shaper), 8 at once; each a jailed login behind its own
// sshd with its own logs (a busy hour: BENCH_FLEET_REQUESTS requests in its access log, its slow
// and PHP error logs). Wall time, memory (heap and typed arrays, after a collection and at the
// peak), every row checked to have answered. Needs root (the jails).
import { afterAll, beforeAll, it } from 'vitest'
import { appendFileSync, copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServices } from '../src/main/services/api/services'
import { fleetOverview } from '../src/main/services/fleet'
import { APP_ROOT } from '../test/harness/app'
import { createFleetJail } from '../test/harness/fleet-logs'
import { tempDir } from '../test/harness/process'
import { LINKS, startShaper, type Shaper } from '../test/harness/shaper'
import {
  jailConfig,
  startSshd,
  testProfile,
  type TestJail,
  type TestSshd,
} from '../test/harness/sshd'
import { writeCombinedLog } from './access-gen'
import { held } from './measure'

const SERVERS = Number(process.env.BENCH_FLEET_SERVERS ?? 50)
/** The access log's size per server (its last hour is what the overview reads). */
const LOG_MB = Number(process.env.BENCH_FLEET_LOG_MB ?? 64)

const jails: TestJail[] = []
const sshds: TestSshd[] = []
const shapers: Shaper[] = []
const home = tempDir('bench-fleet')
const now = Date.now()

beforeAll(async () => {
  // Hours of a busy shop, well before the last hour (the same for every server, copied).
  const older = join(home.path, 'older.log')
  writeCombinedLog(older, LOG_MB << 20, new Date(now - 40 * 3_600_000))
  for (let k = 0; k < SERVERS; k++) {
    const jail = createFleetJail(`twbbfleet${k}`, `bfleet${k}`, k % 20, now)
    const log = join(jail.root, 'var/log/nginx/access.log')
    const recent = readFileSync(log)
    copyFileSync(older, log)
    appendFileSync(log, recent) // the fixtures' lines last: the overview's hour
    jails.push(jail)
  }
  sshds.push(...(await Promise.all(jails.map((j) => startSshd({ extra: jailConfig(j) })))))
}, 1_800_000)

afterAll(async () => {
  for (const s of shapers) await s.stop()
  for (const s of sshds) await s.stop().catch(() => undefined)
  for (const j of jails) j.remove()
  home.remove()
})

async function run(count: number, shaped: boolean): Promise<string> {
  if (shaped)
    for (let k = shapers.length; k < count; k++)
      shapers.push(await startShaper(sshds[k]!.port, LINKS[0]!))
  const services = createServices({
    appRoot: APP_ROOT,
    dataDir: join(home.path, `${count}-${shaped}`),
    locale: 'en',
  })
  for (let k = 0; k < count; k++) {
    const s = sshds[k]!
    const info = services.servers.add(
      testProfile(s, {
        name: `site-${k}`,
        user: jails[k]!.user,
        port: shaped ? shapers[k]!.port : s.port,
      }),
    )
    services.servers.trust(info.id, s.hostFingerprint)
  }
  global.gc?.()
  const before = held()
  let peak = before
  const watch = setInterval(() => (peak = Math.max(peak, held())), 20)
  const began = performance.now()
  const rows = await fleetOverview(
    services.servers,
    services.snapshots,
    services.servers.list().filter((s) => s.kind === 'ssh'),
    () => undefined,
    { now },
  )
  const secs = (performance.now() - began) / 1000
  clearInterval(watch)
  const failed = rows.filter((r) => !r.ok)
  await services.servers.close()
  const slowest = Math.max(...rows.map((r) => r.ms))
  return `| ${count} | ${shaped ? '50 Mbit/s, 30 ms each' : 'loopback'} | 8 | ${secs.toFixed(2)} | ${(slowest / 1000).toFixed(2)} | ${((peak - before) / 1e6).toFixed(0)} MB | ${rows.length - failed.length} of ${rows.length}${failed.length ? ` (${failed[0]!.error})` : ''} |`
}

it(`reads the overview of ${SERVERS} servers`, async () => {
  const lines = [await run(Math.min(20, SERVERS), false), await run(SERVERS, true)]
  console.log(
    [
      `\nFleet overview (${new Date().toISOString().slice(0, 10)}, ${process.version}; each server's access log ${LOG_MB} MB):`,
      '| servers | link | at once | seconds | slowest server s | memory growth (peak) | answered |',
      '| ---: | --- | ---: | ---: | ---: | ---: | --- |',
      ...lines,
    ].join('\n'),
  )
})
