// The same journey in the real Electron window, where Electron's binary is installed
// (node_modules/electron/dist): a real window, preload and IPC. Where it is absent (its download
// comes from outside the npm registry, blocked on the machines this is built on) the suite is
// skipped, and `npm test` reports it as skipped, never as passed.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ROOT } from '../harness/app'
import { SECTION_TABS, watchProblems } from '../harness/browser'
import { tempDir } from '../harness/process'

const pathFile = join(APP_ROOT, 'node_modules/electron/path.txt')
const binary = existsSync(pathFile)
  ? join(APP_ROOT, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim())
  : null
const present = binary !== null && existsSync(binary)

describe.skipIf(!present)(
  `in the real Electron window${present ? '' : ' (skipped: node_modules/electron/dist has no binary here)'}`,
  () => {
    const home = tempDir('electron-binary')
    let app: ElectronApplication
    let page: Page
    let problems: string[]

    beforeAll(async () => {
      app = await electron.launch({
        executablePath: binary!,
        args: [APP_ROOT],
        env: { ...process.env, TWB_HOME: home.path },
      })
      page = await app.firstWindow()
      problems = watchProblems(page)
    })
    afterAll(async () => {
      await app?.close()
      home.remove()
    })

    it('opens on the demo through the preload, hardened', async () => {
      await page.getByTestId('connection-state').getByText('Demo — connected').waitFor()
      await page.getByText('v0.1.0 · electron').waitFor()
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      )
    })

    it('shows every screen with no CSP violation, page or console error', async () => {
      for (const tab of SECTION_TABS)
        await page.getByRole('tab', { name: tab, exact: true }).first().click()
      await page.getByRole('tab', { name: 'Slow PHP', exact: true }).click()
      await page.getByTestId('flamegraph').getByText('16 samples').waitFor()
      expect(problems).toEqual([])
    })
  },
)
