import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LocalTarget } from './local-target'

function makeRoot(): string {
  const base = mkdtempSync(join(tmpdir(), 'twb-local-'))
  const root = join(base, 'jail')
  mkdirSync(join(root, 'var', 'log'), { recursive: true })
  writeFileSync(join(root, 'var', 'log', 'a.log'), 'one\ntwo\n')
  writeFileSync(join(base, 'secret.txt'), 'outside')
  symlinkSync(join(base, 'secret.txt'), join(root, 'var', 'log', 'escape.log'))
  symlinkSync('a.log', join(root, 'var', 'log', 'inside.log'))
  return root
}

describe('local target', () => {
  const target = new LocalTarget('t', makeRoot())

  it('lists with sizes, types and modes, sorted by name', async () => {
    const entries = await target.list('/var/log')
    expect(entries.map((e) => [e.name, e.type])).toEqual([
      ['a.log', 'file'],
      ['escape.log', 'link'],
      ['inside.log', 'link'],
    ])
    expect(entries[0]).toMatchObject({ path: '/var/log/a.log', size: 8 })
    expect(entries[0]!.mode & 0o777).toBeGreaterThan(0)
  })

  it('keeps every path inside the root, symbolic links included', async () => {
    await expect(target.stat('/../../etc/passwd')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(target.readStream('/var/log/escape.log')).rejects.toMatchObject({
      code: 'OUTSIDE_ROOT',
    })
    await expect(target.stat('relative/path')).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    const inside = await target.readStream('/var/log/inside.log')
    let text = ''
    for await (const b of inside) text += String(b)
    expect(text).toBe('one\ntwo\n')
  })

  it('gives clear errors for missing files and unreadable folders', async () => {
    await expect(target.list('/nope')).rejects.toThrow('/nope: no such file or directory.')
    const root = makeRoot()
    const locked = new LocalTarget('l', root)
    chmodSync(join(root, 'var', 'log'), 0o000)
    try {
      if (process.getuid?.() === 0) return // root reads anything: nothing to deny
      await expect(locked.list('/var/log')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
    } finally {
      chmodSync(join(root, 'var', 'log'), 0o755)
    }
  })

  it('runs commands and reports a missing one', async () => {
    const ok = target.exec(['cat', target.commandPath('/var/log/a.log')])
    let out = ''
    ok.stdout.on('data', (b: Buffer) => (out += b.toString()))
    expect(await ok.exit).toEqual({ code: 0, signal: null })
    expect(out).toBe('one\ntwo\n')
    const missing = target.exec(['no-such-command-twb'])
    let err = ''
    missing.stderr.on('data', (b: Buffer) => (err += b.toString()))
    expect((await missing.exit).code).toBeNull()
    expect(err).toContain('no-such-command-twb: command not found')
  })
})
