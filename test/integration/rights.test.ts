// Rights reset against a real sshd, with a small watcher process playing the supervisor.
import { spawn, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JobManager } from '../../src/main/services/platform/jobs'
import { resetRights, RESET_FLAG } from '../../src/main/services/rights/rights'
import { SshTarget } from '../../src/main/services/platform/ssh-target'
import { addTestServer, cliRunner } from '../harness/cli'
import { tempDir } from '../harness/process'
import { startSshd, type TestSshd } from '../harness/sshd'

describe('rights', () => {
  let sshd: TestSshd
  let supervisor: ChildProcess | undefined
  const home = tempDir('rights-home')
  const site = tempDir('rights-site')
  const flag = join(site.path, RESET_FLAG)

  const twb = cliRunner(home.path)

  beforeAll(async () => {
    sshd = await startSshd()
    mkdirSync(join(site.path, 'tw_supervisor', 'api'), { recursive: true })
    mkdirSync(join(site.path, 'wp-content', 'uploads'), { recursive: true })
    writeFileSync(join(site.path, 'index.php'), '<?php\n')
    writeFileSync(join(site.path, 'wp-content', 'uploads', 'photo.jpg'), 'jpg')
    expect(addTestServer(twb, 'Site', sshd, '--root', site.path).code).toBe(0)
    expect(twb('server', 'trust', 'Site', '--yes').code).toBe(0)
  })

  afterAll(async () => {
    supervisor?.kill()
    await sshd?.stop()
    home.remove()
    site.remove()
  })

  it('creates the flag and reports when the supervisor has handled it', () => {
    // The supervisor: notices the flag, works a little, removes it.
    supervisor = spawn(
      'sh',
      [
        '-c',
        `while :; do if [ -f "$1" ]; then sleep 1; rm -f "$1"; fi; sleep 0.2; done`,
        'sh',
        flag,
      ],
      { stdio: 'ignore' },
    )
    const r = twb('rights', 'reset', 'Site', '--timeout', '30')
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain(`Created ${flag}`)
    expect(r.out).toMatch(/Done: the supervisor reset the rights after \d+ s\./)
    expect(existsSync(flag)).toBe(false)
    supervisor.kill()
  })

  it('times out with advice, leaving the flag for the supervisor', async () => {
    const target = new SshTarget({
      id: 'site',
      endpoint: { host: sshd.host, port: sshd.port, user: sshd.user },
      credentials: () => ({ privateKey: sshd.privateKey }),
      trustedFingerprint: () => sshd.hostFingerprint,
    })
    const lines: string[] = []
    let end: { error?: { code: string; message: string } } | undefined
    const jobs = new JobManager((event, payload) => {
      if (event === 'job:batch')
        lines.push(...(payload as { records: unknown[] }).records.map(String))
      if (event === 'job:end') end = payload as typeof end
    })
    jobs.start('rights:reset', (ctx) =>
      resetRights(target, site.path, ctx, { timeoutMs: 1500, pollMs: 200 }),
    )
    while (!end) await new Promise((r) => setTimeout(r, 50))
    await target.close()
    expect(end.error?.code).toBe('TIMEOUT')
    expect(end.error?.message).toContain('did not handle')
    expect(existsSync(flag)).toBe(true)
  })

  it('refuses a CMS root without tw_supervisor/api', () => {
    expect(addTestServer(twb, 'Wrong root', sshd, '--root', '/nonexistent/site').code).toBe(0)
    const r = twb('rights', 'reset', 'Wrong root')
    expect(r.code).toBe(1)
    expect(r.err).toContain('/nonexistent/site/tw_supervisor/api does not exist')
  })

  it.runIf(process.getuid?.() === 0)('audits the files the login does not own', () => {
    chownSync(join(site.path, 'wp-content', 'uploads', 'photo.jpg'), 33, 33) // www-data on Debian
    const r = twb('rights', 'audit', 'Site', '--json')
    expect(r.code).toBe(0)
    const audit = JSON.parse(r.out) as {
      files: { path: string; owner: string }[]
      via: string
      login: string
    }
    expect(audit.via).toBe('find')
    expect(audit.login).toBe(sshd.user)
    expect(audit.files).toEqual([
      expect.objectContaining({
        path: join(site.path, 'wp-content', 'uploads', 'photo.jpg'),
        owner: 'www-data',
      }),
    ])
  })
})
