import { describe, expect, it } from 'vitest'
import { looksSerialized, replaceInValue, replaceSerialized } from './serialized-replace'

const OLD = 'https://shop.example.test'
const NEW = 'http://localhost:8080'

describe('serialized search and replace', () => {
  it('rewrites string lengths in serialized arrays and objects', () => {
    const v = `a:2:{s:3:"url";s:${OLD.length + 5}:"${OLD}/shop";s:4:"size";i:3;}`
    expect(replaceInValue(v, OLD, NEW)).toBe(
      `a:2:{s:3:"url";s:${NEW.length + 5}:"${NEW}/shop";s:4:"size";i:3;}`,
    )
    const o = `O:8:"stdClass":1:{s:4:"home";s:${OLD.length}:"${OLD}";}`
    expect(replaceInValue(o, OLD, NEW)).toBe(
      `O:8:"stdClass":1:{s:4:"home";s:${NEW.length}:"${NEW}";}`,
    )
  })

  it('counts bytes as PHP does, and keeps quotes and semicolons inside strings', () => {
    // A byte string: é is two bytes of UTF-8, two characters here.
    const bytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1')
    const text = bytes(`Café ; "${OLD}" }`)
    const v = `a:1:{i:0;s:${text.length}:"${text}";}`
    const expected = bytes(`Café ; "${NEW}" }`)
    expect(replaceInValue(v, OLD, NEW)).toBe(`a:1:{i:0;s:${expected.length}:"${expected}";}`)
    expect(Buffer.byteLength(`Café ; "${NEW}" }`)).toBe(expected.length)
  })

  it('walks a serialized string inside a serialized string', () => {
    const inner = `a:1:{s:1:"u";s:${OLD.length}:"${OLD}";}`
    const v = `s:${inner.length}:"${inner}";`
    const innerNew = `a:1:{s:1:"u";s:${NEW.length}:"${NEW}";}`
    expect(replaceInValue(v, OLD, NEW)).toBe(`s:${innerNew.length}:"${innerNew}";`)
  })

  it('replaces plain text plainly, and leaves broken serialized data to a plain replace', () => {
    expect(replaceInValue(`<a href="${OLD}/x">`, OLD, NEW)).toBe(`<a href="${NEW}/x">`)
    expect(looksSerialized('a:1:{s:3:"abc";i:1;}')).toBe(true)
    expect(looksSerialized('hello')).toBe(false)
    // A wrong length: not well-formed, so not touched as serialized.
    expect(replaceSerialized(`a:1:{i:0;s:99:"${OLD}";}`, OLD, NEW)).toBeNull()
  })
})
