import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { buildCommand, quoteArg } from './shell-quote'

const HOSTILE = [
  'plain',
  'with space',
  "it's",
  '$(touch /tmp/pwned)',
  '`id`',
  'a;b',
  'line\nbreak',
  '-n',
  '*',
  '~',
  '',
  'ünï 😀',
  '"double"',
  '\\back\\slash',
]

describe('shell quoting', () => {
  it('leaves safe words alone and quotes the rest', () => {
    expect(quoteArg('/var/log/nginx/access.log')).toBe('/var/log/nginx/access.log')
    expect(quoteArg("it's")).toBe(`'it'\\''s'`)
    expect(quoteArg('')).toBe("''")
  })

  it('round-trips hostile arguments through a real POSIX shell', () => {
    const cmd = buildCommand(['printf', '%s\\0', ...HOSTILE])
    const out = execFileSync('/bin/sh', ['-c', cmd]).toString('utf8')
    expect(out.split('\0').slice(0, -1)).toEqual(HOSTILE)
  })

  it('refuses NUL bytes and empty commands', () => {
    expect(() => quoteArg('a\0b')).toThrow(/NUL/)
    expect(() => buildCommand([])).toThrow(/empty/)
  })
})
