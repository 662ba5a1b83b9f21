/// <reference lib="dom" />
// The built renderer as Electron loads it: out/renderer/index.html from file://, its own CSP
// meta tag untouched, in Debian's Chromium (the engine Electron embeds), with a `window.twb`
// injected before any script runs, as the preload would, relaying to an in-process session of
// the real services. The demo journey must run with no CSP violation, page or console error.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiSession, createServices, type ApiSession } from '../../src/main/services/api'
import { APP_ROOT } from '../harness/app'
import { launchChromium, screenshot, watchProblems } from '../harness/browser'
import { tempDir } from '../harness/process'
import { startSshd, type TestSshd } from '../harness/sshd'

const INDEX = join(APP_ROOT, 'out/renderer/index.html')
const home = tempDir('renderer-file')
const site = tempDir('renderer-file-site')
let sshd: TestSshd
let browser: Browser
let page: Page
let problems: string[]
/** The web workers the page started (their script URLs). */
const workers: string[] = []
let session: ApiSession | undefined

beforeAll(async () => {
  sshd = await startSshd()
  // A non-breaking space, the invisible character that breaks a PHP file: Monaco's unicode
  // highlighter marks it, computed in the editor worker.
  writeFileSync(join(site.path, 'notes.txt'), 'alpha beta gamma\nalpine\u00a0alps\n')
  // Electron lets a file:// page load the other files of the app (its scripts are modules,
  // fetched with CORS); Chromium does with this switch. Nothing else is relaxed: the page's CSP
  // is its own.
  browser = await launchChromium(['--allow-file-access-from-files'])
  const context = await browser.newContext({
    viewport: { width: 1360, height: 820 },
    locale: 'en-US',
    colorScheme: 'light',
  })
  page = await context.newPage()
  problems = watchProblems(page)
  page.on('worker', (w) => workers.push(w.url()))
  // CSP violations are reported as console errors; a listener makes sure none is missed.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
    )
  })
  const services = createServices({
    appRoot: APP_ROOT,
    dataDir: join(home.path, 'data'),
    downloadsDir: join(home.path, 'downloads'),
    // Main's native dialog (Electron's dialog.showOpenDialog, tested against the recording fake
    // in main-preload.test.ts): here the user picks the test server's key.
    pickFile: async () => sshd.privateKeyPath,
  })
  // The preload's bridge: calls go to the session, its events come back into the page.
  session = createApiSession(services, 'electron', (event, payload) => {
    void page
      .evaluate(
        ([e, p]) =>
          (window as unknown as { __twbEmit(e: string, p: unknown): void }).__twbEmit(e, p),
        [event, payload] as const,
      )
      .catch(() => undefined)
  })
  await page.exposeFunction('__twbCall', (name: string, req: unknown) => session!.handle(name, req))
  await page.addInitScript(() => {
    const listeners = new Set<(event: string, payload: unknown) => void>()
    const w = window as unknown as {
      __twbCall(name: string, req: unknown): Promise<unknown>
      __twbEmit(event: string, payload: unknown): void
      twb: unknown
    }
    w.__twbEmit = (event, payload) => {
      for (const l of listeners) l(event, payload)
    }
    w.twb = Object.freeze({
      call: (name: string, req: unknown) => w.__twbCall(name, req),
      onEvent: (l: (event: string, payload: unknown) => void) => {
        listeners.add(l)
        return () => listeners.delete(l)
      },
    })
  })
  await page.goto(pathToFileURL(INDEX).href)
}, 120_000)

afterAll(async () => {
  session?.dispose()
  await browser?.close()
  await sshd?.stop()
  home.remove()
  site.remove()
})

