// The fleet overview in Debian's Chromium on web mode: three jailed servers (one down), their rows
// filled as they answer, sorted, a row opening its server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { APP_ROOT, serveApp, type ServedApp } from '../harness/app'
import { launchChromium, openApp, screenshot } from '../harness/browser'
import { addServerArgs, cliRunner } from '../harness/cli'
import { BINLOG_TOOLS, createFleetJail, expected } from '../harness/fleet-logs'
import { jailConfig, startSshd, type TestJail, type TestSshd } from '../harness/sshd'

const DEMO_BINLOGS = join(APP_ROOT, 'resources/demo/var/log/mysql')

describe.runIf(process.getuid?.() === 0)('the fleet overview', () => {
  const jails: TestJail[] = []
  const sshds: TestSshd[] = []
  let app: ServedApp
  let browser: Browser
  let page: Page
  let problems: string[]

  beforeAll(async () => {
    const now = Date.now()
    for (const k of [1, 2, 3]) {
      // shop-1 has the demo's binlogs and what decodes them.
      const jail = createFleetJail(
        `twbfleete${k}`,
        `fleet-e2e${k}`,
        k,
        now,
        k === 1 ? BINLOG_TOOLS : [],
      )
      if (k === 1) {
        const dir = join(jail.root, 'var/log/mysql')
        mkdirSync(dir, { recursive: true })
        for (const f of readdirSync(DEMO_BINLOGS).filter((f) => f.startsWith('mariadb-bin.')))
          copyFileSync(join(DEMO_BINLOGS, f), join(dir, f))
      }
      jails.push(jail)
      sshds.push(await startSshd({ extra: jailConfig(jail) }))
    }
    app = await serveApp()
    const twb = cliRunner(app.home)
    for (const [i, k] of [1, 2, 3].entries()) {
      const s = sshds[i]!
      const add = twb(
        ...addServerArgs(
          `shop-${k}`,
          { ...s, user: jails[i]!.user },
          '--group',
          k === 3 ? 'other' : 'acme',
        ),
      )
      expect(add.err).toBe('')
      expect(twb('server', 'trust', `shop-${k}`, '--yes').code).toBe(0)
    }
    await sshds[2]!.daemon.stop() // shop-3 is down
    // Another sshd of shop-2's jail, never trusted: what the import test adds as shop-4.
    sshds.push(await startSshd({ extra: jailConfig(jails[1]!) }))
    browser = await launchChromium()
    ;({ page, problems } = await openApp(browser, app.url))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    for (const s of sshds) await s.stop().catch(() => undefined)
    for (const j of jails) j.remove()
  })

  it('fills a row per server as each answers, the down one saying why', async () => {
    await page.getByRole('button', { name: /^All servers/ }).click()
    const view = page.getByTestId('fleet-view')
    await view
      .getByTestId('fleet-progress')
      .getByText('3 of 3 servers answered · 1 failed')
      .waitFor()
    const row = (name: string) => view.locator(`tr[data-server="${name}"]`)
    const cells = await row('shop-2').locator('td').allInnerTexts()
    const e = expected(2)
    expect(cells.slice(1, 5).map(Number)).toEqual([
      e.requests1h,
      e.status5xx1h,
      e.bans408_1h,
      e.slow24h,
    ])
    expect(cells[5]).toBe('cart.php')
    expect(await row('shop-3').getByTestId('fleet-error').innerText()).toMatch(
      /refused|ECONNREFUSED|reach/i,
    )
    // Sorted by 5xx, most first: shop-2 (2) before shop-1 (1).
    await view.getByRole('button', { name: '5xx 1 h' }).click()
    const order = await view
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-server')))
    expect(order.indexOf('shop-2')).toBeLessThan(order.indexOf('shop-1'))
    // shop-1 holds the demo's binlogs: their last write (UTC) and their size.
    expect(cells[0]).toBe('shop-2 acme')
    expect(await row('shop-1').locator('td').nth(9).innerText()).toMatch(
      /^2026-11-28 13:24 UTC · [\d.,]+ [KM]B$/,
    )
    await screenshot(page, 'fleet')
    // Filtered by text: one row of three, said.
    await view.getByLabel('Filter').fill('shop-2')
    await view.getByTestId('fleet-progress').getByText('1 of 3 rows shown').waitFor()
    await view.getByLabel('Filter').fill('')
    // A figure opens its server at the screen that shows it: the slow requests, Slow PHP.
    await row('shop-2').locator('td').nth(4).click()
    await page.getByRole('tab', { name: 'Slow PHP', selected: true }).waitFor()
    await page.getByTestId('connection-state').getByText('shop-2 — connected').waitFor()
    await page.getByRole('button', { name: /^All servers/ }).click()
    await view
      .getByTestId('fleet-progress')
      .getByText(/servers answered/)
      .waitFor()
  })

  it('searches the logs of every server, and a line opens its log there at its moment', async () => {
    const view = page.getByTestId('fleet-view')
    await view.getByRole('tab', { name: 'Search logs' }).click()
    const search = view.getByTestId('fleet-search')
    // Request 7 of each server's hour (the space: not /p/70…), by a regular expression.
    await search.getByLabel('Regular expression').check()
    await search.getByLabel('Text (any case)').fill('^get /P/7 ')
    await search.getByLabel('Logs').fill('/var/log/nginx/*.log')
    await search.getByRole('button', { name: 'Search every server' }).click()
    const outcomes = search.getByTestId('fleet-outcomes')
    await outcomes.getByText('2 lines on 2 of 3 servers · 1 failed').waitFor()
    expect(await outcomes.locator('li.error-text').innerText()).toMatch(/^shop-3: .*refused/i)
    const rows = search.locator('table tbody tr')
    expect(await rows.count()).toBe(2)
    const cells = await rows.first().locator('td').allInnerTexts()
    expect(cells[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
    expect(cells[2]).toBe('access.log')
    expect(cells[3]).toMatch(/^GET \/p\/7 /)
    await screenshot(page, 'fleet-search')
    const server = cells[1]!
    await rows.first().click()
    await page.getByRole('tab', { name: 'Logs', selected: true }).waitFor()
    await page.getByTestId('connection-state').getByText(`${server} — connected`).waitFor()
    const focused = page.locator('.line.focused')
    await focused.waitFor()
    expect(await focused.innerText()).toContain('"GET /p/7 ')
    await page.getByRole('button', { name: /^All servers/ }).click()
  })

  it('finds binlog changes across the servers, and a change opens as itself', async () => {
    const view = page.getByTestId('fleet-view')
    await view.getByRole('tab', { name: 'Binlog finder' }).click()
    const find = view.getByTestId('fleet-binlog')
    await find.getByLabel('Table (* for any characters)').fill('*_options')
    await find.getByLabel('DELETE').uncheck() // UPDATE only
    await find.getByLabel('Span').selectOption({ label: '24 hours' })
    await find.getByLabel('ending (UTC; now if empty)').fill('2026-11-29T00:00')
    await find.getByRole('button', { name: 'Find on every server' }).click()
    const outcomes = find.getByTestId('fleet-outcomes')
    await outcomes.getByText(/^\d+ changes on 2 of 3 servers · 1 failed$/).waitFor()
    // shop-2 has no binlog folder: said, not failed.
    await outcomes.getByText('shop-2: No binary log in /var/log/mysql.').waitFor()
    const rogue = find.locator('table tbody tr', { hasText: '2026-11-28 13:22:07 UTC' })
    expect(await rogue.locator('td').allInnerTexts()).toEqual([
      '2026-11-28 13:22:07 UTC',
      'shop-1',
      'UPDATE',
      'shopdb.shop_options',
      '1',
      expect.stringMatching(/^mariadb-bin\.000002:\d+$/),
    ])
    await screenshot(page, 'fleet-binlog')
    await rogue.click()
    await page.getByRole('tab', { name: 'Binlogs', selected: true }).waitFor()
    const detail = page.getByTestId('binlog-detail')
    await detail.waitFor()
    expect(await detail.locator('pre.code.restore').last().innerText()).toMatch(/^UPDATE /)
    await page.getByRole('button', { name: /^All servers/ }).click()
    await view.getByRole('tab', { name: 'Overview' }).click()
  })

  it('imports servers from a CSV, and trusts a new one’s host key from its row', async () => {
    const view = page.getByTestId('fleet-view')
    await view.getByRole('button', { name: 'Import servers…' }).click()
    const dialog = page.getByTestId('import-servers')
    await dialog.getByRole('tab', { name: 'From a CSV file' }).click()
    // shop-4 is shop-2's login behind another sshd; a row with no host is said, not added.
    const s = sshds[3]!
    await dialog.getByLabel('CSV file').setInputFiles({
      name: 'sites.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `name,host,port,user,key\nshop-4,127.0.0.1,${s.port},${jails[1]!.user},${s.privateKeyPath}\nnohost,,,x,\n`,
      ),
    })
    await dialog.getByRole('cell', { name: 'shop-4' }).waitFor()
    await dialog.getByLabel('Group', { exact: true }).fill('imported')
    expect(await dialog.getByTestId('import-problems').innerText()).toBe('Line 3: no host.')
    await dialog.getByRole('button', { name: 'Add the servers picked (1)' }).click()
    const outcome = dialog.getByTestId('import-outcome')
    await outcome.getByText('1 of 1 servers added.').waitFor()
    await screenshot(page, 'fleet-import')
    await dialog.getByRole('button', { name: 'Close' }).click()
    await page.getByRole('button', { name: /^shop-4/ }).waitFor() // in the sidebar
    await view.getByLabel('Group', { exact: true }).selectOption('imported')
    const row = view.locator('tr[data-server="shop-4"]')
    await row.getByRole('button', { name: 'Trust this key' }).waitFor()
    expect(await row.getByTestId('fleet-error').innerText()).toContain(s.hostFingerprint)
    await row.getByRole('button', { name: 'Trust this key' }).click()
    await view.getByTestId('fleet-progress').getByText('1 of 1 servers answered').waitFor()
    await view.locator('tr[data-server="shop-4"]:not(.failed)').waitFor()
    expect(await row.locator('td').nth(1).innerText()).toBe(String(expected(2).requests1h))
    await view.getByLabel('Group', { exact: true }).selectOption('')
  })

  it('a group only, and a row opens its server', async () => {
    const view = page.getByTestId('fleet-view')
    await view.getByLabel('Group', { exact: true }).selectOption('acme')
    await view.getByTestId('fleet-progress').getByText('2 of 2 servers answered').waitFor()
    await view.getByRole('button', { name: 'Open shop-1' }).click()
    await page.getByRole('tab', { name: 'Timeline', selected: true }).waitFor()
    await page.getByTestId('connection-state').getByText('shop-1 — connected').waitFor()
  })

  it('had no console error, page error or CSP violation', () => {
    expect(problems).toEqual([])
  })
})
