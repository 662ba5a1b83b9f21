import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LocalTarget } from '../platform'
import { readRange } from './files'

describe('reading a file by range', () => {
  const root = mkdtempSync(join(tmpdir(), 'twb-files-'))
  mkdirSync(join(root, 'var'))
  const text = 'é'.repeat(10) + '\n' + '😀'.repeat(5)
  writeFileSync(join(root, 'var', 'u.txt'), text)
  const target = new LocalTarget('t', root)

  it('never cuts a multibyte character at the end of a range, and the next range goes on', async () => {
    let start = 0
    let out = ''
    for (let i = 0; i < 100; i++) {
      const chunk = await readRange(target, '/var/u.txt', start, 5)
      expect(chunk.text).not.toContain('\uFFFD')
      out += chunk.text
      if (!chunk.truncated) break
      start = chunk.end
    }
    expect(out).toBe(text)
  })

  it('clamps a range past the end and reports the size', async () => {
    const chunk = await readRange(target, '/var/u.txt', 1_000_000, 10)
    expect(chunk).toMatchObject({
      start: Buffer.byteLength(text),
      end: Buffer.byteLength(text),
      text: '',
      truncated: false,
    })
  })

  it('refuses a directory with a clear message', async () => {
    await expect(readRange(target, '/var', 0, 10)).rejects.toMatchObject({ code: 'NOT_A_FILE' })
  })
})
