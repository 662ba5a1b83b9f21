// The timeline (issue #21): a 10-minute window across six 1 GB access logs and a 500 MB binlog
// (its events spread over the same day and a half) of a jailed server,
// read by each log's seek-by-time and merged, on loopback and over the 50 Mbit/s / 30 ms link
// of the test shaper; wall time, bytes read and on the wire, records, and the memory it took.
// BENCH_TIMELINE_MB sets each log's size (1024), BENCH_TIMELINE_BINLOG_MB the binlog's (500; 0 for
// none). Needs root (the jail).
import {
  chmodSync,
  closeSync,
  copyFileSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { buildTimeline } from '../src/main/services/timeline'
import { NO_FILTER } from '../src/core/timeline'
import { lineTime } from '../src/core/text'
import { startMariadb } from '../test/harness/mariadb'
import { LINKS } from '../test/harness/shaper'
import { startShaperThread } from '../test/harness/shaper-thread'
import {
  createJail,
  jailConfig,
  sshdTarget,
  startSshd,
  type TestJail,
  type TestSshd,
} from '../test/harness/sshd'
import { writeCombinedLog } from './access-gen'
import { held } from './measure'

const MB = Number(process.env.BENCH_TIMELINE_MB ?? 1024)
/** The binlog's size (0: none): its events spread over the logs' day and a half. */
const BINLOG_MB = Number(process.env.BENCH_TIMELINE_BINLOG_MB ?? 500)
/**
 * Where the logs and the binlog's events start (epoch s): a minute from now, for MariaDB dates
 * the first event of a binlog (its format description) with its own clock, whatever
 * `SET timestamp` says; the day that follows is in the future, which nothing here minds.
 */
const START = Math.floor(Date.now() / 1000) + 60
const LOGS = [
  'nginx/access.log',
  'nginx/access_shop.log',
  'apache2/access.log',
  'apache2/other_vhosts_access.log',
  'nginx/access_api.log',
  'apache2/access_admin.log',
]
/** Two more logs for the million-line window (the first window reads the six above). */
const MORE_LOGS = ['nginx/access_static.log', 'apache2/access_b2b.log']
/** The million-line window's minutes: eight logs of about 50 lines a second. */
const MILLION_MINUTES = Number(process.env.BENCH_TIMELINE_MILLION_MINUTES ?? 45)
let jail: TestJail
let sshd: TestSshd

beforeAll(async () => {
  const tools = ['sh', 'cat', 'ls', 'date', 'tail', 'head', 'gzip', 'env', 'awk', 'mysqlbinlog']
  jail = createJail('twbbenchtl', tools)
  for (const log of [...LOGS, ...MORE_LOGS]) {
    mkdirSync(join(jail.root, 'var/log', log, '..'), { recursive: true })
    writeCombinedLog(join(jail.root, 'var/log', log), MB * 1024 * 1024, new Date(START * 1000))
  }
  if (BINLOG_MB > 0) await writeBinlog(join(jail.root, 'var/log/mysql'))
  sshd = await startSshd({ extra: jailConfig(jail) })
}, 1_800_000)

afterAll(async () => {
  await sshd?.stop()
  jail?.remove()
})

/**
 * A ROW binlog of about BINLOG_MB from a real MariaDB, its events dated over the access logs'
 * span (from START, about a day and a half for 1 GB of log):
 * each round of bulk inserts, updates and deletes at its own time (`SET timestamp`), so that a
 * 10-minute window holds a few of them, as on a shop's day.
 */
async function writeBinlog(dir: string): Promise<void> {
  const db = await startMariadb({ binlogFormat: 'ROW' })
  try {
    db.sql(`SET GLOBAL max_binlog_size = ${1024 * 1024 * 1024};`)
    db.sql(
      'CREATE DATABASE shop; CREATE TABLE shop.postmeta (id BIGINT PRIMARY KEY AUTO_INCREMENT, post_id INT, meta_key VARCHAR(64), meta_value TEXT);',
    )
    const span = Math.round((MB / 1024) * 30 * 3600)
    const size = (): number =>
      readdirSync(db.dataDir)
        .filter((n) => /^mariadb-bin\.\d+$/.test(n))
        .reduce((a, n) => a + statSync(join(db.dataDir, n)).size, 0) /
      (1 << 20)
    // Dated by how much is written: the bytes spread evenly over the day.
    const at = (): string =>
      `SET timestamp = ${START + Math.floor(span * Math.min(1, size() / BINLOG_MB))};`
    db.sql(
      `${at()} INSERT INTO postmeta (post_id, meta_key, meta_value) VALUES (1, '_price', REPEAT('x', 200));`,
      'shop',
    )
    // A table first (a fifth of the binlog), then small changes all day long (2,000 rows at a
    // time), each dated by how much is written: a few in any ten minutes.
    for (let k = 0; k < 18 && size() < BINLOG_MB / 5; k++)
      db.sql(
        `${at()} INSERT INTO postmeta (post_id, meta_key, meta_value) SELECT post_id + 1, '_price', MD5(RAND()) FROM postmeta LIMIT 100000;`,
        'shop',
      )
    for (let k = 0; k < 100_000 && size() < BINLOG_MB; k++) {
      const from = (k * 2000) % 40_000
      db.sql(
        `${at()} UPDATE postmeta SET meta_value = CONCAT(meta_value, '${k % 10}') WHERE id BETWEEN ${from} AND ${from + 1999}; DELETE FROM postmeta WHERE id = ${from + 7}; INSERT INTO postmeta (post_id, meta_key, meta_value) VALUES (${k}, '_stock', '${k}');`,
        'shop',
      )
    }
    // Copied as it is, still open: a FLUSH or a shutdown would end it with an event of MariaDB's
    // own clock, after the dated ones.
    mkdirSync(dir, { recursive: true })
    for (const n of readdirSync(db.dataDir).filter((x) => /^mariadb-bin\.\d+$/.test(x))) {
      copyFileSync(join(db.dataDir, n), join(dir, n))
      chmodSync(join(dir, n), 0o644) // MariaDB's are its own (0660); the site's login reads these
    }
  } finally {
    await db.stop()
  }
}

/** The time of the first whole line at a fraction of the first log (they all span the same days). */
function timeAt(fraction: number): number {
  const first = join(jail.root, 'var/log', LOGS[0]!)
  const fd = openSync(first, 'r')
  const buf = Buffer.alloc(4096)
  readSync(fd, buf, 0, 4096, Math.floor(statSync(first).size * fraction))
  closeSync(fd)
  return lineTime(buf.toString('utf8').split('\n')[1]!)!
}

it('builds a 10-minute timeline of six big logs', async () => {
  // A window in the middle of the logs (the generator writes them all over the same days).
  const from = timeAt(1 / 2)
  const to = from + 10 * 60_000
  const rows: string[] = []
  for (const link of [null, LINKS[0]!]) {
    const shaper = link ? await startShaperThread(sshd.port, link) : null
    const target = sshdTarget(sshd, {
      id: `bench-timeline-${link?.name ?? 'loopback'}`,
      port: shaper?.port ?? sshd.port,
      user: jail.user,
    })
    await target.connect()
    global.gc?.()
    const heapBefore = held()
    let peak = heapBefore
    const watch = setInterval(() => (peak = Math.max(peak, held())), 20)
    const wireBefore = shaper?.bytes.down ?? 0
    const began = performance.now()
    // As the view asks it: no records returned, the store kept in main.
    const sources = [
      ...LOGS.map((l) => `/var/log/${l}`),
      ...(BINLOG_MB > 0 ? ['/var/log/mysql'] : []),
    ]
    const built = await buildTimeline(target, { from, to, sources, limit: 0 })
    const t = built.timeline
    const secs = (performance.now() - began) / 1000
    clearInterval(watch)
    peak = Math.max(peak, held())
    const read = t.sources.reduce((a, s) => a + s.bytesRead, 0)
    const wire = shaper ? (shaper.bytes.down - wireBefore) / 1e6 : null
    rows.push(
      `| ${link?.name ?? 'loopback'} | ${LOGS.length} × ${MB} MB | ${BINLOG_MB} MB | ${t.total.toLocaleString('en')} | ${(t.sources.find((x) => x.kind === 'binlog')?.records ?? 0).toLocaleString('en')} | ${secs.toFixed(2)} | ${(read / 1e6).toFixed(1)} | ${wire === null ? '–' : wire.toFixed(1)} | ${((peak - heapBefore) / 1e6).toFixed(0)} MB |`,
    )
    built.store.close()
    await target.close()
    await shaper?.stop()
  }
  console.log(
    [
      `\nTimeline benchmark (${new Date().toISOString().slice(0, 10)}, ${process.version}):`,
      '| link | logs | binlog | records | of which binlog | seconds | MB read | MB on wire | memory growth |',
      '| ---- | ---- | -----: | ------: | --------------: | ------: | ------: | ---------: | ----------: |',
      ...rows,
    ].join('\n'),
  )
})

it(`keeps a window of about a million lines in main, the view asking pages`, async () => {
  const from = timeAt(1 / 3)
  const to = from + MILLION_MINUTES * 60_000
  const target = sshdTarget(sshd, { id: 'bench-timeline-million', user: jail.user })
  await target.connect()
  global.gc?.()
  const before = held()
  const rssBefore = process.memoryUsage().rss
  let peak = before
  const watch = setInterval(() => (peak = Math.max(peak, held())), 20)
  const began = performance.now()
  const sources = [...LOGS, ...MORE_LOGS].map((l) => `/var/log/${l}`)
  const built = await buildTimeline(target, { from, to, sources, limit: 0 })
  const secs = (performance.now() - began) / 1000
  clearInterval(watch)
  global.gc?.()
  const after = held()
  const rss = process.memoryUsage().rss - rssBefore
  const store = built.store
  const t = built.timeline
  const ms = (fn: () => unknown): number => {
    const s0 = performance.now()
    fn()
    return performance.now() - s0
  }
  // What the view does: pages of 200 rows where the list is scrolled to, the keys, the filters.
  const pages: number[] = []
  for (let k = 0; k < 50; k++)
    pages.push(
      ms(() => store.rows(NO_FILTER, Math.floor((((k * 7919) % 1000) / 1000) * t.total), 200)),
    )
  pages.sort((a, b) => a - b)
  const problems = { ...NO_FILTER, problems: true }
  const firstProblems = ms(() => store.rows(problems, 0, 200))
  const againProblems = ms(() => store.rows(problems, 5000, 200))
  const jump = ms(() => store.jump(NO_FILTER, 0, '5xx', false))
  const text = ms(() => store.rows({ ...NO_FILTER, text: '/product/1234' }, 0, 200))
  const kept = store.rows({ ...NO_FILTER, text: '/product/1234' }, 0, 0).total
  const cut = t.sources.filter((x) => x.truncated).length
  store.close()
  await target.close()
  console.log(
    [
      `\nA window of ${MILLION_MINUTES} minutes across ${sources.length} logs (${new Date().toISOString().slice(0, 10)}, ${process.version}, loopback):`,
      `| records | sources cut at their limit | build s | memory growth, peak | after | RSS growth | a page of 200 rows (median, max of 50) | problems filter: first page, next | next 5xx | text filter (${kept.toLocaleString('en')} kept) |`,
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${t.total.toLocaleString('en')} | ${cut} | ${secs.toFixed(2)} | ${((peak - before) / 1e6).toFixed(0)} MB | ${((after - before) / 1e6).toFixed(0)} MB | ${(rss / 1e6).toFixed(0)} MB | ${pages[25]!.toFixed(1)} ms, ${pages[49]!.toFixed(1)} ms | ${firstProblems.toFixed(0)} ms, ${againProblems.toFixed(1)} ms | ${jump.toFixed(1)} ms | ${text.toFixed(0)} ms |`,
    ].join('\n'),
  )
})
