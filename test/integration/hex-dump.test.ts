// The hex view of binary files, checked against `hexdump -C` (util-linux) on the same bytes.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hexDump } from '../../src/core/text'
import { APP_ROOT } from '../harness/app'

const reference = (bytes: Buffer): string[] =>
  execFileSync('hexdump', ['-C'], { input: bytes })
    .toString()
    .split('\n')
    // hexdump collapses repeated lines into `*` and ends with the length: full lines compared.
    .filter((l) => /^[0-9a-f]{8} {2}/.test(l))
    .map((l) => l.trimEnd())

describe('hex dump', () => {
  it('writes what hexdump -C writes, line for line', () => {
    const bytes = Buffer.from([...Buffer.from('<?php\n/** wp-config */\n'), 0, 1, 2, 0xff, 0x7f])
    expect(
      hexDump(bytes)
        .split('\n')
        .map((l) => l.trimEnd()),
    ).toEqual(reference(bytes))
  })

  it('on a real binary file (a gzip rotation of the demo)', () => {
    const bytes = readFileSync(join(APP_ROOT, 'resources/demo/var/log/nginx/access.log.2.gz'))
    const ours = hexDump(bytes)
      .split('\n')
      .map((l) => l.trimEnd())
    const theirs = reference(bytes)
    // hexdump writes `*` for repeated lines; compare the lines it wrote, by offset.
    const byOffset = new Map(ours.map((l) => [l.slice(0, 8), l]))
    expect(theirs.length).toBeGreaterThan(10)
    for (const l of theirs) expect(byOffset.get(l.slice(0, 8))).toBe(l)
  })
})
