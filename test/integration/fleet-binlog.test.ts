// The fleet's binlog finder (issue #22) on real servers: jailed logins behind their own sshd,
// each decoding its own binlogs with its own mysqlbinlog — the demo's four, one of them only, none
// (binary logging off), and one server down. Each server's changes must be exactly those the
// parser alone finds in its files (mysqlbinlog run here), merged by time with their server.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matchesChange, parseBinlogText } from '../../src/core/binlog'
import type { ChangeEvent, ChangeFilter } from '../../src/shared/binlog'
import { createServices } from '../../src/main/services/api/services'
import { fleetBinlog, fleetOverview } from '../../src/main/services/fleet'
import { APP_ROOT } from '../harness/app'
import { cliRunnerAsync } from '../harness/cli'
import { tempDir } from '../harness/process'
import { BINLOG_TOOLS } from '../harness/fleet-logs'
import { createJail, jailConfig, startSshd, testProfile } from '../harness/sshd'
import type { TestJail, TestSshd } from '../harness/sshd'

const DEMO = join(APP_ROOT, 'resources/demo/var/log/mysql')
const ALL = ['mariadb-bin.000001', 'mariadb-bin.000002', 'mariadb-bin.000003', 'mariadb-bin.000004']
/** What each server's /var/log/mysql holds (null: no such folder); the last one is down. */
const HOLDS: (string[] | null)[] = [ALL, ['mariadb-bin.000002'], null, ALL]
const DOWN = 3
const TOOLS = ['sh', 'cat', 'ls', 'head', 'tail', 'gzip', 'stat', ...BINLOG_TOOLS]
const DAY = {
  since: Date.parse('2026-11-28T00:00:00Z') / 1000,
  until: Date.parse('2026-11-29T00:00:00Z') / 1000,
}

/** The changes the parser alone finds in these demo binlogs (decoded here by mysqlbinlog). */
function expectedChanges(files: string[], filter: ChangeFilter): ChangeEvent[] {
  return files.flatMap((name) => {
    const text = execFileSync(
      'mysqlbinlog',
      ['--no-defaults', '--base64-output=DECODE-ROWS', '-vv', join(DEMO, name)],
      { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 28 },
    ).toString('utf8')
    return parseBinlogText(text, name).events.filter((e) => matchesChange(e, filter))
  })
}

