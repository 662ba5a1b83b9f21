import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { APP_ROOT } from './app'

export const SCREENS = join(APP_ROOT, 'test-results', 'screens')

/** The app's section tabs, in order, as an English user sees them. */
export const SECTION_TABS = [
  'Timeline',
  'Logs',
  'Slow PHP',
  'Profiles',
  'Binlogs',
  'Schema',
  'HTTP',
  'Files',
  'Terminal',
  'Clone',
  'Backups',
]

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      ...extraArgs,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Collects console errors, page errors and CSP violations: a clean page has none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning')
      problems.push(`console ${msg.type()}: ${msg.text()}`)
  })
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  return problems
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS, { recursive: true })
  const file = join(SCREENS, `${name}.png`)
  // Transitions are finished first (Monaco's find widget slides in): the picture shows the end state.
  await page.screenshot({ path: file, animations: 'disabled' })
  return file
}

/** The app at `url` in a new page of the standard size, language and theme, its problems watched. */
export async function openApp(
  browser: Browser,
  url: string,
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 820 },
    locale: 'en-US',
    colorScheme: 'light',
  })
  const page = await context.newPage()
  const problems = watchProblems(page)
  await page.goto(url)
  return { page, problems }
}

/**
 * Waits until the input with this test id holds `value` (the page's own state, checked on each
 * frame by the browser; the test timeout bounds it, not a short poll).
 */
export async function waitForValue(page: Page, testId: string, value: string): Promise<void> {
  await page.waitForFunction(
    `document.querySelector('[data-testid="${testId}"]')?.value === ${JSON.stringify(value)}`,
    undefined,
    { timeout: 0 },
  )
}

/** `^text$` as a regular expression (for an exact-text wait on a locator). */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
}
