import { readFileSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { describe, expect, it } from 'vitest'
import { createLineSplitter, splitLines } from './line-splitter'

const SAMPLE = new URL('../../../resources/demo/var/log/nginx/access.log.1', import.meta.url)

function feedInSlices(bytes: Buffer, sizes: () => number): string[] {
  const lines: string[] = []
  const decoder = new StringDecoder('utf8')
  const splitter = createLineSplitter((l) => lines.push(l))
  for (let i = 0; i < bytes.length;) {
    const n = Math.max(1, sizes())
    splitter.push(decoder.write(bytes.subarray(i, i + n)))
    i += n
  }
  splitter.push(decoder.end())
  splitter.end()
  return lines
}

describe('line splitter', () => {
  it('gives the same lines whatever the chunk boundaries, on a real nginx log', () => {
    const bytes = readFileSync(SAMPLE)
    const expected = bytes.toString('utf8').split('\n')
    expected.pop() // the file ends with a newline
    let seed = 7
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % 97
    }
    expect(expected.length).toBeGreaterThan(50)
    expect(feedInSlices(bytes, random)).toEqual(expected)
    expect(feedInSlices(bytes, () => 1)).toEqual(expected)
  })

  it('never splits a multibyte character between chunks', () => {
    const text = 'café 😀 été\nçà ✓\n'
    const bytes = Buffer.from(text, 'utf8')
    expect(feedInSlices(bytes, () => 1)).toEqual(['café 😀 été', 'çà ✓'])
  })

  it('strips CRLF, keeps an unterminated last line, and cuts over-long lines', () => {
    expect(splitLines('a\r\nb\n\nc')).toEqual(['a', 'b', '', 'c'])
    const lines: string[] = []
    const s = createLineSplitter((l) => lines.push(l), { maxLineLength: 4 })
    s.push('abcdefghij\nxy')
    expect(s.pending).toBe(2)
    s.end()
    expect(lines).toEqual(['abcd', 'efgh', 'ij', 'xy'])
  })
})
