// Editing a server file: opt-in, confirmed on production, previous version kept, conflicts refused.
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callSession, createApiSession, type Services } from '../../src/main/services/api/session'
import { createServices } from '../../src/main/services/api/services'
import { APP_ROOT } from '../harness/app'
import { tempDir } from '../harness/process'
import { startSshd, type TestSshd, testProfile } from '../harness/sshd'

describe('editing a file on a server', () => {
  let sshd: TestSshd
  let services: Services
  const home = tempDir('edit-home')
  const site = tempDir('edit-site')
  const file = join(site.path, '.htaccess')

  beforeAll(async () => {
    sshd = await startSshd()
    writeFileSync(file, 'RewriteEngine On\n')
    services = createServices({ appRoot: APP_ROOT, dataDir: home.path, locale: 'en' })
    services.servers.add(
      testProfile(sshd, { name: 'Prod', cmsRoot: site.path, role: 'production' }),
    )
    services.servers.trust('prod', sshd.hostFingerprint)
  })

  afterAll(async () => {
    await services?.servers.close()
    await sshd?.stop()
    home.remove()
    site.remove()
  })

  it('asks for confirmation on production, keeps the previous version, and refuses a stale edit', async () => {
    const s = createApiSession(services, 'web', () => undefined)
    const opened = await callSession(s, 'files:read', { server: 'prod', path: file })
    if (!opened.ok) throw new Error(opened.error.message)
    const edit = {
      server: 'prod',
      path: file,
      text: 'RewriteEngine On\nRewriteRule ^a$ /b [R=301,L]\n',
      expectedMtimeMs: opened.value.mtimeMs,
    }
    expect(await callSession(s, 'files:write', edit)).toMatchObject({
      ok: false,
      error: { code: 'CONFIRM_REQUIRED' },
    })
    expect(readFileSync(file, 'utf8')).toBe('RewriteEngine On\n')
    const saved = await callSession(s, 'files:write', { ...edit, confirmProduction: true })
    if (!saved.ok) throw new Error(saved.error.message)
    expect(readFileSync(file, 'utf8')).toBe(edit.text)
    expect(saved.value.backup).toMatch(/\/\.htaccess\.twb-\d{8}-\d{6}\.bak$/)
    expect(readFileSync(saved.value.backup, 'utf8')).toBe('RewriteEngine On\n')
    // Someone else changes the file meanwhile: the old view must not overwrite it.
    writeFileSync(file, 'changed by someone else\n')
    utimesSync(file, new Date(), new Date(Date.now() + 5000))
    const stale = await callSession(s, 'files:write', {
      ...edit,
      text: 'mine\n',
      confirmProduction: true,
      expectedMtimeMs: saved.value.entry.mtimeMs,
    })
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(readFileSync(file, 'utf8')).toBe('changed by someone else\n')
    expect(readdirSync(site.path).filter((n) => n.endsWith('.bak'))).toHaveLength(1)
  })

  it('keeps the demo server read-only', async () => {
    const s = createApiSession(services, 'web', () => undefined)
    const r = await callSession(s, 'files:write', {
      server: 'demo',
      path: '/var/www/site/wp-config.php',
      text: 'x',
      expectedMtimeMs: 0,
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } })
  })
})
