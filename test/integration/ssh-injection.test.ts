// Property test: hostile file names through every remote command builder, against the real
// sshd. Nothing may run that the user did not ask for, and each command must see the right file.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JobManager } from '../../src/main/services/platform/jobs'
import { runTail } from '../../src/main/services/logs/logs'
import { SshTarget } from '../../src/main/services/platform/ssh-target'
import { tempDir } from '../harness/process'
import { startSshd, type TestSshd } from '../harness/sshd'

const FIXED = [
  'plain.log',
  'with space.log',
  "quote'single.log",
  'quote"double.log',
  '$(touch PWNED).log',
  '`touch PWNED`.log',
  'semi;touch PWNED.log',
  'pipe|touch PWNED.log',
  'amp&&touch PWNED.log',
  'new\nline.log',
  '-n 1.log',
  '--follow.log',
  '*.log',
  '~home.log',
  'back\\slash.log',
  'tab\there.log',
  'ünïcødé 😀 日本.log',
  '$HOME.log',
  '>redirect.log',
  '#hash.log',
]
const ALPHABET = [
  "'",
  '"',
  '$',
  '(',
  ')',
  '`',
  ';',
  '|',
  '&',
  '<',
  '>',
  '\\',
  ' ',
  '\n',
  '\t',
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  '!',
  '~',
  '#',
  '-',
  'é',
  '😀',
  'a',
  'b',
  '.',
]

function randomNames(count: number, seed: number): string[] {
  let x = seed
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x % n
  }
  const names = new Set<string>()
  while (names.size < count) {
    let name = ''
    const len = 1 + next(12)
    for (let i = 0; i < len; i++) name += ALPHABET[next(ALPHABET.length)]
    if (name === '.' || name === '..' || name.includes('/')) continue
    names.add(name)
  }
  return [...names]
}

describe('remote commands with hostile file names', () => {
  let sshd: TestSshd
  let target: SshTarget
  const work = tempDir('inject')
  const dir = join(work.path, 'site')
  const names = [...FIXED, ...randomNames(30, 20261128)]

  beforeAll(async () => {
    sshd = await startSshd()
    target = new SshTarget({
      id: 'inject',
      endpoint: { host: sshd.host, port: sshd.port, user: sshd.user },
      credentials: () => ({ privateKey: sshd.privateKey }),
      trustedFingerprint: () => sshd.hostFingerprint,
    })
    mkdirSync(dir)
    names.forEach((name, i) => writeFileSync(join(dir, name), `first ${i}\nlast ${i}\n`))
  })

  /** The last line by the tail job, or the job's error message. */
  async function tailLast(path: string): Promise<string[]> {
    const lines: string[] = []
    let ended!: () => void
    const finished = new Promise<void>((r) => (ended = r))
    const jobs = new JobManager((event, payload) => {
      if (event === 'job:batch')
        lines.push(...(payload as { records: unknown[] }).records.map(String))
      if (event === 'job:end') {
        const error = (payload as { error?: { message: string } }).error
        if (error) lines.push(`error: ${error.message}`)
        ended()
      }
    })
    jobs.start('tail:start', (ctx) =>
      runTail(target, { server: 'inject', path, lines: 1, follow: false }, ctx),
    )
    await finished
    return lines
  }

  afterAll(async () => {
    await target?.close()
    await sshd?.stop()
    work.remove()
  })

  it('lists every hostile name exactly over SFTP', async () => {
    const listed = (await target.list(dir)).map((e) => e.name).sort()
    expect(listed).toEqual([...names].sort())
  })

  it('passes each name to cat, stat and the tail builder as one literal argument', async () => {
    // Channels are multiplexed on the one connection: check eight names at a time.
    const check = async (i: number, name: string): Promise<void> => {
      const path = join(dir, name)
      const [cat, st, lines] = await Promise.all([
        target.run(['cat', '--', path]),
        target.run(['stat', '-c', '%s', '--', path]),
        tailLast(path),
      ])
      expect({ name, out: cat.stdout, code: cat.code }).toEqual({
        name,
        out: `first ${i}\nlast ${i}\n`,
        code: 0,
      })
      expect({ name, out: st.stdout }).toEqual({
        name,
        out: `${`first ${i}\nlast ${i}\n`.length}\n`,
      })
      expect({ name, lines }).toEqual({ name, lines: [`last ${i}`] })
    }
    for (let start = 0; start < names.length; start += 8) {
      await Promise.all(names.slice(start, start + 8).map((name, k) => check(start + k, name)))
    }
    expect(existsSync(join(dir, 'PWNED'))).toBe(false)
    expect(readdirSync(sshd.dir).includes('PWNED')).toBe(false)
    expect(existsSync(join(process.env.HOME ?? '/root', 'PWNED'))).toBe(false)
  })
})
