// Servers that allow fewer sessions per connection than OpenSSH's default of 10.
import { afterAll, describe, expect, it } from 'vitest'
import { SshTarget } from '../../src/main/services/platform/ssh-target'
import { startSshd, type TestSshd } from '../harness/sshd'

describe('session limits of the server', () => {
  const started: { sshd: TestSshd; target: SshTarget }[] = []

  async function serverWith(maxSessions: number): Promise<SshTarget> {
    const sshd = await startSshd({ extra: [`MaxSessions ${maxSessions}`] })
    const target = new SshTarget({
      id: `sessions-${maxSessions}`,
      endpoint: { host: sshd.host, port: sshd.port, user: sshd.user },
      credentials: () => ({ privateKey: sshd.privateKey }),
      trustedFingerprint: () => sshd.hostFingerprint,
    })
    started.push({ sshd, target })
    return target
  }

  afterAll(async () => {
    for (const { sshd, target } of started) {
      await target.close()
      await sshd.stop()
    }
  })

  it('waits for a free session instead of failing when the server allows only two', async () => {
    const target = await serverWith(2)
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => target.run(['sh', '-c', `sleep 0.1; echo ${i}`])),
    )
    expect(runs.map((r) => [r.code, r.stdout])).toEqual(
      Array.from({ length: 12 }, (_, i) => [0, `${i}\n`]),
    )
  })

  it('says so when the server allows no session at all', async () => {
    const target = await serverWith(0)
    const r = await target.run(['echo', 'hello'])
    expect(r.code).toBeNull()
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/The server refused a new channel: .*open failed/)
  })
})
