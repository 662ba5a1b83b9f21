// The timeline in Debian's Chromium on web mode: the demo server's sources merged around its
// rogue DELETE, the density strips, the keys, a record opened at its own screen.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { serveApp, type ServedApp } from '../harness/app'
import { launchChromium, openApp, screenshot } from '../harness/browser'
import { cliRunnerAsync } from '../harness/cli'

describe('the timeline of the demo server', () => {
  let app: ServedApp
  let browser: Browser
  let page: Page
  let problems: string[]

  beforeAll(async () => {
    app = await serveApp()
    browser = await launchChromium()
    ;({ page, problems } = await openApp(browser, app.url))
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  it('merges every source of a minute, with a strip per source', async () => {
    await page.getByRole('tab', { name: 'Timeline', exact: true }).click()
    // The window starts at 14:22:00 on the server's clock (Paris), for one minute.
    await page.getByTestId('timeline-from').fill('2026-11-28T14:22:00')
    await page.getByTestId('timeline-minutes').selectOption('1')
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    const count = page.getByTestId('timeline-count')
    await count.getByText(/^\d+ of \d+ records, \d+ sources/).waitFor()
    const [shown, total] = (await count.innerText()).match(/\d+/g)!.map(Number)
    expect(shown).toBe(total)
    expect(total).toBeGreaterThan(50)
    // A strip per source read, the binlogs' among them.
    const strips = page.getByTestId('timeline-strips')
    expect(await strips.locator('g[data-source]').count()).toBeGreaterThanOrEqual(8)
    await strips.locator('g[data-source="/var/log/mysql"]').waitFor()
    // The records in time order on the server's clock (the column says its zone).
    const list = page.getByTestId('timeline-records')
    await list.getByText('Time (UTC+01:00)').waitFor()
    const times = await list.locator('.timeline-line > span:nth-child(2)').allInnerTexts()
    expect(times.length).toBeGreaterThan(10)
    expect([...times].sort()).toEqual(times)
    expect(times[0]! >= '2026-11-28 14:22:00').toBe(true)
    await screenshot(page, 'timeline')
  })

  it('jumps with the keys to the next write, error and 5xx, and folds a record open', async () => {
    const list = page.getByTestId('timeline-records')
    await list.focus()
    await page.keyboard.press('w')
    const current = list.locator('.timeline-row.current')
    await current.waitFor()
    expect(await current.getAttribute('data-kind')).toBe('binlog')
    // The first write of the minute: 14:22:04 (the rogue UPDATE of admin_email follows at 07).
    expect(await current.innerText()).toContain('2026-11-28 14:22:04')
    // Three writes of that second, then the rogue UPDATE, 14:22:07.
    for (let k = 0; k < 3; k++) {
      const before = await current.getAttribute('data-index')
      await page.keyboard.press('w')
      await list.locator(`.timeline-row.current:not([data-index="${before}"])`).waitFor()
    }
    await current
      .getByText(/UPDATE shopdb\.shop_options .*billing-desk@refund-payments\.example/)
      .waitFor()
    await page.keyboard.press('5')
    await current.locator('.timeline-what.sev-bad').waitFor()
    expect(await current.locator('.timeline-what').innerText()).toMatch(/^5\d\d$/)
    await page.keyboard.press('e')
    await current.locator('.sev-bad').first().waitFor()
    await page.keyboard.press('Enter')
    await current.locator('.timeline-detail').waitFor()
    await screenshot(page, 'timeline-open')
  })

  it('filters by status class and by source, and exports the marked records as a report', async () => {
    const list = page.getByTestId('timeline-records')
    const count = page.getByTestId('timeline-count')
    const figures = (): Promise<number[]> =>
      count.innerText().then((text) => text.replace(/,/g, '').match(/\d+/g)!.map(Number))
    const [all] = await figures()
    // 5xx: the access records left are all 5xx (the other kinds pass).
    await page.getByLabel('Any status').selectOption('5')
    // (The count changes with the list: fewer of the same total.)
    await count.getByText(new RegExp(`^(?!${all} of)\\d+ of ${all} records`)).waitFor()
    const fives = (await figures())[0]!
    const statuses = await list
      .locator('.timeline-row[data-kind="access"] .timeline-what')
      .allInnerTexts()
    expect(statuses.length).toBeGreaterThan(0)
    expect(statuses.filter((s) => !s.startsWith('5'))).toEqual([])
    await page.getByLabel('Any status').selectOption('')
    await count.getByText(new RegExp(`^${all} of ${all} records`)).waitFor()
    // A click on a source's name in the strips hides its records, a second shows them again.
    const haproxy = page
      .getByTestId('timeline-strips')
      .getByRole('button', { name: 'haproxy/haproxy' })
    await haproxy.click()
    await haproxy.and(page.locator('[aria-pressed="false"]')).waitFor()
    // (The count comes from main: waited for.)
    await count.getByText(new RegExp(`^(?!${all} of)\\d+ of ${all} records`)).waitFor()
    expect((await figures())[0]).toBeLessThan(all!)
    expect(await list.getByText('haproxy/haproxy').count()).toBe(0)
    await haproxy.click()
    await count.getByText(new RegExp(`^${all} of ${all} records`)).waitFor()
    // Mark the rogue UPDATE with a note, and the 5xx after it; a note on the incident.
    await page.getByPlaceholder('Filter the text').fill('billing-desk')
    const update = list.locator('.timeline-row').first()
    await update.getByText(/billing-desk/).waitFor()
    await update.getByRole('checkbox', { name: 'Mark for the report' }).check()
    await update.locator('.timeline-line').click()
    await update.getByPlaceholder('Note on this record').fill('the admin e-mail hijacked')
    await page.getByPlaceholder('Filter the text').fill('')
    await page.getByLabel('Any status').selectOption('5')
    await count.getByText(new RegExp(`^${fives} of ${all} records`)).waitFor()
    const first5xx = list.locator('.timeline-row[data-kind="access"]').first()
    await first5xx.locator('.timeline-what', { hasText: /^5\d\d$/ }).waitFor()
    await first5xx.getByRole('checkbox', { name: 'Mark for the report' }).check()
    const report = page.getByTestId('timeline-report')
    await report.getByText('Incident report (2 marked)').click()
    await report
      .getByPlaceholder('What happened, what was done…')
      .fill('Rogue admin change, then errors.')
    const [md] = await Promise.all([
      page.waitForEvent('download'),
      report.getByRole('button', { name: 'Export Markdown' }).click(),
    ])
    expect(md.suggestedFilename()).toMatch(/^incident-Demo-2026-11-28-14-22\.md$/)
    const text = readFileSync((await md.path())!, 'utf8')
    expect(text).toContain('# Incident on Demo, 2026-11-28 14:22 +01:00')
    expect(text).toContain('Rogue admin change, then errors.')
    expect(text).toContain('## Marked records (2)')
    expect(text).toMatch(
      /- \*\*2026-11-28 14:22:07 \+01:00\*\* `mysql\/binlog` UPDATE — `UPDATE shopdb\.shop_options/,
    )
    expect(text).toContain('  > the admin e-mail hijacked')
    expect(text).toContain('data:image/svg+xml;base64,')
    const [html] = await Promise.all([
      page.waitForEvent('download'),
      report.getByRole('button', { name: 'Export HTML' }).click(),
    ])
    const page2 = readFileSync((await html.path())!, 'utf8')
    expect(page2).toContain('<blockquote>the admin e-mail hijacked</blockquote>')
    expect(page2).not.toContain('<script')
    await page.getByLabel('Any status').selectOption('')
    await screenshot(page, 'timeline-report')
  })

  it('opens a binlog record at its moment in the Binlogs screen', async () => {
    const list = page.getByTestId('timeline-records')
    await list.focus()
    await page.keyboard.press('w')
    const current = list.locator('.timeline-row.current')
    expect(await current.getAttribute('data-kind')).toBe('binlog')
    if ((await current.locator('.timeline-detail').count()) === 0)
      await page.keyboard.press('Enter')
    const when = await current.locator('.timeline-line > span:nth-child(2)').innerText()
    await current.getByRole('button', { name: 'Open in Binlogs at this moment' }).click()
    await page.getByRole('tab', { name: 'Binlogs', selected: true }).waitFor()
    const moment = page.getByTestId('moment')
    await moment.getByText(when).waitFor()
    // The event itself opens: its minute searched in its binlog, its detail under its row, with
    // the statement that undoes it.
    const detail = page.getByTestId('binlog-detail')
    await detail.waitFor()
    expect(await detail.locator('pre.code.restore').last().innerText()).toMatch(
      /^(UPDATE|DELETE FROM|INSERT INTO) /,
    )
    await screenshot(page, 'timeline-open-binlog')
  })

  it('opens a log record in its own file, at its line', async () => {
    await page.getByRole('tab', { name: 'Timeline', exact: true }).click()
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    await page
      .getByTestId('timeline-count')
      .getByText(/records/)
      .waitFor()
    await page.getByPlaceholder('Filter the text').fill('mode=error&via=apache')
    const list = page.getByTestId('timeline-records')
    // (The list is filtered in main once the typing pauses: the row is waited for by its text.)
    const row = list
      .locator('.timeline-row[data-kind="access"]', { hasText: 'mode=error&via=apache' })
      .first()
    await row.locator('.timeline-line').click()
    const file = await row.locator('.timeline-source').getAttribute('title')
    expect(file).toMatch(/^\/var\/log\/apache2\/.*access.*\.log\.1$/)
    await row.getByRole('button', { name: 'Open in Logs at this moment' }).click()
    await page.getByRole('tab', { name: 'Logs', selected: true }).waitFor()
    // Its file picked, its lines read, the first line of its second on screen.
    await page
      .getByTestId('tail-state')
      .getByText(/ended|live/)
      .waitFor()
    const focused = page.locator('.line.focused')
    await focused.waitFor()
    expect(await focused.innerText()).toContain('28/Nov/2026:14:22:')
    await page.getByRole('tab', { name: 'Timeline', exact: true }).click()
  })

  it('opens a slow-log record at its own entry in Slow PHP, its stack shown', async () => {
    await page.getByTestId('timeline-from').fill('2026-11-28T14:22:00')
    await page.getByTestId('timeline-minutes').selectOption('1')
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    await page.getByPlaceholder('Filter the text').fill('')
    const list = page.getByTestId('timeline-records')
    await list.locator('.timeline-row').first().waitFor()
    await list.focus()
    await page.keyboard.press('s')
    const current = list.locator('.timeline-row.current[data-kind="slow"]')
    await current.waitFor()
    const text = await current.locator('.timeline-text').innerText()
    const top = /— in (\S+)\(\) \((.+):(\d+)\)/.exec(text)!
    await page.keyboard.press('Enter')
    await current.getByRole('button', { name: 'Open in Slow PHP at this moment' }).click()
    await page.getByRole('tab', { name: 'Slow PHP', selected: true }).waitFor()
    // The entry itself opened: its stack, its top frame first.
    const stack = page.getByTestId('stack')
    await stack.waitFor()
    expect(await stack.locator('.frame').first().innerText()).toContain(`${top[1]}()`)
    expect(await stack.locator('.frame').first().innerText()).toContain(`${top[2]}:${top[3]}`)
    await screenshot(page, 'timeline-open-slow')
    // (Slow PHP has a Timeline tab of its own.)
    await page.locator('nav.tabs').getByRole('tab', { name: 'Timeline', exact: true }).click()
  })

  it('opens an integrity-log block at itself in Schema', async () => {
    await page.getByTestId('timeline-from').fill('2026-11-28T14:20:00')
    await page.getByTestId('timeline-minutes').selectOption('10')
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    await page
      .getByTestId('timeline-count')
      .getByText(/records/)
      .waitFor()
    await page.getByPlaceholder('Filter the text').fill('')
    // The block of 14:23:15 (its header says 13:23:15Z).
    const list = page.getByTestId('timeline-records')
    const block = list.locator('.timeline-row[data-kind="integrity"]').first()
    await page.getByPlaceholder('Filter the text').fill('13:23:15')
    await block.locator('.timeline-line').click()
    await block.getByRole('button', { name: 'Open Schema' }).click()
    await page.locator('nav.tabs').getByRole('tab', { name: 'Schema', selected: true }).waitFor()
    const focused = page.getByTestId('integrity').locator('.iblock.focused')
    await focused.waitFor()
    expect(await focused.locator('.iblock-head').innerText()).toContain(
      '2026-11-28 14:23:15 +01:00',
    )
    await page.getByRole('tab', { name: 'Timeline', exact: true }).click()
  })

  it('narrows the list to a span dragged across the strips', async () => {
    await page.getByRole('tab', { name: 'Timeline', exact: true }).click()
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    const count = page.getByTestId('timeline-count')
    await count.getByText(/^[\d,]+ of [\d,]+ records/).waitFor()
    const figures = (): Promise<number[]> =>
      count.innerText().then((text) => text.replace(/,/g, '').match(/\d+/g)!.map(Number))
    const total = (await figures())[1]!
    const svg = page.getByTestId('timeline-strips').locator('svg')
    const box = (await svg.boundingBox())!
    // From a third of the plot to two thirds (the plot starts after the labels, 1/6 of the width).
    const x = (f: number): number => box.x + box.width * (150 / 900 + (f * 750) / 900)
    await page.mouse.move(x(1 / 3), box.y + 10)
    await page.mouse.down()
    await page.mouse.move(x(2 / 3), box.y + 10, { steps: 4 })
    await page.mouse.up()
    await page.getByTestId('timeline-narrowed').waitFor()
    // The narrowed count comes from main: waited for, not read at once.
    const all = total.toLocaleString('en')
    await count.getByText(new RegExp(`^(?!${all} of)[\\d,]+ of ${all} records`)).waitFor()
    const shown = (await figures())[0]!
    expect(shown).toBeLessThan(total)
    expect(shown).toBeGreaterThan(0)
    await screenshot(page, 'timeline-narrowed')
  })

  it('follows: the last minutes until now, then reads on', async () => {
    await page.getByLabel('Follow').check()
    const note = page.getByTestId('timeline-following')
    await note.getByText('Following: read again every 5 s.').waitFor()
    // The demo's files do not grow: each read on finds nothing new, and says so.
    await note
      .getByText(/^Following: read at 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d \+01:00, 0 new records\.$/)
      .waitFor()
    expect(await page.getByTestId('timeline-from').isDisabled()).toBe(true)
    await page.getByLabel('Follow').uncheck()
    await note.waitFor({ state: 'detached' })
  })

  it('pages through a long window: its last record at the end of the list, as the CLI gives it', async () => {
    // The window from the CLI first: its records, their number.
    const cli = await cliRunnerAsync(app.home)(
      'timeline',
      '--server',
      'Demo',
      '--from',
      '2026-11-28T11:00:00Z',
      '--to',
      '2026-11-28T14:00:00Z',
      '--json',
    )
    const records = JSON.parse(cli.out) as { text: string; time: string }[]
    const total = records.length
    expect(total).toBeGreaterThan(3 * 200) // pages of 200 rows: several asked as it scrolls
    // The same window in the view: the same number of records.
    await page.getByTestId('timeline-from').fill('2026-11-28T12:00:00')
    await page.getByTestId('timeline-minutes').selectOption('180')
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    const n = total.toLocaleString('en')
    await page
      .getByTestId('timeline-count')
      .getByText(new RegExp(`^${n} of ${n} records, \\d+ sources`))
      .waitFor()
    const list = page.getByTestId('timeline-records')
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight))
    const last = list.locator(`.timeline-row[data-index="${total - 1}"]`)
    await last.waitFor()
    expect(await last.locator('.timeline-text').innerText()).toContain(records.at(-1)!.text)
    // In the middle, a row of a page asked on the way: in time order with its neighbours.
    const middle = Math.floor(total / 2)
    await list.evaluate((el, y) => (el.scrollTop = y), middle * 24)
    await list.locator(`.timeline-row[data-index="${middle}"] .timeline-line`).waitFor()
    const times = await list.locator('.timeline-line > span:nth-child(2)').allInnerTexts()
    expect([...times].sort()).toEqual(times)
    await screenshot(page, 'timeline-paged')
  })

  it('had no console error, page error or CSP violation', () => {
    expect(problems).toEqual([])
  })
})
