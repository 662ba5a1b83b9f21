// The preprod at-risk scan against a real sshd: a tree "restored" with production mtimes, then
// a few files changed by hand, which the scan must find and save.
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callSession, createApiSession, type Services } from '../../src/main/services/api/session'
import { createServices } from '../../src/main/services/api/services'
import { APP_ROOT } from '../harness/app'
import { tempDir, waitFor } from '../harness/process'
import { startSshd, type TestSshd, testProfile } from '../harness/sshd'

describe('preprod at-risk changes', () => {
  let sshd: TestSshd
  let services: Services
  const home = tempDir('preprod-home')
  const site = tempDir('preprod-site')
  const downloads = tempDir('preprod-dl')

  beforeAll(async () => {
    sshd = await startSshd()
    // The daily rebuild: every file written now, with the production modification times.
    const old = new Date('2026-11-01T10:00:00Z')
    for (const rel of [
      'index.php',
      'wp-config.php',
      'wp-content/themes/shop/style.css',
      'wp-content/themes/shop/functions.php',
    ]) {
      mkdirSync(join(site.path, rel, '..'), { recursive: true })
      writeFileSync(join(site.path, rel), `original ${rel}\n`)
      utimesSync(join(site.path, rel), old, old)
    }
    await new Promise((r) => setTimeout(r, 1100))
    // A developer's work since then.
    writeFileSync(join(site.path, 'wp-content/themes/shop/functions.php'), 'changed on preprod\n')
    writeFileSync(join(site.path, 'wp-content/themes/shop/new file.php'), 'new on preprod\n')
    services = createServices({
      appRoot: APP_ROOT,
      dataDir: home.path,
      locale: 'en',
      downloadsDir: downloads.path,
    })
    services.servers.add(testProfile(sshd, { name: 'Pre', cmsRoot: site.path, role: 'preprod' }))
    services.servers.trust('pre', sshd.hostFingerprint)
  })

  afterAll(async () => {
    await services?.servers.close()
    await sshd?.stop()
    home.remove()
    site.remove()
    downloads.remove()
  })

  it('finds the files changed since the rebuild and saves them with their paths', async () => {
    const events: { event: string; payload: unknown }[] = []
    const s = createApiSession(
      services,
      'web',
      (event, payload) => void events.push({ event, payload }),
    )
    const scan = await callSession(s, 'preprod:changes', { server: 'pre' })
    if (!scan.ok) throw new Error(scan.error.message)
    expect(scan.value.how).toBe('restore')
    expect(scan.value.scanned).toBe(5)
    expect(scan.value.files.map((f) => f.path.slice(site.path.length + 1)).sort()).toEqual([
      'wp-content/themes/shop/functions.php',
      'wp-content/themes/shop/new file.php',
    ])
    const save = await callSession(s, 'preprod:save', {
      server: 'pre',
      paths: scan.value.files.map((f) => f.path),
    })
    if (!save.ok) throw new Error(save.error.message)
    await waitFor('save job', () => events.some((e) => e.event === 'job:end'))
    expect(events.find((e) => e.event === 'job:end')?.payload).toEqual({ job: save.value.job })
    expect(readFileSync(join(save.value.to, 'wp-content/themes/shop/new file.php'), 'utf8')).toBe(
      'new on preprod\n',
    )
    expect(readFileSync(join(save.value.to, 'wp-content/themes/shop/functions.php'), 'utf8')).toBe(
      'changed on preprod\n',
    )
    const given = await callSession(s, 'preprod:changes', {
      server: 'pre',
      since: Date.parse('2026-10-01T00:00:00Z'),
    })
    expect(given.ok && given.value.files.length).toBe(5)
  })

  it('refuses to save a path outside the CMS root', async () => {
    const events: { event: string; payload: unknown }[] = []
    const s = createApiSession(
      services,
      'web',
      (event, payload) => void events.push({ event, payload }),
    )
    const save = await callSession(s, 'preprod:save', { server: 'pre', paths: ['/etc/hostname'] })
    if (!save.ok) throw new Error(save.error.message)
    await waitFor('save job', () => events.some((e) => e.event === 'job:end'))
    expect(events.find((e) => e.event === 'job:end')?.payload).toMatchObject({
      error: { code: 'OUTSIDE_ROOT' },
    })
  })
})
