// Backups (issue #23) on a real jailed sshd: the restore planner counts the writes a database
// restore would lose exactly as the parser alone finds them in the demo's binlogs (mysqlbinlog run
// here), and the weight audit finds a planted dump, archive, duplicate, .git, log and cache.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matchesChange, parseBinlogText } from '../../src/core/binlog'
import type { LostWrites, WeightItem } from '../../src/shared/api'
import { APP_ROOT } from '../harness/app'
import { addServerArgs, cliRunnerAsync } from '../harness/cli'
import { BACKUP_TOOLS } from '../harness/fleet-logs'
import { tempDir } from '../harness/process'
import { createJail, jailConfig, startSshd, type TestJail, type TestSshd } from '../harness/sshd'

const DEMO = join(APP_ROOT, 'resources/demo/var/log/mysql')
const BINLOGS = [
  'mariadb-bin.000001',
  'mariadb-bin.000002',
  'mariadb-bin.000003',
  'mariadb-bin.000004',
]
const MB = 1024 * 1024

/** Per table, the rows written after `since` (epoch s) by the parser alone. */
function expectedLost(since: number): LostWrites[] {
  const tables = new Map<string, LostWrites>()
  for (const name of BINLOGS) {
    const text = execFileSync(
      'mysqlbinlog',
      ['--no-defaults', '--base64-output=DECODE-ROWS', '-vv', join(DEMO, name)],
      { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 28 },
    ).toString('utf8')
    for (const e of parseBinlogText(text, name).events) {
      if (!matchesChange(e, { since, types: ['insert', 'update', 'delete'] })) continue
      const key = `${e.db}.${e.table}`
      const t = tables.get(key) ?? { table: key, inserts: 0, updates: 0, deletes: 0 }
      const n = Math.max(1, e.rows.length)
      if (e.type === 'insert') t.inserts += n
      else if (e.type === 'update') t.updates += n
      else t.deletes += n
      tables.set(key, t)
    }
  }
  return [...tables.values()]
}

