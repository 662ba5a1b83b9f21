// A chroot-jailed login, as on the hosting platform (needs root to build the jail).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshTarget } from '../../src/main/services/platform/ssh-target'
import { createJail, jailConfig, startSshd, type TestJail, type TestSshd } from '../harness/sshd'

describe.runIf(process.getuid?.() === 0)('a chroot-jailed user', () => {
  let sshd: TestSshd
  let jail: TestJail
  let target: SshTarget

  beforeAll(async () => {
    jail = createJail('twbjail')
    writeFileSync(join(jail.root, 'var', 'log', 'site.log'), 'one\ntwo\nthree\n')
    sshd = await startSshd({ extra: jailConfig(jail) })
    target = new SshTarget({
      id: 'jail',
      endpoint: { host: sshd.host, port: sshd.port, user: jail.user },
      credentials: () => ({ privateKey: sshd.privateKey }),
      trustedFingerprint: () => sshd.hostFingerprint,
    })
  })

  afterAll(async () => {
    await target?.close()
    await sshd?.stop()
    jail?.remove()
  })

  it('sees only the jail, over SFTP and in commands', async () => {
    const root = (await target.list('/')).map((e) => e.name)
    expect(root).toEqual(expect.arrayContaining(['bin', 'dev', 'home', 'var']))
    expect(root).not.toContain('etc')
    const r = await target.run(['tail', '-n', '2', '/var/log/site.log'])
    expect(r).toEqual({ code: 0, stdout: 'two\nthree\n', stderr: '' })
    const missing = await target.run(['mysqlbinlog', '--no-defaults', '--version'])
    expect(missing.code).toBe(127)
  })
})
