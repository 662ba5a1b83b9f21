// Binlog decoding: `mysqlbinlog … | twb binlog events - --table X --type update` against
// mysqlbinlog alone (and piped into `wc -l`) on the same MariaDB binlog of at least 500 MB of
// mixed inserts, updates and deletes, built in this run.
import { spawn, spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { APP_ROOT } from '../test/harness/app'
import { startMariadb, type TestMariadb } from '../test/harness/mariadb'
import { LINKS, startShaper } from '../test/harness/shaper'
import { sshClientOptions, startSshd, type TestSshd } from '../test/harness/sshd'
import { findChanges } from '../src/main/services/binlog'
import { SshTarget } from '../src/main/services/platform/ssh-target'
import type { ChangeFilter } from '../src/shared/binlog'

const TARGET_MB = Number(process.env.BENCH_BINLOG_MB ?? 500)
let db: TestMariadb
let file = ''
let sshd: TestSshd | undefined

beforeAll(async () => {
  db = await startMariadb({ binlogFormat: 'ROW' })
  db.sql(`SET GLOBAL max_binlog_size = ${1024 * 1024 * 1024};`)
  db.sql(
    'CREATE DATABASE shop; CREATE TABLE shop.postmeta (id BIGINT PRIMARY KEY AUTO_INCREMENT, post_id INT, meta_key VARCHAR(64), meta_value TEXT);',
  )
  db.sql(
    "INSERT INTO shop.postmeta (post_id, meta_key, meta_value) VALUES (1, '_price', REPEAT('x', 200));",
    'shop',
  )
  // A small table a DBA looks for among the bulk traffic: a few updates per round.
  db.sql(
    "CREATE TABLE shop.options (id INT PRIMARY KEY, name VARCHAR(64), value TEXT); INSERT INTO shop.options VALUES (1, 'siteurl', 'https://shop.example'), (2, 'blogname', 'Shop');",
    'shop',
  )
  const size = (): number => {
    const logs = readdirSync(db.dataDir)
      .filter((n) => /^mariadb-bin\.\d+$/.test(n))
      .sort()
    file = join(db.dataDir, logs.at(-1)!)
    return statSync(file).size / (1 << 20)
  }
  // Doubling inserts, then updates and deletes of slices, until the binlog is big enough.
  for (let round = 0; size() < TARGET_MB && round < 40; round++) {
    db.sql(
      `UPDATE options SET value = CONCAT(value, '/${round}') WHERE id = ${1 + (round % 2)};`,
      'shop',
    )
    if (round < 17) {
      db.sql(
        "INSERT INTO postmeta (post_id, meta_key, meta_value) SELECT post_id + 1, '_price', MD5(RAND()) FROM postmeta LIMIT 200000;",
        'shop',
      )
    } else {
      db.sql(
        `UPDATE postmeta SET meta_value = CONCAT(meta_value, '${round}') WHERE id % 7 = ${round % 7};`,
        'shop',
      )
      db.sql(`DELETE FROM postmeta WHERE id % 97 = ${round % 97} LIMIT 20000;`, 'shop')
      db.sql(
        "INSERT INTO postmeta (post_id, meta_key, meta_value) SELECT post_id, '_stock', REPEAT('y', 120) FROM postmeta LIMIT 100000;",
        'shop',
      )
    }
  }
}, 1_200_000)

afterAll(async () => {
  await sshd?.stop()
  await db?.stop()
})

function run(script: string): { secs: number; rssMb: number | null } {
  const t = process.hrtime.bigint()
  const r = spawnSync('sh', ['-c', script], {
    env: { ...process.env, TZ: 'UTC' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  if (r.status !== 0) throw new Error(`${script}: ${r.stderr}`)
  const rss = /MAXRSS (\d+)/.exec(r.stderr)
  return {
    secs: Number(process.hrtime.bigint() - t) / 1e9,
    rssMb: rss ? Number(rss[1]) / 1024 : null,
  }
}

it(`decodes a ${TARGET_MB} MB binlog`, () => {
  const mb = statSync(file).size / (1 << 20)
  const decode = `mysqlbinlog --no-defaults --base64-output=DECODE-ROWS -v '${file}'`
  const twb = `${process.execPath} '${join(APP_ROOT, 'bin/twb.js')}'`
  // The same text in a file: the parser's own speed, without the pipe.
  const text = join(db.dataDir, 'decoded.txt')
  run(`${decode} > '${text}'`)
  const rows = [
    ['mysqlbinlog -v > /dev/null', run(`${decode} > /dev/null`)],
    ['mysqlbinlog -v | wc -l', run(`${decode} | wc -l > /dev/null`)],
    [
      // The DBA's question: the updates of one small table among the bulk traffic.
      'mysqlbinlog -v | twb binlog events - --table shop.options --type update --json',
      run(
        `${decode} | /usr/bin/time -f 'MAXRSS %M' ${twb} binlog events - --table shop.options --type update --json > /dev/null`,
      ),
    ],
    [
      // The worst case: the filter keeps most of the text (1.3 M updated rows printed as JSON).
      'mysqlbinlog -v | twb binlog events - --table shop.postmeta --type update --json',
      run(
        `${decode} | /usr/bin/time -f 'MAXRSS %M' ${twb} binlog events - --table shop.postmeta --type update --json > /dev/null`,
      ),
    ],
    [
      'twb binlog events decoded.txt --table shop.options --type update --json (no pipe)',
      run(
        `/usr/bin/time -f 'MAXRSS %M' ${twb} binlog events '${text}' --table shop.options --type update --json > /dev/null`,
      ),
    ],
  ] as const
  const base = rows[0][1].secs
  const textMb = statSync(text).size / (1 << 20)
  console.log(
    `(${textMb.toFixed(0)} MB of text: the last row reads it at ${(textMb / rows[4][1].secs).toFixed(0)} MB/s)`,
  )
  console.log(
    [
      `\nBinlog decoding, ${mb.toFixed(0)} MB ROW binlog (MariaDB ${db.sql('SELECT VERSION();').trim()}), ${new Date().toISOString().slice(0, 10)}, ${process.version}:`,
      '',
      '| pipeline | seconds | MB/s of binlog | vs mysqlbinlog alone | twb peak memory |',
      '|---|---:|---:|---:|---:|',
      ...rows.map(
        ([name, r]) =>
          `| ${name} | ${r.secs.toFixed(2)} | ${(mb / r.secs).toFixed(0)} | ${(r.secs / base).toFixed(2)}× | ${r.rssMb ? `${r.rssMb.toFixed(0)} MB` : ''} |`,
      ),
      '',
    ].join('\n'),
  )
})

/** The finder's events for `filter`, over `target` (one job, as the app runs it). */
async function find(
  target: SshTarget,
  filter: ChangeFilter,
): Promise<{ events: number; text: number; wire: number }> {
  let events = 0
  let values: Record<string, string | number> = {}
  await findChanges(target, [file], filter, {
    id: 'bench',
    signal: new AbortController().signal,
    push: () => (events++, true),
    drained: async () => undefined,
    progress: (_d, _t, _c, v) => (values = v ?? values),
  })
  return { events, text: Number(values.text ?? 0), wire: Number(values.wire ?? 0) }
}

it('finds changes over SSH: the finder against mysqlbinlog alone on the server', async () => {
  sshd = await startSshd()
  const mb = statSync(file).size / (1 << 20)
  // mysqlbinlog alone on the server, its output discarded there: the floor of any finder. (Run
  // asynchronously: a synchronous ssh would stall the shaper, which runs in this process.)
  const alone = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const t = process.hrtime.bigint()
      const child = spawn(
        'ssh',
        [
          ...sshClientOptions(sshd!),
          '-p',
          String(port),
          `${sshd!.user}@127.0.0.1`,
          `TZ=UTC mysqlbinlog --no-defaults --base64-output=DECODE-ROWS -vv '${file}' > /dev/null`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      )
      let err = ''
      child.stderr.on('data', (b: Buffer) => (err += b.toString()))
      child.on('close', (code) =>
        code === 0 ? resolve(Number(process.hrtime.bigint() - t) / 1e9) : reject(new Error(err)),
      )
    })
  const rows: string[] = []
  for (const link of [null, LINKS[0]!]) {
    const shaper = link ? await startShaper(sshd.port, link) : null
    const port = shaper?.port ?? sshd.port
    const floor = await alone(port)
    for (const [name, filter] of [
      ['one small table (shop.options), updates', { table: 'shop.options', types: ['update'] }],
      ['the bulk table (shop.postmeta), updates', { table: 'shop.postmeta', types: ['update'] }],
    ] as const) {
      const target = new SshTarget({
        id: `bench-binlog-${port}-${name}`,
        endpoint: { host: '127.0.0.1', port, user: sshd.user },
        credentials: () => ({ privateKey: sshd!.privateKey }),
        trustedFingerprint: () => sshd!.hostFingerprint,
      })
      await target.connect()
      const t = process.hrtime.bigint()
      const r = await find(target, { ...filter, types: [...filter.types] })
      const secs = Number(process.hrtime.bigint() - t) / 1e9
      await target.close()
      rows.push(
        `| ${link?.name ?? 'loopback'} | ${name} | ${floor.toFixed(2)} | ${secs.toFixed(2)} | ${(secs / floor).toFixed(2)}× | ${r.events.toLocaleString('en')} | ${(r.text / 1e6).toFixed(0)} | ${(r.wire / 1e6).toFixed(1)} |`,
      )
    }
    await shaper?.stop()
  }
  console.log(
    [
      `\nBinlog find over SSH, ${mb.toFixed(0)} MB ROW binlog, ${new Date().toISOString().slice(0, 10)}, ${process.version}:`,
      '',
      '| link | filter | mysqlbinlog alone on the server, s | twb find, s | ratio | events | MB of text kept | MB on the wire |',
      '|---|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n'),
  )
})