describe.runIf(process.getuid?.() === 0)('the fleet binlog finder', () => {
  const home = tempDir('fleet-binlog-home')
  const jails: TestJail[] = []
  const sshds: TestSshd[] = []
  let services: ReturnType<typeof createServices>

  beforeAll(async () => {
    HOLDS.forEach((files, k) => {
      const jail = createJail(`twbfbin${k}`, TOOLS, `fbin${k}`)
      jails.push(jail)
      if (files === null) return
      const dir = join(jail.root, 'var/log/mysql')
      mkdirSync(dir, { recursive: true })
      for (const f of files) copyFileSync(join(DEMO, f), join(dir, f))
      writeFileSync(join(dir, 'mariadb-bin.index'), files.map((f) => `./${f}\n`).join(''))
      execFileSync('chown', ['-R', jail.user, dir])
    })
    sshds.push(...(await Promise.all(jails.map((j) => startSshd({ extra: jailConfig(j) })))))
    services = createServices({ appRoot: APP_ROOT, dataDir: home.path, locale: 'en' })
    sshds.forEach((s, k) => {
      const info = services.servers.add(
        testProfile(s, { name: `db-${k}`, user: jails[k]!.user, group: 'dba' }),
      )
      services.servers.trust(info.id, s.hostFingerprint)
    })
    await sshds[DOWN]!.daemon.stop()
  }, 180_000)

  afterAll(async () => {
    await services?.servers.close()
    for (const s of sshds) await s.stop().catch(() => undefined)
    for (const j of jails) j.remove()
    home.remove()
  })

  it('finds on each server what the parser alone finds in its binlogs, for several filters', async () => {
    const filters: ChangeFilter[] = [
      { ...DAY, types: ['update'], table: '*_options' },
      { ...DAY, types: ['delete'] },
      { ...DAY, table: 'shopdb.shop_*', types: ['insert', 'update'] },
      { ...DAY, types: ['ddl'] },
      {
        since: Date.parse('2026-11-28T13:22:00Z') / 1000,
        until: Date.parse('2026-11-28T13:23:00Z') / 1000,
      },
    ]
    for (const filter of filters) {
      const seen: string[] = []
      const results = await fleetBinlog(
        services.servers,
        services.servers.list().filter((s) => s.kind === 'ssh'),
        filter,
        (r) => void seen.push(r.server),
      )
      expect(seen.sort()).toEqual(['db-0', 'db-1', 'db-2', 'db-3'])
      const by = new Map(results.map((r) => [r.server, r]))
      for (const [k, files] of HOLDS.entries()) {
        const r = by.get(`db-${k}`)!
        if (k === DOWN) {
          expect(r.ok).toBe(false)
          expect(r.error).toMatch(/ECONNREFUSED|refused/i)
          continue
        }
        expect(r.ok, r.error).toBe(true)
        const want = expectedChanges(files ?? [], filter)
        expect(r.events, `db-${k} ${JSON.stringify(filter)}`).toEqual(want)
        expect(r.total).toBe(want.length)
        if (files === null) expect(r.notes).toEqual(['No binary log in /var/log/mysql.'])
      }
    }
    // The filters select: not everything, and not nothing.
    const rogue = expectedChanges(ALL, filters[0]!)
    expect(rogue.length).toBeGreaterThan(0)
    expect(rogue.length).toBeLessThan(expectedChanges(ALL, { ...DAY }).length)
  }, 300_000)

  it('counts the schema changes since the last snapshot: the DDL its binlogs hold since then', async () => {
    const takenAt = '2026-11-28T13:20:00.000Z'
    const since = Date.parse(takenAt) / 1000
    const ssh = services.servers.list().filter((s) => s.kind === 'ssh')
    for (const s of ssh)
      await services.snapshots.save(s.id, {
        version: 1,
        takenAt,
        server: s.name,
        database: 'shopdb',
        tables: {},
        views: {},
        triggers: {},
      })
    const rows = await fleetOverview(services.servers, services.snapshots, ssh, () => undefined)
    const by = new Map(rows.map((r) => [r.server, r]))
    const want = expectedChanges(ALL, { types: ['ddl'], table: 'shopdb.*', since })
    expect(want.length).toBeGreaterThan(0)
    // Not every DDL of the demo: those before the snapshot are not drift.
    expect(want.length).toBeLessThan(expectedChanges(ALL, { types: ['ddl'] }).length)
    expect(by.get('db-0')!.driftChanges).toBe(want.length)
    expect(by.get('db-0')!.binlogBytes).toBe(
      ALL.reduce((a, f) => a + statSync(join(DEMO, f)).size, 0),
    )
    expect(by.get('db-0')!.binlogLast).toBe(Date.parse('2026-11-28T13:24:09Z') / 1000)
    expect(by.get('db-1')!.driftChanges).toBe(
      expectedChanges(HOLDS[1]!, { types: ['ddl'], table: 'shopdb.*', since }).length,
    )
    // Its binlogs begin after the snapshot: a lower bound, said.
    expect(by.get('db-1')!.notes.join(' ')).toContain(
      'The binlogs begin after the snapshot of shopdb',
    )
    expect(by.get('db-2')!.driftChanges).toBeNull()
    expect(by.get('db-2')!.notes).toContain('Schema drift needs the binlogs, and none can be read.')
    expect(by.get('db-3')!.ok).toBe(false)
  }, 300_000)

  it('twb fleet binlog: the changes of every server merged by time, each with its server', async () => {
    const twb = cliRunnerAsync(home.path)
    const r = await twb(
      'fleet',
      'binlog',
      '--table',
      '*_options',
      '--type',
      'update',
      '--since',
      '2026-11-28T00:00:00Z',
      '--until',
      '2026-11-29T00:00:00Z',
      '--json',
    )
    expect(r.code).toBe(1) // db-3 is down
    const changes = JSON.parse(r.out) as (ChangeEvent & { server: string })[]
    const want = [
      ...expectedChanges(HOLDS[0]!, { ...DAY, types: ['update'], table: '*_options' }).map((e) => ({
        server: 'db-0',
        ...e,
      })),
      ...expectedChanges(HOLDS[1]!, { ...DAY, types: ['update'], table: '*_options' }).map((e) => ({
        server: 'db-1',
        ...e,
      })),
    ].sort((a, b) => a.epoch - b.epoch || a.server.localeCompare(b.server))
    expect(changes).toEqual(want)
    // The rogue options UPDATE of 13:22:07, on both servers that hold its binlog.
    expect(changes.filter((c) => c.time === '2026-11-28T13:22:07Z').map((c) => c.server)).toEqual([
      'db-0',
      'db-1',
    ])
    expect(r.err).toContain('db-2: No binary log in /var/log/mysql.')
    expect(r.err).toMatch(/db-3: .*refused/i)
    expect(r.err).toContain(`${want.length} changes on 3 of 4 servers`)
    // The last hour by default: the demo's binlogs are older, no binlog covers it, said.
    const hour = await twb('fleet', 'binlog', '--group', 'dba')
    expect(hour.code).toBe(1)
    expect(hour.err).toContain('db-0: None of its 4 binary logs covers the time asked.')
    expect(hour.err).toContain('0 changes on 3 of 4 servers')
    // Positions belong to one file: refused as a usage error.
    const pos = await twb('fleet', 'binlog', '--start-position', '4')
    expect(pos.code).toBe(2)
  }, 300_000)
})
