import { describe, expect, it } from 'vitest'
import { wildcard } from './wildcard'

describe('wildcard', () => {
  it('is any run of characters where a star is, every other character itself', () => {
    expect(wildcard('*_options').test('wp_options')).toBe(true)
    expect(wildcard('*_options').test('_options')).toBe(true)
    expect(wildcard('*_options').test('wp_options_old')).toBe(false)
    expect(wildcard('a.b(c)*').test('a.b(c)d')).toBe(true)
    expect(wildcard('a.b').test('axb')).toBe(false)
  })
  it('stays within a name when asked', () => {
    const p = wildcard('/var/log/*/access.log', '[^/]*')
    expect(p.test('/var/log/nginx/access.log')).toBe(true)
    expect(p.test('/var/log/a/b/access.log')).toBe(false)
  })
})
