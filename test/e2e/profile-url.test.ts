// "Profile this URL" end to end: a chroot-jailed SSH login whose site is served by PHP with
// Xdebug (php -S, profiling on the trigger cookie only), behind a Basic-auth preprod link.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { APP_ROOT, serveApp, type ServedApp } from '../harness/app'
import { launchChromium, openApp, screenshot } from '../harness/browser'
import { cliRunner } from '../harness/cli'
import { canConnect, freePort, startDaemon, waitFor, type Daemon } from '../harness/process'
import { createJail, jailConfig, startSshd, type TestJail, type TestSshd } from '../harness/sshd'

const PAGE = `<?php
// Preprod copies are behind htpasswd: this page wants the secure link's login.
if (($_SERVER['PHP_AUTH_USER'] ?? '') !== 'preview' || ($_SERVER['PHP_AUTH_PW'] ?? '') !== 'Pr3view-pass') {
    header('WWW-Authenticate: Basic realm="preprod"');
    http_response_code(401);
    exit;
}
function shop_price(int $i): float { return round($i * 1.2, 2); }
function shop_render_category(): string {
    $out = '';
    for ($i = 0; $i < 300; $i++) { $out .= htmlspecialchars('item ' . shop_price($i)); }
    usleep(30000);
    return $out;
}
echo strlen(shop_render_category());
`

