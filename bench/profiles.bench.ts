// Xdebug profile reading speed: `twb cachegrind summary --json` (the full model: self and
// inclusive costs per event, edges, exact call tree) against valgrind's `callgrind_annotate` on
// the same profile, made in this run by profiling bench/php/heavy.php with php-xdebug. Then,
// as root, the first screen of that profile in the UI: opened over SFTP from a jailed sshd in
// Chromium, until the function table shows.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { APP_ROOT, serveApp } from '../test/harness/app'
import { launchChromium, openApp } from '../test/harness/browser'
import { cliRunner } from '../test/harness/cli'
import { tempDir } from '../test/harness/process'
import { createJail, jailConfig, startSshd } from '../test/harness/sshd'
import { profileScript } from '../test/harness/xdebug'
import { medianOf, timed, type Timed } from './measure'

const SCALE = Number(process.env.BENCH_PROFILE_SCALE ?? 7)
const work = tempDir('bench-profiles')
let file = ''

beforeAll(() => {
  file = profileScript(join(APP_ROOT, 'bench/php/heavy.php'), [String(SCALE)], work.path)[0]!
})
afterAll(() => work.remove())

async function firstScreen(): Promise<number | null> {
  if (process.getuid?.() !== 0) return null // the jail needs root
  const jail = createJail('twbbench')
  const profiler = join(jail.root, 'var/log/php/profiler')
  mkdirSync(profiler, { recursive: true })
  copyFileSync(file, join(profiler, 'cachegrind.out.1'))
  const sshd = await startSshd({ extra: jailConfig(jail) })
  const app = await serveApp()
  const browser = await launchChromium()
  try {
    const twb = cliRunner(app.home)
    twb(
      ...['server', 'add', 'Bench', '--host', '127.0.0.1', '--port', String(sshd.port)],
      ...['--user', jail.user, '--key', sshd.privateKeyPath],
    )
    twb('server', 'trust', 'Bench', '--yes')
    const { page } = await openApp(browser, app.url)
    await page.getByRole('button', { name: /Bench/ }).click()
    await page.getByTestId('connection-state').getByText('Bench — connected').waitFor()
    await page.getByRole('tab', { name: 'Profiles' }).click()
    const item = page.getByTestId('profile-list').getByRole('option').first()
    await item.waitFor()
    const started = performance.now()
    await item.click()
    await page
      .getByTestId('profile-functions')
      .locator('tbody tr')
      .first()
      .waitFor({ timeout: 300_000 })
    return (performance.now() - started) / 1000
  } finally {
    await browser.close()
    await app.stop()
    await sshd.stop()
    jail.remove()
  }
}

it(`reads a profile of heavy.php at scale ${SCALE}`, async () => {
  const mb = statSync(file).size / (1 << 20)
  const lines = Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).split(' ')[0])
  const twbRun = (): Timed =>
    timed(process.execPath, [join(APP_ROOT, 'bin/twb.js'), 'cachegrind', 'summary', '--json', file])
  const twb = medianOf(3, twbRun)
  // One round: it takes a minute.
  const annotate = timed('callgrind_annotate', ['--threshold=100', '--auto=no', file], 'pipe', {
    cwd: '/',
  })
  const ui = await firstScreen()
  const rows: [string, Timed][] = [
    ['callgrind_annotate (valgrind 3.19)', annotate],
    ['twb cachegrind summary --json', twb],
  ]
  console.log(
    [
      `\nXdebug profile, ${mb.toFixed(0)} MB, ${(lines / 1e6).toFixed(1)} M lines, made by php-xdebug from bench/php/heavy.php ${SCALE} (${new Date().toISOString().slice(0, 10)}, ${process.version}); twb median of 3:`,
      '',
      '| tool | seconds | MB/s | peak memory | speed-up |',
      '|---|---:|---:|---:|---:|',
      ...rows.map(
        ([name, r]) =>
          `| ${name} | ${r.secs.toFixed(2)} | ${(mb / r.secs).toFixed(0)} | ${r.maxRssMb.toFixed(0)} MB | ${(annotate.secs / r.secs).toFixed(1)}× |`,
      ),
      '',
      ui === null
        ? 'UI first screen: not measured (needs root for the jailed sshd).'
        : `UI first screen (click → function table, over SFTP from a jailed sshd, parsed in the worker): ${ui.toFixed(2)} s = ${(ui / twb.secs).toFixed(2)}× the CLI.`,
      '',
    ].join('\n'),
  )
})
