// The binlog finder over a real sshd, as on a customer server: mysqlbinlog runs there (TZ=UTC,
// --no-defaults first), its output streams back; a known change is found with its exact second,
// position and thread id; cancelling mid-decode leaves no mysqlbinlog running.
import { execFileSync } from 'node:child_process'
import { basename, dirname } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createConnection, type Connection } from 'mysql2/promise'
import type { ChangeEvent } from '../../src/core/binlog/mysqlbinlog-text'
import { decodeBinlog, PREFILTER_AWK } from '../../src/core/binlog'
import { findChanges, listBinlogs, serverZone } from '../../src/main/services/binlog/binlog'
import { JobManager } from '../../src/main/services/platform/jobs'
import type { Services } from '../../src/main/services/api/session'
import { createServices } from '../../src/main/services/api/services'
import { APP_ROOT } from '../harness/app'
import { startMariadb, type TestMariadb } from '../harness/mariadb'
import { tempDir, waitFor } from '../harness/process'
import { commandsRunning, startSshd, testProfile, type TestSshd } from '../harness/sshd'
import { LINKS, startShaper, type Shaper } from '../harness/shaper'
import { SshTarget } from '../../src/main/services/platform/ssh-target'

/** The pre-filter's awk processes (mawk, which the finder prefers, or the system's awk). */
const awks = (): number[] => [
  ...commandsRunning('mawk', PREFILTER_AWK),
  ...commandsRunning('awk', PREFILTER_AWK),
]

