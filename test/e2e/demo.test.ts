// The real UI in Debian's Chromium against web mode, on the embedded demo server.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { serveApp, type ServedApp } from '../harness/app'
import {
  exactly,
  launchChromium,
  openApp,
  screenshot,
  SECTION_TABS,
  waitForValue,
} from '../harness/browser'

/** A wall time the demo shows (its server's zone, +01:00 in November) → epoch ms. */
function instant(wall: string, zone = '+01:00'): number {
  return Date.parse(`${wall.replace(' ', 'T')}${zone}`)
}

describe('demo server in the browser', () => {
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

  it('opens on the Demo server, connected, with the sections', async () => {
    await page.getByRole('button', { name: /Demo/ }).waitFor()
    expect(await page.getByTestId('connection-state').innerText()).toContain('Demo — connected')
    const tabs = await page.getByRole('tab').allInnerTexts()
    expect(tabs).toEqual(SECTION_TABS)
    expect(new URL(page.url()).searchParams.has('token')).toBe(false)
  })

  it('lists the real logs and reads one, then filters it', async () => {
    await page
      .getByRole('option', { name: /^access\.log 6/ })
      .first()
      .click()
    const log = page.getByRole('log')
    await log.getByText('GET /shipping/ HTTP/1.1').first().waitFor()
    await page.getByTestId('line-count').getByText('40 lines').waitFor()
    await page.getByPlaceholder('Filter…').fill('AhrefsBot')
    await page.getByTestId('line-count').getByText('5 of 40 lines').waitFor()
    const shown = await log.locator('.line').allInnerTexts()
    expect(shown).toHaveLength(5)
    expect(shown.every((l) => l.includes('AhrefsBot'))).toBe(true)
    expect(await page.getByTestId('tail-state').innerText()).toBe('live')
    // Paused, it no longer says live; resumed, it does again.
    await page.getByRole('button', { name: 'Pause' }).click()
    await page.getByTestId('tail-state').getByText('paused: new lines held on the server').waitFor()
    await page.getByRole('button', { name: 'Resume' }).click()
    await page.getByTestId('tail-state').getByText(exactly('live')).waitFor()
    await screenshot(page, 'logs')
  })

  it('explores an access log: histogram by status class, filters, tops', async () => {
    await page.getByRole('tab', { name: 'Explore' }).click()
    const count = page.getByTestId('explore-count')
    await count.getByText('40 of 40 requests').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('explore-summary').innerText()).toMatch(
      /^combined: 40 requests \(0 lines not read as requests\), 2026-11-28 14:\d\d:\d\d → 2026-11-28 14:\d\d:\d\d \+01:00\.$/,
    )
    const bars = page.getByTestId('histogram').locator('g.bucket')
    expect(await bars.count()).toBeGreaterThan(1)
    // The 2xx unticked: redirects and errors only.
    await page.getByRole('checkbox', { name: '2xx' }).uncheck()
    const redirects = Number(/^(\d+) of 40/.exec(await count.innerText())![1])
    expect(redirects).toBeGreaterThan(0)
    expect(redirects).toBeLessThan(40)
    const rows = await page.getByRole('log', { name: 'Requests' }).locator('.line').allInnerTexts()
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => /^\S+ \S+\s+[345]\d\d\s/.test(r))).toBe(true)
    await page.getByRole('checkbox', { name: '2xx' }).check()
    // A path pattern, then one minute of the histogram.
    // A broken pattern says why, and filters nothing.
    await page.getByLabel('Path (regex)').fill('^/wp-(')
    await page
      .getByTestId('bad-pattern')
      .getByText(/^Not a regular expression, nothing filtered by it: .*Unterminated group/)
      .waitFor()
    await count.getByText('40 of 40 requests').waitFor()
    await page.getByLabel('Path (regex)').fill('^/wp-')
    await page.getByTestId('bad-pattern').waitFor({ state: 'detached' })
    await count.filter({ hasNotText: exactly('40 of 40 requests') }).waitFor()
    await page.getByLabel('Path (regex)').fill('')
    await bars.first().click()
    await page.getByRole('button', { name: /only: show all$/ }).waitFor()
    expect(Number(/^(\d+) of 40/.exec(await count.innerText())![1])).toBeLessThan(40)
    await screenshot(page, 'logs-explore')
    await page.getByRole('button', { name: /only: show all$/ }).click()
    // The log and its rotations (.gz too) searched on the server: 5 + 9 lines.
    await page.getByRole('tab', { name: 'Search all rotations' }).click()
    // Nothing typed: the button says what is missing instead of doing nothing.
    expect(await page.getByRole('button', { name: 'Search on the server' }).isDisabled()).toBe(true)
    await page.getByLabel('Text to find in the log and its rotations').fill('AhrefsBot')
    await page.getByRole('button', { name: 'Search on the server' }).click()
    await page.getByTestId('search-count').getByText('14 found').waitFor({ timeout: 20_000 })
    const found = await page
      .getByRole('log', { name: 'Search results' })
      .locator('.line')
      .allInnerTexts()
    expect(found.every((l) => l.includes('AhrefsBot'))).toBe(true)
    await page.getByRole('tab', { name: 'Tail' }).click()
  })

  it('shares a moment: the binlogs, the explorer of another log and its raw lines open at it', async () => {
    await page.getByRole('tab', { name: 'Explore' }).click()
    const bars = page.getByTestId('histogram').locator('g.bucket')
    await bars.first().waitFor({ timeout: 20_000 })
    await bars.nth(1).click()
    await page.getByRole('button', { name: 'Make this the moment of every view' }).click()
    const bar = page.getByTestId('moment')
    // Shown on the one clock: the demo server's zone (its data's), which says its offset.
    const [, at, zone] = /Moment: (\S+ \S+) (\+01:00)/.exec(await bar.innerText())!
    const moment = instant(at!, zone)
    // The binlog search opens on the minute around it, typed in the same zone.
    await bar.getByRole('button', { name: 'Open Binlogs at it' }).click()
    const since = await page.getByLabel('From (UTC+01:00)').inputValue()
    expect(instant(since)).toBe(moment - 60_000)
    // Another log's explorer opens on its requests within 10 s of it.
    await page.getByTestId('moment').getByRole('button', { name: 'Open Logs at it' }).click()
    await page.getByRole('option', { name: /^access_timed\.log / }).click()
    await page.getByRole('tab', { name: 'Explore' }).click()
    const count = page.getByTestId('explore-count')
    await count.getByText(/ of 40 requests$/).waitFor({ timeout: 20_000 })
    const shown = Number(/^(\d+) of 40/.exec(await count.innerText())![1])
    expect(shown).toBeGreaterThan(0)
    expect(shown).toBeLessThan(40)
    const times = await page.getByRole('log', { name: 'Requests' }).locator('.line').allInnerTexts()
    for (const row of times) {
      const t = instant(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.exec(row)![0])
      expect(Math.abs(t - moment)).toBeLessThanOrEqual(10_000)
    }
    await screenshot(page, 'logs-moment')
    // The raw log too: its first line written at the moment, brought into view and marked.
    await page.getByRole('tab', { name: 'Tail' }).click()
    await page.getByTestId('line-count').getByText('40 lines').waitFor()
    await page.getByRole('button', { name: 'Go to the moment' }).click()
    const focused = page.locator('.line.focused')
    await focused.waitFor()
    const clf = /\[(\d+)\/Nov\/2026:(\d\d):(\d\d):(\d\d) \+0100\]/.exec(await focused.innerText())!
    const written = Date.UTC(2026, 10, +clf[1]!, +clf[2]! - 1, +clf[3]!, +clf[4]!)
    expect(written).toBeGreaterThanOrEqual(moment)
    expect(written - moment).toBeLessThan(60_000)
    await page.getByTestId('moment').getByRole('button', { name: 'Clear' }).click()
    await page.getByTestId('moment').waitFor({ state: 'detached' })
  })

  it('reads a compressed rotation to its end', async () => {
    await page.getByPlaceholder('Filter…').fill('')
    await page.getByRole('option', { name: /^haproxy\.log\.3\.gz/ }).click()
    await page.getByRole('log').getByText('<BADREQ>').first().waitFor()
    await page.getByTestId('tail-state').getByText('ended').waitFor()
  })

  it('filters HAProxy requests by termination state and Apache requests by virtual host', async () => {
    await page.getByRole('option', { name: /^haproxy\.log / }).click()
    await page.getByRole('tab', { name: 'Explore' }).click()
    const count = page.getByTestId('explore-count')
    await count.getByText('41 of 41 requests').waitFor({ timeout: 20_000 })
    // The IDS's 408: HAProxy closed the client's connection while it waited for its request.
    await page.getByLabel('HAProxy termination state').selectOption('cR--')
    await count.getByText('1 of 41 requests').waitFor()
    const rows = await page.getByRole('log', { name: 'Requests' }).locator('.line').allInnerTexts()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatch(/\s408\s.*cR--$/)
    // The live file is empty (said so); its rotation has the requests.
    await page.getByRole('option', { name: /^other_vhosts_access\.log / }).click()
    await page.getByRole('tab', { name: 'Explore' }).click()
    await page.getByText('Nothing to explore: this log is empty.').waitFor({ timeout: 20_000 })
    await page.getByRole('option', { name: /^other_vhosts_access\.log\.1 / }).click()
    await page.getByRole('tab', { name: 'Explore' }).click()
    const vhosts = page.getByLabel('Virtual host')
    await vhosts.waitFor({ timeout: 20_000 })
    const options = await vhosts.locator('option').allInnerTexts()
    expect(options[0]).toBe('Any virtual host')
    expect(options.length).toBeGreaterThan(1)
    const total = Number(/ of (\d+) requests$/.exec(await count.innerText())![1])
    await vhosts.selectOption({ index: 1 })
    const first = Number(/\((\d+)\)$/.exec(options[1]!)![1])
    await count.getByText(`${first} of ${total} requests`).waitFor()
    await page.getByRole('tab', { name: 'Tail' }).click()
  })

  it('explores an error log: entries with their stack traces, levels, a filter that keeps them whole', async () => {
    await page.getByRole('option', { name: /^www\.error\.log/ }).click()
    await page.getByRole('tab', { name: 'Explore' }).click()
    const summary = page.getByTestId('errors-summary')
    await summary.waitFor({ timeout: 20_000 })
    expect(await summary.innerText()).toMatch(
      /^php-error: 12 entries, 2026-11-28 14:19:49 → 2026-11-28 14:23:42 \+01:00\.$/,
    )
    const count = page.getByTestId('errors-count')
    expect(await count.innerText()).toBe('12 of 12 entries')
    // More of the log's end read: read again, the same small file.
    await page.getByLabel('Read').selectOption('64')
    await count.getByText('12 of 12 entries').waitFor()
    // A word of the stack trace keeps the three fatal errors, each with its trace.
    await page.getByLabel('Text', { exact: true }).fill('tb_handle')
    await count.getByText('3 of 12 entries').waitFor()
    const lines = await page.getByRole('log', { name: 'Entries' }).locator('.line').allInnerTexts()
    expect(lines).toHaveLength(3 * 6)
    // Written 14:20:30 in the pool's zone (Europe/Paris), shown on the server's clock. PHP's
    // fatal error is an error (it ends one request), not the syslog top level.
    expect(lines[0]).toMatch(/^2026-11-28 14:20:30\s+error\s+Uncaught RuntimeException/)
    expect(lines[1]!.trim()).toBe('Stack trace:')
    await page.getByRole('checkbox', { name: /^error/ }).uncheck()
    await count.getByText('0 of 12 entries').waitFor()
    await page.getByRole('checkbox', { name: /^error/ }).check()
    await page.getByLabel('Text', { exact: true }).fill('')
    // Repeated messages: the count first, never cut off; entities decoded; a click lists the
    // occurrences of one message.
    const top = page.getByTestId('top-messages')
    const warning = top.getByRole('button', {
      name: /^3 An unexpected error occurred\. .*this server’s configuration/,
    })
    await warning.click()
    await count.getByText('3 of 12 entries').waitFor()
    await page.getByRole('button', { name: 'All messages' }).click()
    await count.getByText('12 of 12 entries').waitFor()
    await screenshot(page, 'logs-errors')
    await page.getByLabel('Text', { exact: true }).fill('')
    await page.getByRole('tab', { name: 'Tail' }).click()
  })

  it('defines the format of a log no known format reads, then explores it with it', async () => {
    await page.getByRole('option', { name: /^access_iso\.log/ }).click()
    await page.getByRole('tab', { name: 'Explore' }).click()
    const builder = page.getByTestId('format-builder')
    await builder.waitFor({ timeout: 20_000 })
    const check = page.getByTestId('format-check')
    await check.getByText(/^Reads 40 of 40 lines/).waitFor()
    expect(await check.innerText()).toContain(
      '2026-11-28T13:22:35.000Z 127.0.0.1 GET /shipping/ 200 23 ms',
    )
    // A broken pattern says why, and cannot be saved.
    const pattern = builder.getByLabel(/^Pattern/)
    const proposed = await pattern.inputValue()
    await pattern.fill(proposed.replace('(?<status>', '(?<code>'))
    await check.getByText('The pattern has no group named "status" for that field.').waitFor()
    expect(await builder.getByRole('button', { name: 'Save and explore' }).isDisabled()).toBe(true)
    await pattern.fill(proposed)
    // The last quoted string is the user agent, not a referer: renamed.
    await builder.getByLabel('Field', { exact: true }).last().fill('agent')
    await builder.getByLabel('Name', { exact: true }).fill('nginx-iso')
    await screenshot(page, 'logs-format')
    await builder.getByRole('button', { name: 'Save and explore' }).click()
    await page
      .getByTestId('explore-count')
      .getByText('40 of 40 requests')
      .waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('explore-summary').innerText()).toMatch(
      /^nginx-iso: 40 requests \(0 lines not read as requests\), 2026-11-28 14:22:35 → /,
    )
    expect(await page.getByTestId('top-agents').innerText()).toContain('AhrefsBot')
    await page.getByRole('tab', { name: 'Tail' }).click()
  })

  it('shows the slow log, profiles, binlogs and the integrity log from the demo', async () => {
    await page.getByRole('tab', { name: 'Slow PHP' }).click()
    await page.getByRole('tab', { name: 'Raw log' }).click()
    await page
      .getByRole('log')
      .getByText('script_filename = /tmp/tb/chroot/var/www/site/tb-slow.php')
      .first()
      .waitFor()
    await page.getByRole('tab', { name: 'Profiles' }).click()
    const profiles = page.getByTestId('profile-list')
    await profiles.getByRole('option', { name: /tb-slow\.php/ }).waitFor()
    expect(await profiles.getByRole('option').count()).toBe(4)
    await page.getByRole('tab', { name: 'Binlogs' }).click()
    await page.getByRole('checkbox', { name: /mariadb-bin\.000002/ }).waitFor()
    // Each file with the time span it covers, read from its first and last bytes.
    expect(
      await page
        .getByRole('checkbox', { name: /mariadb-bin\.000002/ })
        .locator('..')
        .innerText(),
    ).toContain('2026-11-28 14:20:06 → 2026-11-28 14:23:06 +01:00')
    expect(await page.getByText('--no-defaults must come first').count()).toBe(1)
    await page.getByRole('tab', { name: 'Schema' }).click()
    // The demo has no database: the integrity log opens, cut into its three timestamped runs.
    const integrity = page.getByTestId('integrity')
    await integrity.getByText('2026-11-28T13:23:15Z', { exact: false }).first().waitFor()
    expect(await integrity.locator('.iblock').count()).toBe(3)
    // Removed in the drift run: that key line stands out (its addition in the baseline does not).
    expect(await integrity.locator('.hl-warn', { hasText: 'type_status_date' }).count()).toBe(1)
    await screenshot(page, 'schema')
  })

  it('analyses the slow log: flame graph, zoom, search, timeline, entries, aggregates', async () => {
    await page.getByRole('tab', { name: 'Slow PHP' }).click()
    await page
      .getByTestId('slow-stats')
      .getByText('16 slow requests from 2026-11-28 14:20:11 to 2026-11-28 14:22:40')
      .waitFor()
    const flame = page.getByTestId('flamegraph')
    await flame.getByText('16 samples').waitFor()
    await screenshot(page, 'slow-flame-all')
    await flame.getByRole('button', { name: /^tb_phase_sql\(\) tb-slow\.php:113/ }).click()
    await flame.getByText('9 of 16 samples').waitFor()
    await page.getByPlaceholder('Highlight a function…').fill('mysqli_query')
    await flame.getByText(/9 end in a highlighted function/).waitFor()
    await screenshot(page, 'slow-flame')
    await page.getByRole('tab', { name: 'Inverted' }).click()
    await page
      .getByTestId('flamegraph')
      .getByRole('button', { name: /^mysqli_query\(\) tb-slow\.php:82/ })
      .waitFor()
    await page.locator('.section').getByRole('tab', { name: 'Timeline' }).click()
    const timeline = page.getByTestId('timeline')
    await timeline.getByRole('button', { name: '2026-11-28 14:22: 2' }).click()
    expect(await page.locator('.entries tbody tr').count()).toBe(2)
    await screenshot(page, 'slow-timeline')
    await page.getByRole('tab', { name: 'Entries' }).click()
    expect(await page.locator('.entries tbody tr').count()).toBe(16)
    // Sorted by any column: by pid, largest first.
    await page.locator('.entries').getByRole('button', { name: 'pid' }).click()
    const pids = (await page.locator('.entries tbody tr td:nth-child(2)').allInnerTexts()).map(
      Number,
    )
    expect(pids).toEqual([...pids].sort((a, b) => b - a))
    await page.locator('.entries').getByRole('button', { name: /^Time/ }).click()
    await page.getByRole('row', { name: /GET \/tb-slow\.php\?mode=curl/ }).click()
    await page.getByTestId('stack').getByText('curl_exec()').click()
    // Written by php-fpm outside the chroot (/tmp/tb/chroot/var/www/site/…): opened in the jail.
    await page
      .getByTestId('source')
      .getByText(/^\/var\/www\/site\/tb-slow\.php:\d+$/)
      .waitFor()
    // The demo jail has the logs but not the site's code: the viewer says so.
    await page
      .getByTestId('source')
      .getByText(/no such file or directory/)
      .waitFor()
    // How long each ran: the pool's access log, or php-fpm's kill for the 504.
    await page
      .getByRole('row', { name: /GET \/tb-slow\.php\?mode=hang&order=4711/ })
      .getByText('25.09 s (killed)')
      .waitFor()
    await page
      .getByRole('row', { name: /POST \/tb-slow\.php\?mode=reverse/ })
      .getByText('8.01 s', { exact: true })
      .waitFor()
    await page.getByRole('tab', { name: 'Aggregates' }).click()
    const aggregates = page.getByTestId('aggregates')
    await aggregates.getByText('GET /tb-slow.php?mode=curl', { exact: true }).waitFor()
    await aggregates.getByText(/^16 of 16 entries timed by the pool’s access log/).waitFor()
    // By total time, not only by count: the request that hung comes first.
    const byRequest = aggregates.locator('section.agg', { hasText: 'By request' })
    await byRequest.getByRole('button', { name: 'Total time' }).click()
    expect(await byRequest.locator('tbody tr').first().innerText()).toMatch(
      /25\.1 s\s+GET \/tb-slow\.php\?mode=hang&order=4711/,
    )
    await screenshot(page, 'slow-aggregates')
  })

  it('opens an Xdebug profile: functions, callers and callees, call tree, compare', async () => {
    await page.getByRole('tab', { name: 'Profiles' }).click()
    await page
      .getByTestId('profile-list')
      .getByRole('option', { name: /edit-comments\.php/ })
      .click()
    const table = page.getByTestId('profile-functions')
    await table.locator('tbody tr').first().waitFor()
    // Sorted by self time, the values callgrind_annotate gives for this file.
    const first = await table.locator('tbody tr').first().innerText()
    expect(first).toContain('php::mysqli_query')
    expect(first).toContain('5.19 ms')
    expect(await page.getByTestId('profile-stats').innerText()).toContain('84.7 ms in total')
    // Nothing cut silently: the first 400 functions are drawn, the line under them says of how
    // many, and the rest comes on request.
    const limit = page.getByTestId('profile-functions-limit')
    const total = Number(
      /^400 of ([\d,]+) shown/.exec(await limit.innerText())![1]!.replace(/,/g, ''),
    )
    expect(total).toBeGreaterThan(400)
    expect(await table.locator('tbody tr').count()).toBe(400)
    await limit.getByRole('button', { name: `Show all ${total.toLocaleString('en')}` }).click()
    await limit.waitFor({ state: 'detached' })
    expect(await table.locator('tbody tr').count()).toBe(total)
    // Every column sorts, both ways: calls, fewest first after a second click.
    const calls = table.getByRole('button', { name: /^Calls/ })
    await calls.click()
    await calls.click()
    await table.locator('th[aria-sort="ascending"]', { hasText: 'Calls' }).waitFor()
    const fewest = await table.locator('tbody tr').first().locator('td').nth(4).innerText()
    expect(fewest).toBe('1')
    await table.getByRole('button', { name: /^Self( ▲| ▼)?$/ }).click()
    // Search, then pick a function: its callers and callees.
    await page.getByLabel('Search functions or files').fill('get_option')
    await table
      .locator('tbody tr', { has: page.locator('td.mono', { hasText: /^\s*get_option$/ }) })
      .click()
    const panel = page.getByTestId('call-panel')
    await panel.getByRole('region', { name: 'Called by' }).locator('tr').first().waitFor()
    // The table fits its pane: picking a function never scrolls the numbers out of view.
    const fits = await page
      .locator('.profile-functions .table-scroll')
      .evaluate((e) => [e.scrollLeft, e.scrollWidth - e.clientWidth])
    expect(fits).toEqual([0, 0])
    const callees = panel.getByRole('region', { name: 'Calls' })
    expect(await callees.locator('tr').count()).toBeGreaterThan(2)
    await screenshot(page, 'profile-functions')
    // Double-click a callee: it becomes the selected function, the trail grows.
    const callee = callees.locator('tr').first()
    const calleeName = (await callee.locator('td.mono').innerText()).trim()
    await callee.dblclick()
    await panel
      .getByRole('navigation')
      .filter({ hasText: exactly(`get_option › ${calleeName}`) })
      .waitFor()
    // The call tree, searched for the selected function.
    await panel.getByRole('button', { name: 'Show in call tree' }).click()
    const flame = page.getByTestId('flamegraph')
    await flame.locator('.flame-cell.hot').first().waitFor()
    expect(await flame.locator('.flame-cell.hit').count()).toBeGreaterThan(0)
    await flame
      .getByRole('button', { name: /^\{main\}/ })
      .first()
      .click()
    await screenshot(page, 'profile-flame')
    // Before/after against another profile of the folder.
    await page.getByRole('tab', { name: 'Compare' }).click()
    // No earlier profile of this request: nothing unrelated is preselected, the user chooses.
    await page
      .getByText('No earlier profile of this request: choose one to compare with.')
      .waitFor()
    const labels = await page.locator('.compare-select option').allInnerTexts()
    const feed = labels.find((l) => /^_feed_ — 2026-11-28 14:20:40 \+01:00$/.test(l))!
    await page.locator('.compare-select').selectOption({ label: feed })
    const compare = page.getByTestId('profile-compare')
    await compare.locator('tbody tr').first().waitFor({ timeout: 20_000 })
    expect(await compare.locator('tbody tr').count()).toBeGreaterThan(10)
    await screenshot(page, 'profile-compare')
  })

  it('finds the rogue UPDATE in the demo binlogs, with before → after and the SQL to undo it', async () => {
    await page.getByRole('tab', { name: 'Binlogs' }).click()
    await page.getByRole('checkbox', { name: /mariadb-bin\.000002/ }).check()
    await page.getByLabel('A value before or after').fill('billing-desk@refund-payments.example')
    await page.getByRole('button', { name: 'Find in 1 file', exact: true }).click()
    const row = page.getByRole('row', { name: /shopdb\.shop_options/ })
    await row.waitFor({ timeout: 20_000 })
    // On the server's clock, the column saying its zone.
    expect(await row.innerText()).toContain('2026-11-28 14:22:07')
    await page.getByRole('button', { name: /^Time \(UTC\+01:00\)/ }).waitFor()
    await row.click()
    const detail = page.getByTestId('binlog-detail')
    expect(await detail.locator('tr.hl-warn').innerText()).toContain(
      'billing-desk@refund-payments.example',
    )
    expect(await detail.getByTestId('reverse-sql').innerText()).toContain(
      "SET `@3` = 'shopadmin@example.test'",
    )
    expect(await detail.getByTestId('column-source').innerText()).toContain('Column names unknown')
    // Positions, not names: copying waits until the user says they will put the names in.
    const copy = detail.getByRole('button', { name: 'Copy', exact: true })
    expect(await copy.isDisabled()).toBe(true)
    await detail.getByTestId('undo-unnamed').getByRole('checkbox').check()
    expect(await copy.isEnabled()).toBe(true)
    // The web requests of that moment, found in the access logs in their own time zone (+01:00):
    // the comment POST as HAProxy accepted it (with its time) and as nginx logged it.
    const around = detail.getByTestId('binlog-requests')
    await around.getByRole('row').first().waitFor()
    expect(await around.getByRole('row').first().innerText()).toMatch(
      /−2 s\s+POST\s+\/wp-comments-post\.php\s+302\s+16 ms\s+127\.0\.0\.1\s+\/var\/log\/haproxy\//,
    )
    expect(await around.getByRole('row').nth(1).innerText()).toMatch(
      /−3 s\s+POST\s+\/wp-comments-post\.php\s+302\s+127\.0\.0\.1\s+\/var\/log\/nginx\//,
    )
    // The verdict, with its evidence and its confidence said plainly.
    const verdict = detail.getByTestId('binlog-verdict')
    expect(await verdict.innerText()).toMatch(
      /^Most likely written by POST \/wp-comments-post\.php \(−2 s from it\)\. Confidence: medium\.\n/,
    )
    await verdict
      .getByText(/is the nearest write request that could have been running then/)
      .waitFor()
    // Logged twice (two nginx log formats) at ±0 s, shown once.
    expect(
      await around.getByRole('row', { name: /±0 s GET \/category\/accessories\// }).count(),
    ).toBe(1)
    await screenshot(page, 'binlogs')
    // The same search on a position range of that file: the event's own position finds it,
    // a range just after it does not; a broken range is refused with a message.
    await page.getByLabel('Positions from-to').fill('134364-134364')
    await page.getByRole('button', { name: 'Find in 1 file', exact: true }).click()
    await page.getByText('100% · 1 found').waitFor({ timeout: 20_000 })
    await page.getByLabel('Positions from-to').fill('134365-')
    await page.getByRole('button', { name: 'Find in 1 file', exact: true }).click()
    await page.getByText('No matching change.').waitFor({ timeout: 20_000 })
    await page.getByLabel('Positions from-to').fill('abc')
    await page.getByRole('button', { name: 'Find in 1 file', exact: true }).click()
    await page.getByText('Positions are written from-to').waitFor()
    await page.getByLabel('Positions from-to').fill('')
    // Its whole transaction, whatever the filter, and the SQL to undo everything it did.
    await page.getByLabel('Positions from-to').fill('134364-134364')
    await page.getByRole('button', { name: 'Find in 1 file', exact: true }).click()
    await page.getByRole('row', { name: /shopdb\.shop_options/ }).click()
    await page.getByRole('button', { name: 'Find its whole transaction (GTID 0-1-491)' }).click()
    // Done when the results say they are the transaction's, and the search has ended.
    await page
      .getByTestId('binlog-scope')
      .getByText('Every event of transaction 0-1-491, whatever the filter', { exact: true })
      .waitFor({ timeout: 20_000 })
    // Its rows arrive as the search goes: the first one waited for.
    const found = page.getByRole('table', { name: 'Changes found' }).locator('tbody tr')
    await found.first().waitFor({ timeout: 20_000 })
    await page.getByRole('checkbox', { name: 'Select all' }).check()
    const undo = page.getByTestId('selection-sql')
    expect(await undo.innerText()).toMatch(
      /^START TRANSACTION;\nUPDATE `shopdb`\.`shop_options` SET `@3` = 'shopadmin@example\.test' WHERE[^\n]*LIMIT 1;[\s\S]*COMMIT;$/,
    )
    await screenshot(page, 'binlogs-transaction')
    await page.getByLabel('Positions from-to').fill('')
  })

  it('lists every change found, however many: only the rows in view are drawn, the rest by scrolling', async () => {
    await page.getByRole('tab', { name: 'Binlogs' }).click()
    await page.getByLabel('Positions from-to').fill('')
    await page.getByLabel('A value before or after').fill('')
    // Every binary log of the demo, unfiltered.
    const boxes = page.locator('.binlog-files input[type=checkbox]')
    const files = await boxes.count()
    for (let k = 0; k < files; k++) await boxes.nth(k).check()
    await page.getByRole('button', { name: `Find in ${files} files`, exact: true }).click()
    // Done when the progress says 100% and how many were found: more than the one event of the
    // previous search (positions 134364-134364), so that its progress is not taken for this one.
    const progress = page.getByTestId('binlog-progress')
    await progress.getByText(/^100% · (?:[2-9]|[1-9][\d,]+) found$/).waitFor({ timeout: 20_000 })
    const found = Number(/([\d,]+) found/.exec(await progress.innerText())![1]!.replace(/,/g, ''))
    const count = await page.getByTestId('binlog-count').innerText()
    expect(count).toMatch(new RegExp(`^${found.toLocaleString('en')} changes listed`))
    expect(found).toBeGreaterThan(100)
    const results = page.getByTestId('binlog-results')
    const drawn = results.locator('tbody:not([aria-hidden]) > tr')
    expect(await drawn.count()).toBeLessThan(found / 2)
    const firstTime = await drawn.first().locator('td').nth(1).innerText()
    // The oldest is at the end of the list, reached by scrolling.
    await results.evaluate((el) => el.scrollTo(0, el.scrollHeight))
    const last = results.locator(`tbody[data-index="${found - 1}"] > tr`)
    await last.waitFor()
    const lastTime = await last.locator('td').nth(1).innerText()
    expect(lastTime <= firstTime).toBe(true)
    expect(await drawn.count()).toBeLessThan(found / 2)
    await screenshot(page, 'binlogs-many')
    await results.evaluate((el) => el.scrollTo(0, 0))
    for (let k = 0; k < files; k++) await boxes.nth(k).uncheck()
  })

  it('makes a binlog event the moment: Slow PHP, the explorer and the raw lines open at its minute, on the server’s clock', async () => {
    // The demo's zone (Europe/Paris, its data's) is not this machine's: every view must agree.
    await page.getByRole('tab', { name: 'Binlogs' }).click()
    await page.getByRole('checkbox', { name: /^mariadb-bin\.000002 / }).check()
    await page.getByLabel('Positions from-to').fill('134364-134364')
    await page.getByRole('button', { name: 'Find in 1 file', exact: true }).click()
    await page.getByText('100% · 1 found').waitFor({ timeout: 20_000 })
    await page.getByRole('row', { name: /shopdb\.shop_options/ }).click()
    await page
      .getByTestId('binlog-detail')
      .getByRole('button', { name: 'Make this the moment of every view' })
      .click()
    const bar = page.getByTestId('moment')
    await bar.getByText('2026-11-28 14:22:07 +01:00').waitFor()
    const moment = Date.parse('2026-11-28T13:22:07Z')
    // Slow PHP: its timeline on the minute the slow log wrote (server-local 14:22), its entries.
    await bar.getByRole('button', { name: 'Open Slow PHP at it' }).click()
    const picked = page.getByTestId('timeline').locator('.tl-bar.selected')
    await picked.waitFor()
    expect(await picked.getAttribute('aria-label')).toBe('2026-11-28 14:22: 2')
    const entries = await page.locator('.entries tbody tr td:first-child').allInnerTexts()
    expect(entries.length).toBe(2)
    for (const e of entries) expect(e).toMatch(/^2026-11-28 14:22:\d\d$/)
    // Apache's log of then starts 19 s after it: the explorer says so rather than silently
    // showing every request.
    await page.getByTestId('moment').getByRole('button', { name: 'Open Logs at it' }).click()
    await page.locator('[role=option][title^="/var/log/apache2/access.log.1 "]').click()
    await page.getByRole('tab', { name: 'Explore' }).click()
    await page
      .getByTestId('moment-outside')
      .getByText(/^The moment \(2026-11-28 14:22:07 \+01:00\)/)
      .waitFor()
    // Its raw lines start after the moment too: the tail says so, and finds the moment's five
    // minutes in the whole file (by bisection) on request.
    await page.getByRole('tab', { name: 'Tail' }).click()
    // Its lines read (not the 0 of the tail just started).
    await page
      .getByTestId('line-count')
      .getByText(/^[1-9]\d* lines$/)
      .waitFor()
    await page.getByRole('button', { name: 'Go to the moment' }).click()
    await page.getByText('The moment is before the first line read', { exact: false }).waitFor()
    await page.getByRole('button', { name: 'Find that moment in the whole file' }).click()
    const window = page.getByTestId('moment-window')
    await window
      .getByText(
        /^\d+ lines written in the 5 minutes from 2026-11-28 14:22:07 \+01:00, found in the whole file with \d+ reads \([\d.,]+ [KM]?B read, [\d.,]+ m?s\)\.$/,
      )
      .waitFor()
    const firstLine = await window.locator('.line').first().innerText()
    const at = /\[28\/Nov\/2026:(\d\d):(\d\d):(\d\d) \+0100\]/.exec(firstLine)!
    expect(Date.UTC(2026, 10, 28, +at[1]! - 1, +at[2]!, +at[3]!)).toBeGreaterThanOrEqual(moment)
    await screenshot(page, 'moment-window')
    // The explorer of the nginx log written then (its first rotation, 14:20:06 → 14:22:32):
    // its requests within 10 s of the event, and not all of them.
    await page.getByRole('tab', { name: 'Tail' }).click()
    await page.locator('[role=option][title^="/var/log/nginx/access.log.1 "]').click()
    await page.getByRole('tab', { name: 'Explore' }).click()
    const count = page.getByTestId('explore-count')
    await count.getByText(/ requests$/).waitFor({ timeout: 20_000 })
    const [, shown, total] = /^(\d+) of (\d+) requests$/.exec(await count.innerText())!
    expect(Number(shown)).toBeLessThan(Number(total))
    const rows = await page.getByRole('log', { name: 'Requests' }).locator('.line').allInnerTexts()
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      const t = instant(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.exec(row)![0])
      expect(Math.abs(t - moment)).toBeLessThanOrEqual(10_000)
    }
    // The raw lines: the first written at or after it, within the minute.
    await page.getByRole('tab', { name: 'Tail' }).click()
    // All 114 lines of that rotation read (not the lines of the log shown before).
    await page.getByTestId('line-count').getByText('114 lines').waitFor()
    await page.getByRole('button', { name: 'Go to the moment' }).click()
    const clf = /\[(\d+)\/Nov\/2026:(\d\d):(\d\d):(\d\d) \+0100\]/.exec(
      await page.locator('.line.focused').innerText(),
    )!
    const written = Date.UTC(2026, 10, +clf[1]!, +clf[2]! - 1, +clf[3]!, +clf[4]!)
    expect(written).toBeGreaterThanOrEqual(moment)
    expect(written - moment).toBeLessThan(60_000)
    // UTC picked once: every view follows, each time saying UTC.
    await page.getByTestId('clock-mode').selectOption('utc')
    await bar.getByText('2026-11-28 13:22:07 UTC').waitFor()
    await page.getByTestId('clock').getByText('Times: UTC').waitFor()
    await page.getByTestId('clock-mode').selectOption('server')
    await page.getByTestId('moment').getByRole('button', { name: 'Clear' }).click()
  })

  it('traces a redirect chain hop by hop and says who answered', async () => {
    // A site on loopback: an instant 301, then a redirect that takes 300 ms, then the page.
    const site = createServer((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { Location: '/slow', Server: 'test-front' })
        res.end()
      } else if (req.url?.startsWith('/hang')) {
        // Never answers: the trace shows it is working and can be cancelled.
      } else if (req.url?.startsWith('/missing')) {
        res.writeHead(404, { 'Content-Type': 'text/html' })
        res.end('not here')
      } else if (req.url === '/leak') {
        // The back end's own port in Location, as an application behind HAProxy writes it.
        res.writeHead(302, { Location: 'http://127.0.0.1:1/page' })
        res.end()
      } else if (req.url?.startsWith('/stale')) {
        // A cache keeps an old copy; the cache-busted URL reaches the fresh one.
        const busted = req.url.includes('?')
        res.writeHead(200, {
          'Content-Type': 'text/html',
          ...(busted ? {} : { Age: '120', 'X-Cache': 'HIT' }),
        })
        res.end(busted ? 'new page' : 'old page')
      } else if (req.url === '/slow') {
        setTimeout(() => {
          res.writeHead(302, { Location: '/page' })
          res.end()
        }, 300)
      } else {
        res.writeHead(200, { 'Cache-Control': 'max-age=604800', 'Content-Type': 'text/html' })
        res.end('page')
      }
    })
    await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok))
    try {
      const port = (site.address() as AddressInfo).port
      await page.getByRole('tab', { name: 'HTTP' }).click()
      await page.getByLabel('URL to trace').fill(`http://127.0.0.1:${port}/old`)
      await page.getByRole('button', { name: 'Trace' }).click()
      const hops = page.getByRole('table', { name: 'Hops' }).locator('tbody tr')
      await hops.nth(2).waitFor({ timeout: 20_000 })
      expect(await hops.count()).toBe(3)
      expect(await hops.nth(0).innerText()).toMatch(/^1\s+301\s[\s\S]*front end/)
      expect(await hops.nth(0).innerText()).toContain('Browsers keep a permanent redirect')
      expect(await hops.nth(1).innerText()).toMatch(/^2\s+302\s[\s\S]*application/)
      expect(await hops.nth(2).innerText()).toMatch(/^3\s+200\s/)
      await screenshot(page, 'http-trace')
      // A URL that is not one: a clear message, the previous result kept.
      await page.getByLabel('URL to trace').fill('ftp://nowhere')
      await page.getByRole('button', { name: 'Trace' }).click()
      await page.getByText('Only http:// and https:// URLs can be probed.').waitFor()
      expect(await hops.count()).toBe(3)
      // A redirect that leaks the back end's port is flagged, with the fix.
      await page.getByLabel('URL to trace').fill(`http://127.0.0.1:${port}/leak`)
      await page.getByRole('button', { name: 'Trace' }).click()
      await page
        .getByTestId('backend-leak')
        .getByText(/^Location switches from port \d+ to 1 on the same host: .*proxy_redirect/)
        .waitFor({ timeout: 20_000 })
      // Nothing answers there: the hop so far is kept, and says where it led.
      await page
        .getByText(/^The next hop, http:\/\/127\.0\.0\.1:1\/page, could not be reached: /)
        .waitFor()
      // A site that never answers: the trace says it is working, and Cancel stops it.
      await page.getByLabel('URL to trace').fill(`http://127.0.0.1:${port}/hang`)
      await page.getByRole('button', { name: 'Trace' }).click()
      await page.getByTestId('trace-progress').getByText('Tracing… 0 hops so far').waitFor()
      await page.getByRole('button', { name: 'Cancel' }).click()
      await page.getByText('Cancelled: the hops found so far are shown.').waitFor()
      // Stale content: the same from every angle, and browsers may keep it a week.
      await page.getByRole('tab', { name: 'Stale content' }).click()
      await page.getByLabel('URL of the page or file').fill(`http://127.0.0.1:${port}/page`)
      await page.getByRole('button', { name: 'Diagnose' }).click()
      const cache = page.getByTestId('cache-result')
      await cache.getByText('From the origin').waitFor({ timeout: 20_000 })
      expect(await cache.innerText()).toContain('Browsers may keep it for 7 days')
      // A stale copy in a cache: the verdict, and the mail asking the host to purge it.
      await page.getByLabel('URL of the page or file').fill(`http://127.0.0.1:${port}/stale`)
      await page.getByRole('button', { name: 'Diagnose' }).click()
      const purge = cache.getByTestId('host-request')
      await purge.waitFor({ timeout: 20_000 })
      const mail = await purge.locator('textarea').inputValue()
      expect(mail).toContain(`http://127.0.0.1:${port}/stale`)
      expect(mail).toMatch(/Stale copy:\n.*\/stale → 200, 8 bytes[\s\S]*age: 120\n {4}x-cache: HIT/)
      expect(mail).toMatch(/Fresh copy:\n.*\/stale\?t=\w+ → 200, 8 bytes/)
      // A missing file is said to be missing, not served "from the origin".
      await page.getByLabel('URL of the page or file').fill(`http://127.0.0.1:${port}/missing.png`)
      await page.getByRole('button', { name: 'Diagnose' }).click()
      await cache.getByText('Not found').waitFor({ timeout: 20_000 })
      expect(await cache.innerText()).toContain('The URL answers 404 Not Found')
      expect(await cache.innerText()).not.toContain('From the origin')
      // Am I banned? The site answers: no (the demo server cannot be asked over SSH).
      await page.getByRole('tab', { name: 'Am I banned?' }).click()
      await page.getByLabel('URL of the site').fill(`http://127.0.0.1:${port}/page`)
      await page.getByRole('button', { name: 'Check' }).click()
      const ban = page.getByTestId('ban-result')
      await ban.getByText('Not banned').waitFor({ timeout: 20_000 })
      expect(await ban.innerText()).toContain('not asked (no SSH)')
      await screenshot(page, 'http-ban')
      await page.getByRole('tab', { name: 'Redirects' }).click()
    } finally {
      site.close()
    }
    // GeoIP rules: checked as they are typed, and a builder that writes them right.
    await page.getByRole('tab', { name: 'GeoIP rules' }).click()
    await page
      .getByLabel('The .htaccess rules')
      .fill('RewriteCond %{ENV:MM_COUNTRY_CODE} ^(UK|FR)$\nRewriteRule ^ /uk/ [R=302,L]\n')
    const issues = page.getByTestId('geoip-issues')
    await issues.getByText('"UK" is not an ISO 3166 country code: the database says GB.').waitFor()
    expect(await issues.locator('li').count()).toBe(3)
    await page.getByLabel('Countries: FR, BE…').fill('gb ie')
    await page.getByLabel('Redirect to').fill('https://uk.shop.example/')
    expect(await page.getByTestId('geoip-built').innerText()).toContain(
      'RewriteCond %{ENV:MM_COUNTRY_CODE} ^(GB|IE)$',
    )
    await page.getByLabel('Countries: FR, BE…').fill('uk')
    await page.getByText('Not ISO 3166 country codes: UK (GB).').waitFor()
    await page.getByLabel('Countries: FR, BE…').fill('GB')
    await screenshot(page, 'http-geoip')
  })

  it('browses files and opens one in Monaco', async () => {
    await page.getByRole('tab', { name: 'Files', exact: true }).click()
    expect(await page.getByTestId('cwd').inputValue()).toBe('/var/log')
    // A binary file is said to be one and shown as hex (hexdump -C), not as broken text.
    await page.getByRole('row', { name: /^📁 nginx / }).click()
    await page.getByRole('row', { name: /access\.log\.2\.gz/ }).click()
    await page
      .getByTestId('binary')
      .getByText(/^A binary file \(/)
      .waitFor()
    await page
      .getByTestId('monaco')
      .getByText('00000000  1f 8b 08', { exact: false })
      .first()
      .waitFor()
    await page.getByRole('button', { name: '↑ Up' }).click()
    await waitForValue(page, 'cwd', '/var/log')
    await page.getByRole('button', { name: '↑ Up' }).click()
    await waitForValue(page, 'cwd', '/var')
    await page.getByRole('row', { name: /www/ }).click()
    await page.getByRole('row', { name: /site/ }).click()
    await page.getByRole('row', { name: /wp-config\.php/ }).click()
    await page.getByTestId('monaco').getByText("'DB_NAME'").first().waitFor({ timeout: 20_000 })
    // Find (Ctrl+F) in the viewer, as in any editor: the matches are counted.
    await page.getByTestId('monaco').locator('.view-lines').click()
    await page.keyboard.press('Control+F')
    await page.keyboard.type('DB_')
    await page
      .getByTestId('monaco')
      .locator('.find-widget .matchesCount')
      .getByText('1 of 6')
      .waitFor()
    await screenshot(page, 'files')
    await page.keyboard.press('Escape')
    // Go to line (Ctrl+G).
    await page.keyboard.press('Control+G')
    await page.keyboard.type('30')
    await page.keyboard.press('Enter')
    await page.getByTestId('monaco').locator('.active-line-number').getByText('30').waitFor()
  })

  it('switches to French and to the dark theme, and remembers it', async () => {
    await page.getByLabel('Language').selectOption('fr')
    await page.getByRole('tab', { name: 'Journaux' }).waitFor()
    await page.getByRole('button', { name: 'Thème du système' }).click()
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark')
    await page.getByRole('tab', { name: 'Journaux' }).click()
    await page
      .getByRole('option', { name: /^error\.log\.1/ })
      .first()
      .click()
    await page.getByRole('log').locator('.line').first().waitFor()
    await screenshot(page, 'logs-fr-dark')
    await page.reload()
    await page.getByRole('tab', { name: 'Journaux' }).waitFor()
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark')
    // Every screen in French and dark, for a look: numbers written the French way, and the
    // clock's zone in French too.
    await page
      .getByTestId('clock')
      .getByText(/^Heures : serveur, Europe\/Paris/)
      .waitFor()
    const FR = [
      'Chronologie',
      'Journaux',
      'PHP lent',
      'Profils',
      'Binlogs',
      'Schéma',
      'HTTP',
      'Fichiers',
      'Terminal',
      'Clonage',
      'Sauvegardes',
    ]
    await tour(page, FR, 'fr-dark')
    await page.getByRole('tab', { name: 'Profils' }).click()
    await page
      .getByTestId('profile-list')
      .getByRole('option', { name: /edit-comments/ })
      .click()
    await page.getByText('1 654 fonctions', { exact: true }).waitFor()
    await screenshot(page, 'fr-dark-profile')
    // The two other combinations: French in the light theme, English in the dark one.
    await page.getByRole('button', { name: 'Thème sombre' }).click()
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light')
    await tour(page, FR, 'fr-light')
    await page.getByLabel('Langue').selectOption('en')
    await page.getByRole('button', { name: 'Light theme' }).click()
    await page.getByRole('button', { name: 'System theme' }).click()
    await page.getByRole('button', { name: 'Dark theme' }).waitFor()
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark')
    await tour(page, SECTION_TABS, 'en-dark')
  })

  it('had no console error, page error or CSP violation', () => {
    expect(problems).toEqual([])
  })
})

/** Every section opened in turn, each shot as `<prefix>-N`, for a look. */
async function tour(page: Page, tabs: readonly string[], prefix: string): Promise<void> {
  for (const [i, tab] of tabs.entries()) {
    await page.getByRole('tab', { name: tab, exact: true }).click()
    await page.locator(`.section[data-section]`).first().waitFor()
    await screenshot(page, `${prefix}-${i + 1}`)
  }
}
