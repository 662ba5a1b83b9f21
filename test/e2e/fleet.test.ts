// The fleet overview in Debian's Chromium on web mode: three jailed servers (one down), their rows
// filled as they answer, sorted, a row opening its server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { serveApp, type ServedApp } from '../harness/app'
import { launchChromium, openApp, screenshot } from '../harness/browser'
import { addServerArgs, cliRunner } from '../harness/cli'
import { createFleetJail, expected } from '../harness/fleet-logs'
import { jailConfig, startSshd, type TestJail, type TestSshd } from '../harness/sshd'

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
      const jail = createFleetJail(`twbfleete${k}`, `fleet-e2e${k}`, k, now)
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
    await screenshot(page, 'fleet')
  })

  it('a group only, and a row opens its server', async () => {
    const view = page.getByTestId('fleet-view')
    await view.getByLabel('Group').selectOption('acme')
    await view.getByTestId('fleet-progress').getByText('2 of 2 servers answered').waitFor()
    await view.locator('tr[data-server="shop-1"]').click()
    await page.getByRole('tab', { name: 'Timeline', selected: true }).waitFor()
    await page.getByTestId('connection-state').getByText('shop-1 — connected').waitFor()
  })

  it('had no console error, page error or CSP violation', () => {
    expect(problems).toEqual([])
  })
})