describe('the renderer from file:// under its own CSP, as Electron loads it', () => {
  it('starts on the demo through window.twb, not web mode', async () => {
    await page.getByTestId('connection-state').getByText('Demo — connected').waitFor()
    expect(await page.evaluate(() => location.protocol)).toBe('file:')
    await page.getByText('v0.1.0 · electron').waitFor()
  })

  it('fills the key field from the native file dialog (Browse…, Electron only)', async () => {
    await page.getByRole('button', { name: '+ Add a server' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: 'Browse…' }).click()
    await dialog
      .getByLabel('Private key file')
      .and(page.locator(`[value="${sshd.privateKeyPath}"]`))
      .waitFor()
    expect(await dialog.getByLabel('Private key file').inputValue()).toBe(sshd.privateKeyPath)
    await screenshot(page, 'electron-server-form')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  })

  it('tails a log and explores it (histogram)', async () => {
    await page
      .getByRole('option', { name: /^access\.log 6/ })
      .first()
      .click()
    await page.getByTestId('line-count').getByText('40 lines').waitFor()
    await page.getByRole('tab', { name: 'Explore' }).click()
    await page.getByTestId('explore-count').getByText('40 of 40 requests').waitFor()
  })

  it('draws the slow log’s flame graph', async () => {
    await page.getByRole('tab', { name: 'Slow PHP' }).click()
    await page.getByTestId('flamegraph').getByText('16 samples').waitFor()
  })

  it('opens a profile (parsed by the worker thread): functions, then its flame graph', async () => {
    await page.getByRole('tab', { name: 'Profiles' }).click()
    await page
      .getByTestId('profile-list')
      .getByRole('option', { name: /tb-slow\.php/ })
      .click()
    await page.getByTestId('profile-functions').locator('tbody tr').first().waitFor()
    await page.getByRole('tab', { name: 'Call tree' }).click()
    await page.getByTestId('flamegraph').waitFor()
  })

  it('finds binlog changes and shows the schema integrity log', async () => {
    await page.getByRole('tab', { name: 'Binlogs' }).click()
    await page.getByRole('button', { name: /^Find in 4 files/ }).click()
    await page
      .getByTestId('binlog-progress')
      .getByText(/286 found/)
      .waitFor()
    await page.getByRole('tab', { name: 'Schema' }).click()
    await page
      .getByTestId('integrity')
      .getByText('2026-11-28T13:23:15Z', { exact: false })
      .first()
      .waitFor()
  })

  it('opens a file in Monaco (read-only on the demo)', async () => {
    await page.getByRole('tab', { name: 'Files', exact: true }).click()
    await page.getByTestId('cwd').fill('/var/www/site')
    await page.getByTestId('cwd').press('Enter')
    await page.getByRole('row', { name: /wp-config\.php/ }).click()
    await page.getByTestId('monaco').getByText("'DB_NAME'").first().waitFor()
  })

  it('on an SSH server: edits a file in Monaco and types in a terminal (xterm)', async () => {
    const added = (await session!.handle('servers:add', {
      profile: {
        name: 'Shell',
        host: '127.0.0.1',
        port: sshd.port,
        user: sshd.user,
        auth: 'key',
        keyFile: sshd.privateKeyPath,
        cmsRoot: site.path,
        role: 'preprod',
      },
    })) as { ok: true; value: { id: string } }
    await session!.handle('servers:trust', {
      server: added.value.id,
      fingerprint: sshd.hostFingerprint,
    })
    await page.reload()
    await page.getByRole('button', { name: /Shell/ }).click()
    await page.getByTestId('connection-state').getByText('Shell — connected').waitFor()
    await page.getByRole('tab', { name: 'Files', exact: true }).click()
    await page.getByTestId('cwd').fill(site.path)
    await page.getByTestId('cwd').press('Enter')
    await page.getByRole('row', { name: /notes\.txt/ }).click()
    await page
      .locator('.toolbar')
      .filter({ hasText: 'notes.txt' })
      .getByRole('button', { name: 'Edit', exact: true })
      .click()
    const editor = page.getByTestId('monaco')
    // The non-breaking space is marked: the editor worker started from file:// under the page's
    // CSP and answered (if its script were refused, nothing would be marked).
    await editor.locator('.unicode-highlight').first().waitFor()
    expect(workers.filter((url) => /^file:.*\/editor\.worker-[\w-]+\.js$/.test(url))).toHaveLength(
      1,
    )
    // Editable: the text typed is in the model.
    await editor.getByText('alpha').first().click()
    await page.keyboard.press('End')
    await page.keyboard.type(' delta')
    await editor.getByText('alpha beta gamma delta').waitFor()
    await page.getByRole('tab', { name: 'Terminal' }).click()
    const term = page.getByTestId('xterm')
    await term.click()
    await page.keyboard.type(`ls ${site.path}\n`)
    await term.getByText('notes.txt').first().waitFor()
    await screenshot(page, 'electron-file-terminal')
  })

  it('shows the other screens (HTTP, Terminal, Clone) without an error', async () => {
    for (const tab of ['HTTP', 'Terminal', 'Clone']) {
      await page.getByRole('tab', { name: tab, exact: true }).click()
      await page.locator(`.section[data-section]`).first().waitFor()
    }
  })

  it('had no CSP violation, page error or console error', () => {
    expect(problems).toEqual([])
  })
})
