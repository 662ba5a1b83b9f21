// The timeline (issue #21): a 10-minute window across six 1 GB access logs of a jailed server,
// read by each log's seek-by-time and merged, on loopback and over the 50 Mbit/s / 30 ms link
// of the test shaper; wall time, bytes read and on the wire, records, and the memory it took.
// BENCH_TIMELINE_MB sets each log's size (1024). Needs root (the jail).
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { buildTimeline } from '../src/main/services/timeline'
import { lineTime } from '../src/core/text'
import { SshTarget } from '../src/main/services/platform/ssh-target'
import { LINKS, startShaper } from '../test/harness/shaper'
import {
  createJail,
  jailConfig,
  startSshd,
  type TestJail,
  type TestSshd,
} from '../test/harness/sshd'
import { writeCombinedLog } from './access-gen'

const MB = Number(process.env.BENCH_TIMELINE_MB ?? 1024)
const LOGS = [
  'nginx/access.log',
  'nginx/access_shop.log',
  'apache2/access.log',
  'apache2/other_vhosts_access.log',
  'nginx/access_api.log',
  'apache2/access_admin.log',
]
let jail: TestJail
let sshd: TestSshd

beforeAll(async () => {
  jail = createJail('twbbenchtl', ['sh', 'cat', 'ls', 'date', 'tail', 'head', 'gzip'])
  for (const log of LOGS) {
    mkdirSync(join(jail.root, 'var/log', log, '..'), { recursive: true })
    writeCombinedLog(join(jail.root, 'var/log', log), MB * 1024 * 1024)
  }
  sshd = await startSshd({ extra: jailConfig(jail) })
}, 1_800_000)

afterAll(async () => {
  await sshd?.stop()
  jail?.remove()
})

it('builds a 10-minute timeline of six big logs', async () => {
  // A window in the middle of the logs (the generator writes them all over the same days).
  const first = join(jail.root, 'var/log', LOGS[0]!)
  const fd = openSync(first, 'r')
  const buf = Buffer.alloc(4096)
  readSync(fd, buf, 0, 4096, Math.floor(statSync(first).size / 2))
  closeSync(fd)
  const from = lineTime(buf.toString('utf8').split('\n')[1]!)!
  const to = from + 10 * 60_000
  const rows: string[] = []
  for (const link of [null, LINKS[0]!]) {
    const shaper = link ? await startShaper(sshd.port, link) : null
    const target = new SshTarget({
      id: `bench-timeline-${link?.name ?? 'loopback'}`,
      endpoint: { host: '127.0.0.1', port: shaper?.port ?? sshd.port, user: jail.user },
      credentials: () => ({ privateKey: sshd.privateKey }),
      trustedFingerprint: () => sshd.hostFingerprint,
    })
    await target.connect()
    global.gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    let peak = heapBefore
    const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20)
    const wireBefore = shaper?.bytes.down ?? 0
    const began = performance.now()
    const t = await buildTimeline(target, { from, to })
    const secs = (performance.now() - began) / 1000
    clearInterval(watch)
    peak = Math.max(peak, process.memoryUsage().heapUsed)
    const read = t.sources.reduce((a, s) => a + s.bytesRead, 0)
    const wire = shaper ? (shaper.bytes.down - wireBefore) / 1e6 : null
    rows.push(
      `| ${link?.name ?? 'loopback'} | ${t.sources.length} × ${MB} MB | ${t.total.toLocaleString('en')} | ${secs.toFixed(2)} | ${(read / 1e6).toFixed(1)} | ${wire === null ? '–' : wire.toFixed(1)} | ${((peak - heapBefore) / 1e6).toFixed(0)} MB |`,
    )
    if (t.sources.some((s) => s.error)) console.log(t.sources.filter((s) => s.error))
    await target.close()
    await shaper?.stop()
  }
  console.log(
    [
      `\nTimeline benchmark (${new Date().toISOString().slice(0, 10)}, ${process.version}):`,
      '| link | logs | records | seconds | MB read | MB on wire | heap growth |',
      '| ---- | ---- | ------: | ------: | ------: | ---------: | ----------: |',
      ...rows,
    ].join('\n'),
  )
})