describe.runIf(process.getuid?.() === 0)('profile this URL', () => {
  let jail: TestJail
  let sshd: TestSshd
  let php: Daemon
  let app: ServedApp
  let browser: Browser
  let page: Page
  let problems: string[]
  let profiler = ''

  beforeAll(async () => {
    jail = createJail('twbprof')
    profiler = join(jail.root, 'var', 'log', 'php', 'profiler')
    mkdirSync(profiler, { recursive: true, mode: 0o755 })
    writeFileSync(join(jail.root, 'var', 'www', 'site', 'index.php'), PAGE)
    // A log in the jail, to explore over SSH.
    mkdirSync(join(jail.root, 'var', 'log', 'nginx'), { recursive: true, mode: 0o755 })
    copyFileSync(
      join(APP_ROOT, 'resources/demo/var/log/nginx/access.log.1'),
      join(jail.root, 'var', 'log', 'nginx', 'access.log'),
    )
    // A busy log whose last 5,000 lines weigh over a megabyte: the tail reads them at once.
    const busy = Array.from(
      { length: 6000 },
      (_, i) =>
        `203.0.113.${i % 250} - - [20/Nov/2026:10:${String(Math.floor(i / 100) % 60).padStart(2, '0')}:00 +0100] "GET /catalog/item-${i}?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday-2026 HTTP/2.0" 200 ${1000 + i} "https://www.example.test/catalog/?page=${i}" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"\n`,
    )
    writeFileSync(join(jail.root, 'var', 'log', 'nginx', 'busy.log'), busy.join(''))
    copyFileSync(
      join(APP_ROOT, 'resources/demo/var/log/php/www.slow'),
      join(jail.root, 'var', 'log', 'php', 'www.slow'),
    )
    const port = await freePort()
    php = startDaemon('php', [
      '-d',
      'xdebug.mode=profile',
      '-d',
      'xdebug.start_with_request=trigger',
      '-d',
      `xdebug.output_dir=${profiler}`,
      '-d',
      'xdebug.profiler_output_name=cachegrind.out.%t.%p.%R',
      '-S',
      `127.0.0.1:${port}`,
      '-t',
      join(jail.root, 'var', 'www', 'site'),
    ])
    await waitFor('php -S', () => canConnect(port), 15_000, php)
    sshd = await startSshd({ extra: jailConfig(jail) })
    app = await serveApp()
    const twb = cliRunner(app.home, {
      LINK: `http://preview:Pr3view-pass@127.0.0.1:${port}/`,
    })
    const added = twb(
      'server',
      'add',
      'Preprod jail',
      '--host',
      '127.0.0.1',
      '--port',
      String(sshd.port),
      '--user',
      jail.user,
      '--key',
      sshd.privateKeyPath,
      '--role',
      'preprod',
      '--preprod-link-env',
      'LINK',
    )
    expect(added.err).toBe('')
    expect(twb('server', 'trust', 'Preprod jail', '--yes').code).toBe(0)
    browser = await launchChromium()
    ;({ page, problems } = await openApp(browser, app.url))
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    await sshd?.stop()
    await php?.stop()
    jail?.remove()
  })

  it('requests the page with the trigger cookie and the preprod login, then opens its profile', async () => {
    await page.getByRole('button', { name: /Preprod jail/ }).click()
    await page.getByTestId('connection-state').getByText('Preprod jail — connected').waitFor()
    await page.getByRole('tab', { name: 'Profiles' }).click()
    await page.getByText('No profile yet.', { exact: false }).waitFor()
    // Without a URL: the server's preprod link, its password never shown.
    await page.getByRole('button', { name: 'Profile this URL' }).click()
    await page.getByText(/HTTP 200 in [\d,]+ ms: profile opened/).waitFor({ timeout: 30_000 })
    const table = page.getByTestId('profile-functions')
    await table.getByText('shop_render_category').waitFor()
    const first = await table.locator('tbody tr').first().innerText()
    expect(first).toContain('php::usleep')
    expect(await page.getByTestId('profile-list').getByRole('option').count()).toBe(1)
    expect(readdirSync(profiler)).toHaveLength(1)
    expect(await page.content()).not.toContain('Pr3view-pass')
    await screenshot(page, 'profile-url')
    // Its source, read from the jail, with the cost of the calls each line makes.
    await table.locator('tbody tr', { hasText: 'shop_render_category' }).click()
    await page.getByRole('button', { name: 'Open the source at this line' }).click()
    const source = page.getByTestId('source')
    // In Monaco: the function's line highlighted, each call's cost at the end of its line.
    const usleep = source.locator('.view-line', { hasText: 'usleep(30000);' })
    await usleep.waitFor()
    expect(await source.locator('.monaco-line-hl').count()).toBe(1)
    // (Monaco renders spaces as no-break spaces.)
    const cost = await usleep.locator('.monaco-line-cost').innerText()
    expect(cost.replace(/\s+/g, ' ').trim()).toMatch(/^◂ 3\d\.\d ms · php::usleep$/)
    await screenshot(page, 'profile-source')
  })

  it('says so when the site does not answer, and keeps the profile shown', async () => {
    const closed = await freePort()
    await page.getByLabel('URL to profile').fill(`http://127.0.0.1:${closed}/`)
    await page.getByRole('button', { name: 'Profile this URL' }).click()
    await page.getByText(/ECONNREFUSED/).waitFor()
    expect(await page.getByTestId('profile-functions').locator('tbody tr').count()).toBeGreaterThan(
      3,
    )
  })

  it('shows how long it has been waiting, and cancels a request that does not end', async () => {
    const hang = createServer(() => undefined) // accepts, never answers
    await new Promise<void>((ok) => hang.listen(0, '127.0.0.1', ok))
    try {
      const port = (hang.address() as AddressInfo).port
      await page.getByLabel('URL to profile').fill(`http://127.0.0.1:${port}/slow`)
      await page.getByRole('button', { name: 'Profile this URL' }).click()
      await page
        .getByTestId('profile-url-progress')
        .getByText(/^Requesting the page with the profiling cookie… [\d,]+ s$/)
        .waitFor()
      await page.getByRole('button', { name: 'Cancel', exact: true }).click()
      await page.getByText('Cancelled: the request was stopped.').waitFor()
      await page.getByRole('button', { name: 'Profile this URL' }).waitFor()
      // What was shown stays.
      expect(
        await page.getByTestId('profile-functions').locator('tbody tr').count(),
      ).toBeGreaterThan(3)
    } finally {
      hang.closeAllConnections()
      hang.close()
    }
  })

  it('had no console error, page error or CSP violation', () => {
    expect(problems).toEqual([])
  })

  it('explores a log of the jail over SSH and says what reading it cost', async () => {
    await page.getByRole('tab', { name: 'Logs', exact: true }).click()
    await page.locator('[role=option][title^="/var/log/nginx/access.log "]').click()
    await page.getByRole('tab', { name: 'Explore' }).click()
    const summary = page.getByTestId('explore-summary')
    await summary.getByText(/^combined: 114 requests/).waitFor()
    // A small file on a fast link: read as it is, and said so with its size, time and rate.
    await summary
      .getByTestId('read-cost')
      .getByText(
        /^18[.,]\d KB read in [\d.,]+ (ms|s) \([\d.,]+ [KM]?B\/s\), as they are: the link is fast enough$/,
      )
      .waitFor()
    await screenshot(page, 'explore-ssh-cost')
    // A tail's history of over a megabyte is read at once, and says what that cost.
    await page.locator('[role=option][title^="/var/log/nginx/busy.log "]').click()
    await page.getByRole('tab', { name: 'Tail' }).click()
    await page.getByTestId('line-count').getByText('5,000 lines').waitFor()
    await page
      .getByTestId('tail-read')
      .getByText(
        // As they are on a link measured fast (loopback); compressed if a busy machine measured slow.
        /^History read at once: 1[.,]\d MB read in [\d.,]+ (ms|s) \([\d.,]+ [KM]?B\/s\)(, as they are|: [\d.,]+ [KM]?B on the wire, compressed)/,
      )
      .waitFor()
    // Following: the view is at the last line once the history is in.
    await page.getByRole('log').getByText('GET /catalog/item-5999?').waitFor()
    await screenshot(page, 'tail-history-cost')
    // The slow log too: its analysis says what reading it cost.
    await page.getByRole('tab', { name: 'Slow PHP', exact: true }).click()
    await page.getByRole('option', { name: /^www\.slow/ }).click()
    const stats = page.getByTestId('slow-stats')
    await stats.getByText(/^16 slow requests/).waitFor()
    await stats
      .getByTestId('read-cost')
      .getByText(/^7[.,]\d KB read in [\d.,]+ (ms|s) \([\d.,]+ [KM]?B\/s\), as they are/)
      .waitFor()
  })
})