describe.runIf(process.getuid?.() === 0)('backups', () => {
  let jail: TestJail
  let sshd: TestSshd
  const home = tempDir('backups-home')
  let twb: ReturnType<typeof cliRunnerAsync>
  const site = '/var/www/site'
  let siteFiles = 0

  beforeAll(async () => {
    jail = createJail('twbbackup', BACKUP_TOOLS, 'backups')
    const mysql = join(jail.root, 'var/log/mysql')
    mkdirSync(mysql, { recursive: true })
    for (const f of BINLOGS) copyFileSync(join(DEMO, f), join(mysql, f))
    const root = join(jail.root, site)
    const put = (path: string, bytes: number, fill = path.length): void => {
      mkdirSync(join(root, path, '..'), { recursive: true })
      writeFileSync(join(root, path), Buffer.alloc(bytes, fill))
      siteFiles++
    }
    put('index.php', 100)
    put('backup-2026-11.zip', 1.5 * MB)
    put('db/shop.sql', 2 * MB)
    put('wp-content/uploads/hero.jpg', 1.2 * MB, 7)
    put('wp-content/uploads/copy/hero.jpg', 1.2 * MB, 7) // the same bytes: a duplicate
    put('wp-content/uploads/other.jpg', 1.2 * MB, 8) // the same size, other bytes: not one
    put('wp-content/debug.log', 1.1 * MB)
    put('wp-content/cache/page.html', 1.1 * MB)
    put('.git/objects/pack/pack-1.pack', 1.3 * MB)
    put('small.sql', 1000) // under the size asked
    execFileSync('chown', ['-R', jail.user, join(jail.root, 'var')])
    sshd = await startSshd({ extra: jailConfig(jail) })
    twb = cliRunnerAsync(home.path)
    expect((await twb(...addServerArgs('shop', { ...sshd, user: jail.user }))).code).toBe(0)
    expect((await twb('server', 'trust', 'shop', '--yes')).code).toBe(0)
  }, 180_000)

  afterAll(async () => {
    await sshd?.stop()
    jail?.remove()
    home.remove()
  })

  it('plans a restore to just before a moment: its backups, the writes it loses, the mail', async () => {
    const r = await twb(
      'backup',
      'plan',
      '--server',
      'shop',
      '--at',
      '2026-11-28T13:22:00Z',
      '--now',
      '2026-12-03T10:00:00Z',
      '--backup-hour',
      '13:20',
      '--json',
    )
    expect(r.code, r.err).toBe(0)
    const plan = JSON.parse(r.out) as {
      files: { point: string; kind: string; kept: string }
      database: { point: string; kind: string }
      lostWrites: LostWrites[]
      changedFiles: number
      request: string
      notes: string[]
    }
    // The jail runs in UTC: the database of 13:20 that day (kept 60 days), the files' newest
    // before the moment the first of the month (2 days of dailies: 12-02 and 12-03 only).
    expect(plan.database).toMatchObject({ point: '2026-11-28T13:20:00.000Z', kind: 'daily' })
    expect(plan.files).toEqual({
      point: '2026-11-01T13:20:00.000Z',
      kind: 'monthly',
      kept: '2027-01-01T00:00:00.000Z',
    })
    const want = expectedLost(Date.parse('2026-11-28T13:20:00Z') / 1000)
    expect(want.length).toBeGreaterThan(1)
    const byTable = (l: LostWrites[]) => [...l].sort((a, b) => a.table.localeCompare(b.table))
    expect(byTable(plan.lostWrites)).toEqual(byTable(want))
    expect(plan.changedFiles).toBe(siteFiles)
    expect(plan.request).toMatch(
      /^Subject: Restore request: database of shop to 2026-11-28 13:20:00 UTC/,
    )
    expect(plan.request).toContain(`- ${plan.lostWrites[0]!.table}: `)
    // A moment no database backup reaches: said, nothing counted.
    const old = await twb(
      'backup',
      'plan',
      '--server',
      'shop',
      '--at',
      '2026-01-01T00:00:00Z',
      '--json',
    )
    const none = JSON.parse(old.out) as { database: null; notes: string[] }
    expect(none.database).toBeNull()
    expect(none.notes).toContain(
      'The host keeps no database backup that old: no restore can go back there.',
    )
  }, 120_000)

  it('finds what weighs on the backups, computed on the server', async () => {
    const r = await twb('backup', 'weight', '--server', 'shop', '--min-mb', '1', '--json')
    expect(r.code, r.err).toBe(0)
    const items = JSON.parse(r.out) as WeightItem[]
    // Each planted thing once, by its kind (the duplicate's two copies: one kept, one said).
    expect(items.map((i) => i.kind).sort()).toEqual([
      'archive',
      'cache',
      'dump',
      'duplicate',
      'git',
      'log',
    ])
    expect(items.find((i) => i.kind === 'dump')!.path).toBe(`${site}/db/shop.sql`)
    expect(items.find((i) => i.kind === 'archive')!.path).toBe(`${site}/backup-2026-11.zip`)
    expect(items.find((i) => i.kind === 'git')!.path).toBe(`${site}/.git`)
    const kinds = new Map(items.map((i) => [i.path, i]))
    const dup = items.find((i) => i.kind === 'duplicate')!
    expect([dup.path, dup.duplicateOf].sort()).toEqual([
      `${site}/wp-content/uploads/copy/hero.jpg`,
      `${site}/wp-content/uploads/hero.jpg`,
    ])
    expect(kinds.get(`${site}/wp-content/debug.log`)?.kind).toBe('log')
    expect(kinds.get(`${site}/wp-content/cache`)?.kind).toBe('cache')
    expect(kinds.has(`${site}/wp-content/uploads/other.jpg`)).toBe(false)
    expect(kinds.has(`${site}/small.sql`)).toBe(false)
    // The pack inside .git is counted with its folder, not twice.
    expect(kinds.has(`${site}/.git/objects/pack/pack-1.pack`)).toBe(false)
    const sql = kinds.get(`${site}/db/shop.sql`)!
    expect(sql.bytes).toBe(2 * MB)
    expect(sql.backupWeight).toEqual([70 * MB, 140 * MB])
    expect(items).toHaveLength(6)
    // Ranked by size.
    expect(items.map((i) => i.bytes)).toEqual([...items.map((i) => i.bytes)].sort((a, b) => b - a))
  }, 120_000)
})