describe('binlogs decoded on a server over SSH', () => {
  let db: TestMariadb
  let conn: Connection
  let sshd: TestSshd
  let services: Services
  const home = tempDir('binlog-ssh-home')
  let rogue: { thread: number; from: number; to: number }

  beforeAll(async () => {
    db = await startMariadb({ binlogFormat: 'ROW' })
    conn = await createConnection({ host: db.host, port: db.port, user: 'root' })
    await conn.query('CREATE DATABASE shop')
    await conn.query('CREATE TABLE shop.meta (id INT PRIMARY KEY AUTO_INCREMENT, v TEXT)')
    await conn.query("INSERT INTO shop.meta (v) VALUES (REPEAT('x', 300))")
    // Enough rows that decoding takes a while (about 40 MB of binlog).
    for (let i = 0; i < 17; i++)
      await conn.query('INSERT INTO shop.meta (v) SELECT v FROM shop.meta LIMIT 100000')
    await conn.query("UPDATE shop.meta SET v = CONCAT(v, '!') WHERE id % 3 = 0")
    // A small table a DBA looks for among the bulk traffic.
    await conn.query('CREATE TABLE shop.small (id INT PRIMARY KEY, v TEXT)')
    await conn.query("INSERT INTO shop.small VALUES (1, 'a'), (2, 'b')")
    await conn.query("UPDATE shop.small SET v = 'c' WHERE id = 2")
    // The rogue change, in STATEMENT format so that it carries its connection id.
    const other = await createConnection({ host: db.host, port: db.port, user: 'root' })
    const [rows] = await other.query('SELECT CONNECTION_ID() AS id')
    const thread = (rows as { id: number }[])[0]!.id
    await other.query("SET SESSION binlog_format = 'STATEMENT'")
    const from = Math.floor(Date.now() / 1000)
    await other.query("UPDATE shop.meta SET v = 'rogue' WHERE id = 7")
    const to = Math.ceil(Date.now() / 1000)
    await other.end()
    rogue = { thread, from, to }
    await conn.query('FLUSH BINARY LOGS')
    sshd = await startSshd()
    services = createServices({ appRoot: APP_ROOT, dataDir: home.path, locale: 'en' })
    services.servers.add(testProfile(sshd, { name: 'Db', cmsRoot: dirname(db.binlogBase) }))
    services.servers.trust('db', sshd.hostFingerprint)
    await services.servers.connect('db')
  }, 300_000)

  afterAll(async () => {
    await services?.servers.close()
    await sshd?.stop()
    await conn?.end()
    await db?.stop()
    home.remove()
  })

  /** The server behind the test shaper (50 Mbit/s, 30 ms), and a connection to it. */
  const overSlowLink = async (id: string): Promise<{ shaper: Shaper; far: SshTarget }> => {
    const shaper = await startShaper(sshd.port, LINKS[0]!)
    const far = new SshTarget({
      id,
      endpoint: { host: '127.0.0.1', port: shaper.port, user: sshd.user },
      credentials: () => ({ privateKey: sshd.privateKey }),
      trustedFingerprint: () => sshd.hostFingerprint,
    })
    return { shaper, far }
  }

  const run = async (
    filter: Parameters<typeof findChanges>[2],
    onProgress?: (
      jobs: JobManager,
      id: string,
      done: number,
      total: number,
      found: number,
      values: Record<string, number>,
    ) => void,
    target: SshTarget = services.servers.sshTarget('db'),
  ): Promise<{ events: ChangeEvent[]; cancelled: boolean; error?: string }> => {
    const files = (await listBinlogs(target, dirname(db.binlogBase))).map((b) => b.path)
    const events: ChangeEvent[] = []
    let id = ''
    return new Promise((resolve) => {
      const jobs: JobManager = new JobManager((event, payload) => {
        const p = payload as Record<string, unknown>
        if (event === 'job:batch') {
          for (const e of p.records as ChangeEvent[]) events.push(e)
          jobs.ack(p.job as string, p.seq as number)
        } else if (event === 'job:progress') {
          onProgress?.(
            jobs,
            id,
            p.done as number,
            p.total as number,
            events.length,
            (p.values ?? {}) as Record<string, number>,
          )
        } else if (event === 'job:end') {
          const error = (p.error as { message: string } | undefined)?.message
          resolve({ events, cancelled: p.cancelled === true, ...(error ? { error } : {}) })
        }
      })
      id = jobs.start('binlog:find', (ctx) => findChanges(target, files, filter, ctx))
    })
  }

  it('finds the rogue UPDATE with its exact second, position and connection id', async () => {
    const { events, error } = await run({ types: ['update'], text: "'rogue'" })
    expect(error).toBeUndefined()
    expect(events).toHaveLength(1)
    const e = events[0]!
    expect(e.thread).toBe(rogue.thread)
    expect(e.epoch).toBeGreaterThanOrEqual(rogue.from)
    expect(e.epoch).toBeLessThanOrEqual(rogue.to)
    expect(e.sql).toBe("UPDATE shop.meta SET v = 'rogue' WHERE id = 7")
    // The position is the event's own `# at` in mysqlbinlog's output of that file.
    const text = execFileSync(
      'mysqlbinlog',
      ['--no-defaults', '--base64-output=DECODE-ROWS', `${dirname(db.binlogBase)}/${e.file}`],
      { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 28 },
    ).toString('utf8')
    expect(text).toContain(`# at ${e.pos}\n`)
    expect(text).toContain(`SET TIMESTAMP=${e.epoch}/*!*/;`)
  })

  it('over a slow link, decodes with the output compressed on the server: the same events', async () => {
    const { shaper, far } = await overSlowLink('db-far')
    try {
      const filter = { types: ['update' as const], text: "'rogue'" }
      const near = await run(filter)
      const before = shaper.bytes.down
      let last: Record<string, number> = {}
      const compressed = await run(filter, (...args) => (last = args[5]), far)
      expect(compressed.error).toBeUndefined()
      expect(compressed.events).toEqual(near.events)
      // The link was measured (a quarter megabyte of the binlog, read raw) and found slow: the decoded
      // text crossed it compressed, several times smaller than the binlog itself.
      expect(far.reads.throughput).not.toBeNull()
      const binlogBytes = (await listBinlogs(far, dirname(db.binlogBase))).reduce(
        (n, b) => n + b.size,
        0,
      )
      expect(shaper.bytes.down - before).toBeLessThan(binlogBytes / 2)
      // The progress says what the text cost on the wire: its bytes, those that crossed. Only
      // UPDATEs wanted: the INSERTs' row images were dropped on the server before the wire.
      expect((last as Record<string, unknown>).filtered).toBe('server')
      expect(last.text).toBeGreaterThan(0)
      expect(last.wire).toBeLessThan(last.text! / 4)
      expect(last.ms).toBeGreaterThan(0)
    } finally {
      await far.close()
      await shaper.stop()
    }
  })

  it('pushes a table filter down to mysqlbinlog on the server: the events of a plain decode, a fraction of the text', async () => {
    const target = services.servers.sshTarget('db')
    const files = (await listBinlogs(target, dirname(db.binlogBase))).map((b) => b.path)
    const filter = { table: 'shop.small', types: ['update' as const] }
    let last: Record<string, unknown> = {}
    const pushed = await run(filter, (...args) => (last = args[5]))
    expect(pushed.error).toBeUndefined()
    expect(last.filtered).toBe('server')
    // The reference: all of mysqlbinlog's text, filtered here only.
    const text = execFileSync(
      'mysqlbinlog',
      ['--no-defaults', '--base64-output=DECODE-ROWS', '-vv', ...files],
      { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 30 },
    ).toString('utf8')
    const expected: ChangeEvent[] = []
    const parser = decodeBinlog(
      filter,
      { change: (e) => expected.push(e) },
      { file: basename(files[0]!) },
    )
    parser.push(text)
    parser.end()
    expect(expected).toHaveLength(1)
    expect(pushed.events).toEqual(expected)
    // The bulk table's row images (nearly all of the binlog) were not even decoded.
    expect(last.text as number).toBeLessThan(text.length / 100)
  })

  it("reads the server's time zone, to show event times there too", async () => {
    const local = execFileSync('date', ['+%z']).toString().trim()
    const sign = local.startsWith('-') ? -1 : 1
    const expected = sign * (Number(local.slice(1, 3)) * 60 + Number(local.slice(3, 5)))
    expect(await serverZone(services.servers.sshTarget('db'))).toBe(expected)
  })

  it('cancelling over a slow link stops mysqlbinlog and its pre-filter on the server and keeps what was found', async () => {
    const { shaper, far } = await overSlowLink('db-far-cancel')
    let cancelled = false
    let runningAtCancel = 0
    let filtersAtCancel = 0
    const r = await run(
      { types: ['insert', 'update'] },
      (jobs, id, done, total, found) => {
        // Part of the way through, once some events have arrived: cancel.
        if (!cancelled && found > 0 && done < total * 0.8) {
          cancelled = true
          runningAtCancel = commandsRunning('mysqlbinlog', '--no-defaults').length
          filtersAtCancel = awks().length
          jobs.cancel(id)
        }
      },
      far,
    )
    expect(cancelled).toBe(true)
    expect(runningAtCancel).toBe(1)
    // Over the slow link the kinds asked were pushed down: the server's awk ran too, and goes
    // with it.
    expect(filtersAtCancel).toBe(1)
    expect(r.cancelled).toBe(true)
    expect(r.events.length).toBeGreaterThan(0)
    await waitFor(
      'no mysqlbinlog nor its pre-filter left on the server',
      () => commandsRunning('mysqlbinlog', '--no-defaults').length === 0 && awks().length === 0,
      10_000,
    )
    await far.close()
    await shaper.stop()
  })
})
