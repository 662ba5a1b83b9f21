// The restore planner from a binlog event, in Debian's Chromium on web mode: a jailed server whose
// binlogs a real MariaDB just wrote (a few inserts, then a rogue UPDATE); the event's detail plans
// a restore to just before it — the database backup of the contract's hour, the writes it would
// lose per table, the mail to the host — and the weight audit finds a dump left in the site.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { serveApp, type ServedApp } from '../harness/app'
import { launchChromium, openApp, screenshot } from '../harness/browser'
import { addServerArgs, cliRunner } from '../harness/cli'
import { BACKUP_TOOLS, pad } from '../harness/fleet-logs'
import { startMariadb, type TestMariadb } from '../harness/mariadb'
import { createJail, jailConfig, startSshd, type TestJail, type TestSshd } from '../harness/sshd'

describe.runIf(process.getuid?.() === 0)('backups', () => {
  let db: TestMariadb
  let jail: TestJail
  let sshd: TestSshd
  let app: ServedApp
  let browser: Browser
  let page: Page
  let problems: string[]
  /** The daily backup's time: two minutes before the first write (the jail runs in UTC). */
  let hour = ''

  beforeAll(async () => {
    const before = new Date(Date.now() - 120_000)
    hour = `${pad(before.getUTCHours())}:${pad(before.getUTCMinutes())}`
    db = await startMariadb({ binlogFormat: 'ROW' })
    db.sql(
      [
        'CREATE DATABASE shop',
        'CREATE TABLE shop.orders (id INT PRIMARY KEY AUTO_INCREMENT, v TEXT)',
        'CREATE TABLE shop.options (id INT PRIMARY KEY, v TEXT)',
        "INSERT INTO shop.options VALUES (1, 'admin@example.test')",
        "INSERT INTO shop.orders (v) VALUES ('a'), ('b'), ('c')",
        "DELETE FROM shop.orders WHERE v = 'c'",
        "UPDATE shop.options SET v = 'rogue@example.test' WHERE id = 1",
        'FLUSH BINARY LOGS',
      ].join(';\n') + ';',
    )
    jail = createJail('twbbackupe', BACKUP_TOOLS, 'backups-e2e')
    const mysql = join(jail.root, 'var/log/mysql')
    mkdirSync(mysql, { recursive: true })
    const dir = dirname(db.binlogBase)
    for (const f of readdirSync(dir).filter((f) => f.startsWith(basename(db.binlogBase))))
      copyFileSync(join(dir, f), join(mysql, f))
    const site = join(jail.root, 'var/www/site/db')
    mkdirSync(site, { recursive: true })
    writeFileSync(join(site, 'old-dump.sql'), Buffer.alloc(3 * 1024 * 1024, 1))
    execFileSync('chown', ['-R', jail.user, join(jail.root, 'var')])
    sshd = await startSshd({ extra: jailConfig(jail) })
    app = await serveApp()
    const twb = cliRunner(app.home)
    expect(twb(...addServerArgs('shop', { ...sshd, user: jail.user })).err).toBe('')
    expect(twb('server', 'trust', 'shop', '--yes').code).toBe(0)
    browser = await launchChromium()
    ;({ page, problems } = await openApp(browser, app.url))
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    await sshd?.stop()
    jail?.remove()
    await db?.stop()
  })

  it('plans a restore to just before a binlog event: its backup, the writes it loses, the mail', async () => {
    await page.getByRole('button', { name: /^shop/ }).click()
    await page.getByTestId('connection-state').getByText('shop — connected').waitFor()
    await page.getByRole('tab', { name: 'Binlogs' }).click()
    await page.getByLabel('A value before or after').fill('rogue@example.test')
    await page.getByRole('button', { name: /^Find in \d+ files?$/ }).click()
    const row = page.getByRole('row', { name: /shop\.options/ })
    await row.waitFor()
    await row.click()
    await page.getByRole('button', { name: 'Plan a restore to just before' }).click()
    await page.getByRole('tab', { name: 'Backups', selected: true }).waitFor()
    const plan = page.getByTestId('backup-plan')
    await plan.getByLabel('Daily backup at (server time)').fill(hour)
    await plan.getByRole('button', { name: 'Plan the restore' }).click()
    const result = page.getByTestId('backup-result')
    await result.waitFor()
    expect(await result.getByTestId('backup-database').innerText()).toMatch(
      new RegExp(`^\\d{4}-\\d\\d-\\d\\d ${hour}:00 UTC \\(daily\\), kept until `),
    )
    // The writes since that backup, per table, as the test made them; the UPDATE is after the
    // moment asked but before now: a restore loses it too (the restore is of the whole database).
    const lost = await result
      .getByTestId('backup-lost')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.split('\t')))
    expect(lost.sort()).toEqual([
      ['shop.options', '1', '1', '0'],
      ['shop.orders', '3', '0', '1'],
    ])
    const mail = result.getByTestId('host-request')
    expect(await mail.locator('textarea').inputValue()).toContain(
      'Please restore the database of shop',
    )
    expect(
      await mail.getByRole('link', { name: 'Open in the mail client' }).getAttribute('href'),
    ).toMatch(/^mailto:\?subject=Restore%20request/)
    await screenshot(page, 'backups-plan')
  })

  it('finds a dump left in the site, with its weight in the host’s backups', async () => {
    const pane = page.getByTestId('backups-view')
    await pane.getByRole('tab', { name: 'Backup weight' }).click()
    const weight = page.getByTestId('backup-weight')
    await weight.getByLabel('Files of at least (MB)').fill('1')
    await weight.getByRole('button', { name: 'Audit the site' }).click()
    const item = weight.locator('tr[data-kind="dump"]')
    await item.waitFor()
    expect(await item.innerText()).toContain('/var/www/site/db/old-dump.sql')
    expect(await weight.getByTestId('backup-weight-total').innerText()).toMatch(
      /^1 found: 3 MB in \/var\/www\/site, 105 MB to 210 MB of the host’s backups/,
    )
    await screenshot(page, 'backups-weight')
  })

  it('takes a safety snapshot of the site and lists it', async () => {
    const pane = page.getByTestId('backups-view')
    await pane.getByRole('tab', { name: 'Safety snapshots' }).click()
    const snaps = page.getByTestId('snapshots')
    await snaps.getByText('No snapshot of this server yet.').waitFor()
    await snaps.getByRole('button', { name: 'Take a snapshot' }).click()
    const row = snaps.getByTestId('snapshot-list').locator('tbody tr')
    await row.first().waitFor()
    expect(await row.count()).toBe(1)
    // The site's one file (the dump), 3 MB; no CMS configuration there: no database, said.
    expect(await row.first().locator('td').nth(1).innerText()).toMatch(/^1 · 3 MB$/)
    expect(await row.first().locator('td').nth(3).innerText()).toBe('no database')
    await snaps.getByText(/^No CMS configuration under \/var\/www\/site/).waitFor()
    // Tell the host too: the request to force a backup, with what the deploy changes.
    await snaps.getByText('Ask the host to force a backup before the deploy').click()
    await snaps.getByLabel('What changes').fill('the theme and two modules')
    expect(await snaps.getByTestId('host-request').locator('textarea').inputValue()).toContain(
      'site /var/www/site) as soon as you confirm: the theme and two modules.',
    )
    await screenshot(page, 'backups-snapshots')
  })

  it('had no console error, page error or CSP violation', () => {
    expect(problems).toEqual([])
  })
})
