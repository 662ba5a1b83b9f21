import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseIntegrityLog, timestampOf } from './integrity-log'

const LOG = readFileSync(
  new URL('../../../resources/demo/var/log/mysql/btws_integrity.log', import.meta.url),
  'utf8',
)

describe('integrity log', () => {
  it('cuts the testbed log into its three timestamped runs, losing no line', () => {
    const blocks = parseIntegrityLog(LOG)
    expect(blocks.map((b) => new Date(b.time! * 1000).toISOString())).toEqual([
      '2026-11-28T13:19:58.000Z',
      '2026-11-28T13:23:15.000Z',
      '2026-11-28T13:24:12.000Z',
    ])
    expect(blocks.reduce((n, b) => n + b.lines.length, 0)).toBe(
      LOG.split('\n').length - (LOG.endsWith('\n') ? 1 : 0),
    )
    const drift = blocks[1]!.lines
    expect(drift.find((l) => l.text.startsWith('-CREATE TABLE `shop_links`'))?.kind).toBe('del')
    expect(drift.find((l) => l.text.includes('type_status_date'))?.kind).toBe('key')
  })

  it('survives any text: no timestamp, binary-ish junk, odd dates', () => {
    expect(parseIntegrityLog('')).toEqual([])
    const junk = parseIntegrityLog('\u0000\u0001 garbage\nDROP everything\n+ added\n')
    expect(junk).toHaveLength(1)
    expect(junk[0]!.time).toBeNull()
    expect(junk[0]!.lines.map((l) => l.kind)).toEqual(['plain', 'drop', 'add'])
    expect(parseIntegrityLog('### check 2026-13-45T99:99:99 nonsense\nx\n')[0]!.lines).toHaveLength(
      2,
    )
    expect(timestampOf('[28/Nov/2026:14:20:40 +0100] x')).toBe(
      Date.UTC(2026, 10, 28, 13, 20, 40) / 1000,
    )
    expect(timestampOf('2026-11-28 14:23:15 +0100')).toBe(Date.UTC(2026, 10, 28, 13, 23, 15) / 1000)
  })
})
