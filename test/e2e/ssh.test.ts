// The UI against a real sshd: add a server, accept its fingerprint, browse, open a file in
// Monaco, type in a terminal, survive a reload.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { serveApp, type ServedApp } from '../harness/app'
import { launchChromium, openApp, screenshot, waitForValue } from '../harness/browser'
import { tempDir } from '../harness/process'
import { startSshd, type TestSshd } from '../harness/sshd'
import { startMariadb, type TestMariadb } from '../harness/mariadb'

describe('an SSH server in the browser', () => {
  let sshd: TestSshd
  let db: TestMariadb
  let app: ServedApp
  let browser: Browser
  let page: Page
  let problems: string[]
  const site = tempDir('e2e-site')
  const downloads = tempDir('e2e-downloads')

  beforeAll(async () => {
    sshd = await startSshd()
    mkdirSync(join(site.path, 'wp-content'))
    mkdirSync(join(site.path, 'tw_supervisor', 'api'), { recursive: true })
    writeFileSync(
      join(site.path, '.htaccess'),
      'RewriteEngine On\nRewriteRule ^old-shop$ /shop/ [R=301,L]\n',
    )
    writeFileSync(
      join(site.path, 'index.php'),
      "<?php\ndefine('WP_USE_THEMES', true);\nrequire __DIR__ . '/wp-blog-header.php';\n",
    )
    db = await startMariadb()
    db.sql(
      "CREATE DATABASE shopdb; CREATE USER 'shop'@'127.0.0.1' IDENTIFIED BY 'Db-s3cret'; GRANT ALL ON shopdb.* TO 'shop'@'127.0.0.1';",
    )
    db.sql(
      'CREATE TABLE shop_options (option_id bigint unsigned NOT NULL AUTO_INCREMENT, option_name varchar(191) NOT NULL, PRIMARY KEY (option_id), UNIQUE KEY option_name (option_name)); CREATE TABLE shop_links (link_id int NOT NULL, PRIMARY KEY (link_id));',
      'shopdb',
    )
    writeFileSync(
      join(site.path, 'wp-config.php'),
      `<?php\ndefine('DB_NAME', 'shopdb');\ndefine('DB_USER', 'shop');\ndefine('DB_PASSWORD', 'Db-s3cret');\ndefine('DB_HOST', '127.0.0.1:${db.port}');\n$table_prefix = 'shop_';\n`,
    )
    app = await serveApp({ TWB_DOWNLOADS: downloads.path })
    browser = await launchChromium()
    ;({ page, problems } = await openApp(browser, app.url))
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    await sshd?.stop()
    await db?.stop()
    site.remove()
    downloads.remove()
  })

  it('adds the server and asks to trust its exact OpenSSH fingerprint', async () => {
    await page.getByRole('button', { name: '+ Add a server' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add a server' })
    await dialog.getByLabel('Name', { exact: true }).fill('Preprod shop')
    await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1')
    await dialog.getByLabel('Port', { exact: true }).fill(String(sshd.port))
    await dialog.getByLabel('User', { exact: true }).fill(sshd.user)
    await dialog.getByLabel('Private key file').fill(sshd.privateKeyPath)
    // Web mode has no native file dialog: no Browse… button (the path is typed, or picked among
    // ~/.ssh's keys).
    await dialog.getByLabel('CMS root in the jail').fill(site.path)
    expect(await dialog.getByRole('button', { name: 'Browse…' }).count()).toBe(0)
    await dialog.getByLabel(/^Role/).selectOption('preprod')
    await dialog
      .getByLabel(/Preprod secure link/)
      .fill('https://preview:Sup3r-s3cret@preprod.example.test')
    // Tried before saving: reachable, its host key shown to be trusted on save.
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await dialog
      .getByTestId('connection-test')
      .getByText(`Reachable. Its host key ${sshd.hostFingerprint} is not trusted yet`, {
        exact: false,
      })
      .waitFor()
    await screenshot(page, 'ssh-add')
    await dialog.getByRole('button', { name: 'Save' }).click()
    const trust = page.getByRole('dialog', { name: 'Trust this server?' })
    await trust.waitFor()
    expect(await trust.getByTestId('fingerprint').innerText()).toBe(sshd.hostFingerprint)
    await screenshot(page, 'ssh-trust')
    await trust.getByRole('button', { name: 'Trust and connect' }).click()
    await page.getByTestId('connection-state').getByText('Preprod shop — connected').waitFor()
    await page.getByTestId('preprod-guard').waitFor()
    const tools = await page.getByTestId('tools').innerText()
    expect(tools).toContain('mysqlbinlog')
    expect(await page.content()).not.toContain('Sup3r-s3cret')
  })

  it('browses the site over SFTP and opens a file in Monaco', async () => {
    await page.getByRole('tab', { name: 'Files', exact: true }).click()
    await page.getByTestId('cwd').fill(site.path)
    await page.getByTestId('cwd').press('Enter')
    await page.getByRole('row', { name: /\.htaccess/ }).click()
    await page.getByTestId('monaco').getByText('RewriteRule').first().waitFor({ timeout: 20_000 })
    await page
      .getByTestId('download')
      .getByRole('button', { name: /Download/ })
      .click()
    await page
      .getByTestId('download')
      .getByText(/Saved to/)
      .waitFor()
    // What it cost: a small file goes as it is, by SFTP.
    expect(await page.getByTestId('download').getByTestId('read-cost').innerText()).toMatch(
      /^\d+ B read in .*as they are/,
    )
    const saved = join(downloads.path, 'tw-workbench', 'Preprod_shop', '.htaccess')
    expect(readFileSync(saved, 'utf8')).toContain('RewriteRule ^old-shop$')
    await page.getByRole('button', { name: 'Edit', exact: true }).last().click()
    await page.getByTestId('monaco').locator('.view-lines').click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.type('# edited in the workbench\n')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByTestId('saved').waitFor()
    expect(readFileSync(join(site.path, '.htaccess'), 'utf8')).toMatch(
      /^# edited in the workbench\nRewriteEngine On\n/,
    )
    // Upload a 1.5 MB file in pieces, then again over it (confirmed).
    const payload = randomBytes(1536 * 1024)
    const chooser = page.getByTestId('upload').locator('input[type=file]')
    await chooser.setInputFiles({
      name: 'upload.bin',
      mimeType: 'application/octet-stream',
      buffer: payload,
    })
    await page.getByRole('row', { name: /upload\.bin/ }).waitFor()
    expect(readFileSync(join(site.path, 'upload.bin')).equals(payload)).toBe(true)
    page.once('dialog', (d) => void d.accept())
    await chooser.setInputFiles({
      name: 'upload.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('second version\n'),
    })
    // The app's own confirmation of this upload (15 bytes), then the file on the server.
    await page.getByTestId('uploaded').getByText('upload.bin (15 B)').waitFor()
    expect(readFileSync(join(site.path, 'upload.bin'), 'utf8')).toBe('second version\n')
    await page.getByRole('row', { name: /wp-content/ }).click()
    await waitForValue(page, 'cwd', join(site.path, 'wp-content'))
    await screenshot(page, 'ssh-files')
  })

  it('opens a terminal, runs ls, and finds it again after a reload', async () => {
    // The section opens a shell by itself; a preprod server has no production cue.
    await page.getByRole('tab', { name: 'Terminal' }).click()
    const term = page.getByTestId('xterm')
    await page.getByRole('tab', { name: /Preprod shop 1/ }).waitFor()
    expect(await page.getByTestId('terminal-production').count()).toBe(0)
    await term.click()
    await page.keyboard.type(`ls -a ${site.path}\n`)
    await term.getByText('index.php').waitFor({ timeout: 15_000 })
    expect(await term.getByText('Last login').count()).toBeLessThanOrEqual(1)
    await screenshot(page, 'ssh-terminal')
    await page.reload()
    await page.getByRole('button', { name: /Preprod shop/ }).click()
    await page.getByRole('tab', { name: 'Terminal' }).click()
    await page.getByTestId('xterm').getByText('index.php').waitFor({ timeout: 15_000 })
    expect(await page.getByRole('tab', { name: /Preprod shop 1/ }).count()).toBe(1)
  })

  it('resets the rights through the supervisor and audits permissions', async () => {
    const flag = join(site.path, 'tw_supervisor', 'api', 'reset_rights')
    const supervisor = spawn(
      'sh',
      [
        '-c',
        'while :; do if [ -f "$1" ]; then sleep 1; rm -f "$1"; fi; sleep 0.2; done',
        'sh',
        flag,
      ],
      { stdio: 'ignore' },
    )
    try {
      await page.getByRole('button', { name: 'Rights' }).click()
      const dialog = page.getByRole('dialog', { name: 'Rights of the site' })
      await dialog.getByRole('button', { name: 'Reset rights' }).click()
      await dialog
        .getByTestId('rights-log')
        .getByText(/Done: the supervisor reset the rights/)
        .waitFor({ timeout: 20_000 })
      // A file another user owns (uid 65534, given away as root): the login cannot fix it, the
      // host must — the audit ends with the mail asking for it.
      const asRoot = process.getuid?.() === 0
      const foreign = join(site.path, 'wp-content', 'foreign.txt')
      if (asRoot) {
        writeFileSync(foreign, 'not yours')
        chownSync(foreign, 65534, 65534)
      }
      await dialog.getByRole('button', { name: 'Audit permissions' }).click()
      await dialog.getByTestId('rights-audit').waitFor()
      if (asRoot) {
        const mail = await dialog.getByTestId('host-request').locator('textarea').inputValue()
        expect(mail).toContain(`- ${foreign} (`)
        expect(mail).toContain('a recursive chown on')
        rmSync(foreign)
      }
      await screenshot(page, 'ssh-rights')
      await dialog.getByRole('button', { name: 'Close' }).click()
    } finally {
      supervisor.kill()
    }
  })

  it('lists the changes at risk on the preprod and saves them in one click', async () => {
    await new Promise((r) => setTimeout(r, 1100))
    writeFileSync(
      join(site.path, 'wp-content', 'fix.php'),
      '<?php // hot fix made on the preprod\n',
    )
    await page.getByRole('button', { name: 'At-risk changes…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Changes at risk on this preprod' })
    await dialog.getByTestId('preprod-summary').waitFor()
    await screenshot(page, 'ssh-preprod')
    await dialog
      .getByTestId('preprod-summary')
      .getByText(/files changed since the rebuild/)
      .waitFor()
    await dialog.getByRole('button', { name: 'Download them all' }).click()
    await dialog
      .getByTestId('preprod-save')
      .getByText(/Saved to/)
      .waitFor()
    await screenshot(page, 'ssh-preprod')
    await dialog.getByRole('button', { name: 'Close' }).click()
  })

  it('snapshots the schema on opening, then shows the drift with severity and restore SQL', async () => {
    await page.getByRole('tab', { name: 'Schema' }).click()
    const drift = page.getByTestId('drift')
    await drift.getByText(/with two of them the changes show here/).waitFor({ timeout: 20_000 })
    db.sql('ALTER TABLE shop_options DROP INDEX option_name; DROP TABLE shop_links;', 'shopdb')
    await drift.getByRole('button', { name: 'Take a snapshot now' }).click()
    await drift.getByRole('row', { name: /unique-key-dropped/ }).click()
    await drift
      .getByTestId('change-detail')
      .getByText('ALTER TABLE `shop_options` ADD UNIQUE KEY `option_name` (`option_name`);')
      .waitFor()
    expect(await drift.getByText('critical').count()).toBe(2)
    await screenshot(page, 'ssh-schema')
  })

  it('clones the site: analysis, copy with the database dumped, verification, report', async () => {
    await page.getByRole('tab', { name: 'Clone' }).click()
    await page.getByRole('button', { name: 'Analyse (dry run)' }).click()
    const analysis = page.getByTestId('clone-analysis')
    await analysis.getByText(/files, .* \(wordpress\)\./).waitFor({ timeout: 30_000 })
    expect(await analysis.innerText()).toContain('/tw_supervisor/')
    expect(await analysis.getByRole('row', { name: /shop_options/ }).count()).toBe(1)
    const to = join(downloads.path, 'clone')
    const dump = join(downloads.path, 'shopdb.sql.gz')
    await page.getByLabel('Destination folder').fill(to)
    await page.getByLabel('Into a .sql.gz file').last().fill(dump)
    // The folder holds a file of the user's: the clone asks before replacing it.
    mkdirSync(to, { recursive: true })
    writeFileSync(join(to, 'my-notes.txt'), 'mine')
    await page.getByRole('button', { name: 'Clone', exact: true }).click()
    const confirm = page.getByRole('alertdialog', { name: 'The destination is not empty' })
    await confirm.getByText(/is not empty \(1 entry: my-notes\.txt\)/).waitFor()
    const replace = confirm.getByRole('button', { name: 'Replace its content' })
    expect(await replace.isDisabled()).toBe(true)
    expect(readFileSync(join(to, 'my-notes.txt'), 'utf8')).toBe('mine')
    await screenshot(page, 'ssh-clone-confirm')
    await confirm.getByLabel(/To replace its content, type/).fill(to)
    await replace.click()
    const run = page.getByTestId('clone-run')
    await run.getByText(/Done in [\d.]+ s\. Report: /).waitFor({ timeout: 60_000 })
    expect(existsSync(join(to, 'my-notes.txt'))).toBe(false)
    expect(readFileSync(join(to, 'wp-config.php'), 'utf8')).toContain("define('DB_NAME', 'shopdb')")
    expect(statSync(dump).size).toBeGreaterThan(500)
    const report = page.getByTestId('clone-report')
    await report.getByText(/Database: 1 tables?, .* dumped into/).waitFor()
    await page.getByRole('button', { name: 'Verify the copy' }).click()
    await page
      .getByTestId('clone-verify')
      .getByText('The copy is identical.')
      .waitFor({ timeout: 30_000 })
    await screenshot(page, 'ssh-clone')
  })

  it('clones the database into MySQL, then rewrites the site URL after a review', async () => {
    db.sql(
      "CREATE DATABASE shopcopy; CREATE USER 'copy'@'127.0.0.1' IDENTIFIED BY 'C0py-pass'; GRANT ALL ON shopcopy.* TO 'copy'@'127.0.0.1';",
    )
    db.sql(
      "INSERT INTO shop_options (option_name) VALUES ('https://shop.example.test/cart')",
      'shopdb',
    )
    await page.getByRole('radio', { name: 'Into a MySQL database (URL)' }).check()
    await page
      .getByLabel('Into a MySQL database (URL)')
      .last()
      .fill(`mysql://copy:C0py-pass@127.0.0.1:${db.port}/shopcopy`)
    await page.getByRole('button', { name: 'Clone', exact: true }).click()
    // This run's own lines (the previous run's "Done" must not count).
    const run = page.getByTestId('clone-run')
    await run.getByText(/→ mysql:\/\/copy@/).waitFor({ timeout: 60_000 })
    await run.getByText(/Done in [\d.]+ s\. Report: /).waitFor({ timeout: 60_000 })
    const url = page.getByTestId('clone-url')
    await url.getByLabel(/Old URL/).fill('https://shop.example.test')
    await url.getByLabel('New URL').fill('http://localhost:8080')
    await url.getByRole('button', { name: 'Review' }).click()
    await url.getByText('Values that would change: 1 (nothing written yet)').waitFor()
    expect(
      db
        .sql(
          'SELECT COUNT(*) FROM shop_options WHERE option_name LIKE "http://localhost%"',
          'shopcopy',
        )
        .trim(),
    ).toBe('0')
    await url.locator('table').scrollIntoViewIfNeeded()
    await screenshot(page, 'ssh-clone-url')
    await url.getByRole('button', { name: 'Apply' }).click()
    await url.getByText('Values rewritten: 1.').waitFor()
    expect(
      db
        .sql(
          'SELECT option_name FROM shop_options WHERE option_name LIKE "http://localhost%"',
          'shopcopy',
        )
        .trim(),
    ).toBe('http://localhost:8080/cart')
    // The source is untouched.
    expect(
      db
        .sql('SELECT COUNT(*) FROM shop_options WHERE option_name LIKE "https://shop%"', 'shopdb')
        .trim(),
    ).toBe('1')
  })

  it('after a failed connection, editing the server shows the new attempt, not the old failure', async () => {
    await page.getByRole('button', { name: '+ Add a server' }).click()
    const add = page.getByRole('dialog', { name: 'Add a server' })
    await add.getByLabel('Name', { exact: true }).fill('Typo')
    await add.getByLabel('Host', { exact: true }).fill('127.0.0.1')
    await add.getByLabel('Port', { exact: true }).fill('1')
    await add.getByLabel('User', { exact: true }).fill(sshd.user)
    await add.getByLabel('Private key file').fill(sshd.privateKeyPath)
    await add.getByLabel('CMS root in the jail').fill(site.path)
    // The test says why before anything is saved.
    await add.getByRole('button', { name: 'Test connection' }).click()
    await add
      .getByTestId('connection-test')
      .getByText(/127\.0\.0\.1:1/)
      .waitFor()
    await add.getByRole('button', { name: 'Save' }).click()
    const failure = page.getByRole('alert').filter({ hasText: /127\.0\.0\.1:1/ })
    await failure.waitFor({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Edit', exact: true }).click()
    const edit = page.getByRole('dialog', { name: 'Edit' })
    await edit.getByLabel('Port', { exact: true }).fill(String(sshd.port))
    // Its host key is trusted now: the test logs in and lists the tools.
    await edit.getByRole('button', { name: 'Test connection' }).click()
    await edit
      .getByTestId('connection-test')
      .getByText(/^Connected and logged in\. Tools found: .*rsync/)
      .waitFor()
    await edit.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId('connection-state').getByText('Typo — connected').waitFor()
    expect(await failure.count()).toBe(0)
    // A production server (the default role): its terminal says so.
    await page.getByRole('tab', { name: 'Terminal' }).click()
    await page
      .getByTestId('terminal-production')
      .getByText('Production (Typo): every command runs on the live site.')
      .waitFor()
    await page.getByRole('tab', { name: /Typo 1/ }).waitFor()
  })

  it('never wrote a secret to the service log or its data', () => {
    expect(app.output()).not.toContain('Sup3r-s3cret')
    for (const file of readdirSync(app.home, { recursive: true }) as string[]) {
      const full = join(app.home, file)
      if (statSync(full).isFile())
        expect({ file, leaked: readFileSync(full, 'utf8').includes('Sup3r-s3cret') }).toEqual({
          file,
          leaked: false,
        })
    }
  })

  it('had no console error, page error or CSP violation', () => {
    expect(problems).toEqual([])
  })
})
