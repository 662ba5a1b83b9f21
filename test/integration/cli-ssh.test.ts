// `twb` against a real sshd: add a server, trust its key, list, read, run, refuse a changed key.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addTestServer, cliRunner } from '../harness/cli'
import { tempDir } from '../harness/process'
import { startSshd, type TestSshd } from '../harness/sshd'

describe('twb with an SSH server', () => {
  let sshd: TestSshd
  const home = tempDir('cli-ssh-home')
  const work = tempDir('cli-ssh-work')
  const secret = 'pass-PHRASE-never-shown-42'

  const twb = cliRunner(home.path, {
    TWB_TEST_SECRET: secret,
    TWB_PREPROD: `https://preview:${secret}@preprod.example.test`,
  })

  beforeAll(async () => {
    sshd = await startSshd()
    writeFileSync(join(work.path, 'site.log'), 'a\nb\nc\n')
  })
  afterAll(async () => {
    await sshd?.stop()
    home.remove()
    work.remove()
  })

  it('adds a server, shows its fingerprint, and refuses to work until it is trusted (exit 3)', () => {
    const add = addTestServer(
      twb,
      'Shop',
      sshd,
      '--passphrase-env',
      'TWB_TEST_SECRET',
      '--role',
      'preprod',
      '--preprod-link-env',
      'TWB_PREPROD',
      '--root',
      work.path,
    )
    expect(add.err).toBe('')
    expect(add.code).toBe(0)
    const ls = twb('ls', 'Shop', work.path)
    expect(ls.code).toBe(3)
    expect(ls.err).toContain(sshd.hostFingerprint)
    const ask = twb('server', 'trust', 'Shop')
    expect(ask.code).toBe(3)
    expect(ask.out).toContain(`presents the host key ${sshd.hostFingerprint}`)
    const yes = twb('server', 'trust', 'Shop', '--yes')
    expect(yes.code).toBe(0)
    expect(yes.out).toContain(`Trusted ${sshd.hostFingerprint}`)
  })

  it('lists, reads, tails and runs commands with the remote exit code', () => {
    const ls = twb('ls', 'Shop', work.path, '--json')
    expect(ls.code).toBe(0)
    expect(JSON.parse(ls.out)).toEqual([expect.objectContaining({ name: 'site.log', size: 6 })])
    expect(twb('cat', 'Shop', join(work.path, 'site.log')).out).toBe('a\nb\nc\n')
    expect(twb('tail', 'Shop', join(work.path, 'site.log'), '-n', '2').out).toBe('b\nc\n')
    const ex = twb('exec', 'Shop', '--', 'sh', '-c', 'echo "$1"; exit 7', 'sh', "it's $(not) run")
    expect(ex).toMatchObject({ code: 7, out: "it's $(not) run\n" })
  })

  it('never shows, logs or stores a secret in clear', () => {
    // A password login that fails: its error must not echo the password.
    expect(
      twb(
        'server',
        'add',
        'Pw',
        '--host',
        '127.0.0.1',
        '--port',
        String(sshd.port),
        '--user',
        'nobody-twb',
        '--password-env',
        'TWB_TEST_SECRET',
      ).code,
    ).toBe(0)
    // Same host and port as Shop: its host key is already trusted.
    const failed = twb('ls', 'Pw', '/')
    expect(failed.code).toBe(1)
    expect(failed.err).toContain('authentication failed')
    expect(failed.out + failed.err).not.toContain(secret)
    expect(sshd.daemon.output()).not.toContain(secret)
    const list = twb('server', 'list', '--json')
    expect(list.out).toContain('https://preview:•••@preprod.example.test')
    for (const file of readdirSync(home.path, { recursive: true }) as string[]) {
      const full = join(home.path, file)
      try {
        expect({ file, leaked: readFileSync(full, 'utf8').includes(secret) }).toEqual({
          file,
          leaked: false,
        })
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EISDIR') throw err
      }
    }
    expect(list.out + list.err).not.toContain(secret)
  })

  it('refuses a changed host key naming both fingerprints (exit 3), until replaced deliberately', async () => {
    const old = sshd.hostFingerprint
    await sshd.daemon.stop()
    sshd = await startSshd({ port: sshd.port, dir: sshd.dir })
    const cat = twb('cat', 'Shop', join(work.path, 'site.log'))
    expect(cat.code).toBe(3)
    expect(cat.err).toContain(old)
    expect(cat.err).toContain(sshd.hostFingerprint)
    expect(twb('server', 'trust', 'Shop', '--yes').code).toBe(3)
    const replaced = twb('server', 'trust', 'Shop', '--yes', '--replace')
    expect(replaced.err + replaced.out).toContain('Trusted')
    expect({ code: replaced.code, out: replaced.out }).toEqual({
      code: 0,
      out: expect.stringContaining('Trusted'),
    })
    expect(twb('cat', 'Shop', join(work.path, 'site.log'))).toEqual({
      code: 0,
      out: 'a\nb\nc\n',
      err: '',
    })
  })
})
