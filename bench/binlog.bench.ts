// Binlog decoding: `mysqlbinlog … | twb binlog events - --table X --type update` against
// mysqlbinlog alone (and piped into `wc -l`) on the same MariaDB binlog of at least 500 MB of
// mixed inserts, updates and deletes, built in this run.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { APP_ROOT } from '../test/harness/app'
import { startMariadb, type TestMariadb } from '../test/harness/mariadb'

const TARGET_MB = Number(process.env.BENCH_BINLOG_MB ?? 500)
let db: TestMariadb
let file = ''

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
