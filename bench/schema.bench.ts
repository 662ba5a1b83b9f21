// Snapshot speed: a database of 2,000 WordPress-like tables snapshotted over the real sshd's
// tunnel (batched queries), against the round trips a naive tool makes (one SHOW CREATE TABLE
// per table, through the same tunnel), in the same run.
import { afterAll, beforeAll, it } from 'vitest'
import { SshTarget } from '../src/main/services/platform/ssh-target'
import { connectDatabase, takeSnapshot } from '../src/main/services/schema/schema'
import { startMariadb, type TestMariadb } from '../test/harness/mariadb'
import { startSshd, type TestSshd } from '../test/harness/sshd'
import { createTables } from './wan-site'

const TABLES = Number(process.env.BENCH_SCHEMA_TABLES ?? 2000)
let db: TestMariadb
let sshd: TestSshd

beforeAll(async () => {
  db = await startMariadb()
  db.sql(
    "CREATE DATABASE big; CREATE USER 'b'@'127.0.0.1' IDENTIFIED BY 'b'; GRANT ALL ON big.* TO 'b'@'127.0.0.1';",
  )
  createTables(db, 'big', TABLES)
  sshd = await startSshd()
}, 600_000)

afterAll(async () => {
  await sshd?.stop()
  await db?.stop()
})

it(`snapshots ${TABLES} tables over SSH`, async () => {
  const target = new SshTarget({
    id: 'bench',
    endpoint: { host: sshd.host, port: sshd.port, user: sshd.user },
    credentials: () => ({ privateKey: sshd.privateKey }),
    trustedFingerprint: () => sshd.hostFingerprint,
  })
  const conn = await connectDatabase(
    { host: '127.0.0.1', port: db.port, user: 'b', password: 'b', database: 'big' },
    target,
  )
  const time = async (fn: () => Promise<unknown>): Promise<number> => {
    const t = process.hrtime.bigint()
    await fn()
    return Number(process.hrtime.bigint() - t) / 1e9
  }
  await takeSnapshot(conn, 'big', null) // warm-up
  const batched = await time(() => takeSnapshot(conn, 'big', null))
  const naive = await time(async () => {
    for (let i = 0; i < TABLES; i++) await conn.query(`SHOW CREATE TABLE t${i}_postmeta`)
  })
  await conn.end()
  await target.close()
  console.log(
    [
      `\nSchema snapshot of ${TABLES} tables over the SSH tunnel (${new Date().toISOString().slice(0, 10)}, ${process.version}):`,
      '',
      '| method | round trips | seconds on loopback | seconds at 30 ms RTT (estimate) |',
      '|---|---:|---:|---:|',
      `| twb snapshot (information_schema + SHOW CREATE TABLE by 100) | ${6 + Math.ceil(TABLES / 100)} | ${batched.toFixed(2)} | ${(batched + (6 + Math.ceil(TABLES / 100)) * 0.03).toFixed(1)} |`,
      `| SHOW CREATE TABLE alone, one round trip per table | ${TABLES} | ${naive.toFixed(2)} | ${(naive + TABLES * 0.03).toFixed(1)} |`,
      '',
    ].join('\n'),
  )
})
