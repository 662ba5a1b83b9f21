import { describe, expect, it } from 'vitest'
import { hexDump, looksBinary } from './hex-dump'

describe('hex dump', () => {
  it('writes offset, 16 bytes in two groups and their printable ASCII', () => {
    expect(hexDump(Buffer.from('GIF89a\0\x01<?php\n'), 0x10)).toBe(
      '00000010  47 49 46 38 39 61 00 01  3c 3f 70 68 70 0a        |GIF89a..<?php.|',
    )
  })

  it('takes a NUL byte for binary, text for text', () => {
    expect(looksBinary(Buffer.from('GIF89a\0\0'))).toBe(true)
    expect(looksBinary(Buffer.from('<?php echo "é";'))).toBe(false)
    expect(looksBinary(Buffer.from([0xe9, 0x74, 0xe9]))).toBe(false) // Latin-1 text stays text
  })
})
