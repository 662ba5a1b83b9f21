import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createLineSplitter } from './line-splitter'
import {
  createSlowlogParser,
  parseFpmSlowWarning,
  parseSlowlog,
  sniffSlowlog,
  type SlowEntry,
} from './php-fpm-slowlog'

const SLOW = readFileSync(
  new URL('../../resources/demo/var/log/php/www.slow', import.meta.url),
  'utf8',
)
const FPM = readFileSync(
  new URL('../../resources/demo/var/log/php/php-fpm.log', import.meta.url),
  'utf8',
)

function parseInSlices(text: string, size: () => number): SlowEntry[] {
  const entries: SlowEntry[] = []
  const parser = createSlowlogParser({ entry: (e) => entries.push(e) })
  const splitter = createLineSplitter((l) => parser.line(l))
  for (let i = 0; i < text.length;) {
    const n = Math.max(1, size())
    splitter.push(text.slice(i, i + n))
    i += n
  }
  splitter.end()
  parser.end()
  return entries
}

describe('php-fpm slow log parser', () => {
  it('reads the real slow log of php-fpm 8.2: 16 entries with their stacks', () => {
    const { entries, issues } = parseSlowlog(SLOW)
    expect(issues).toEqual([])
    expect(entries).toHaveLength(16)
    expect(entries[0]).toEqual({
      line: 2, // the file starts with the blank line php-fpm writes before each entry
      time: '2026-11-28T14:20:11',
      pool: 'www',
      pid: 17432,
      script: '/tmp/tb/chroot/var/www/site/tb-slow.php',
      frames: [
        { fn: 'mysqli_query', file: '/tmp/tb/chroot/var/www/site/tb-slow.php', line: 82 },
        { fn: 'tb_run_report_query', file: '/tmp/tb/chroot/var/www/site/tb-slow.php', line: 90 },
        { fn: 'tb_phase_sql', file: '/tmp/tb/chroot/var/www/site/tb-slow.php', line: 113 },
        { fn: 'tb_handle', file: '/tmp/tb/chroot/var/www/site/tb-slow.php', line: 134 },
      ],
      dumpFailed: false,
    })
    expect(entries.map((e) => e.frames[0]?.fn)).toContain('curl_exec')
    expect(sniffSlowlog(SLOW)).toBe(true)
    expect(sniffSlowlog(FPM)).toBe(false)
  })

  it('gives the same entries whatever the chunk boundaries, multibyte paths included', () => {
    const text = SLOW.replace(/tb-slow\.php/g, 'tb-lent-é😀.php')
    const whole = parseSlowlog(text).entries
    expect(whole[0]!.script).toBe('/tmp/tb/chroot/var/www/site/tb-lent-é😀.php')
    let seed = 3
    const random = (): number => (seed = (seed * 16807) % 2147483647) % 41
    expect(parseInSlices(text, random)).toEqual(whole)
    expect(parseInSlices(text, () => 1)).toEqual(whole)
  })

  it('handles microseconds, several pools, dump failures and an entry cut at the end', () => {
    const text = [
      '[28-Nov-2026 14:20:11.123456]  [pool shop] pid 1',
      'script_filename = /var/www/site/index.php',
      '[0x00007f5360a13420] PDOStatement->execute() /var/www/site/db.php:10',
      '[0x00007f5360a13390] Shop\\Repo::find() /var/www/site/repo.php:22',
      '',
      '[28-Nov-2026 14:20:12]  [pool admin] pid 2',
      'script_filename = /var/www/site/admin.php',
      '+++ dump failed',
      '',
      '[28-Nov-2026 14:20:13]  [pool shop] pid 3',
      'script_filename = /var/www/site/cut.php',
    ].join('\n')
    const { entries, issues } = parseSlowlog(text)
    expect(entries.map((e) => [e.pool, e.pid, e.dumpFailed, e.frames.length])).toEqual([
      ['shop', 1, false, 2],
      ['admin', 2, true, 0],
      ['shop', 3, false, 0],
    ])
    expect(entries[0]!.frames[1]).toEqual({
      fn: 'Shop\\Repo::find',
      file: '/var/www/site/repo.php',
      line: 22,
    })
    expect(issues).toEqual([
      {
        code: 'SLOWLOG_TRUNCATED_ENTRY',
        message: 'The entry of pid 3 has no stack (cut short).',
        line: 10,
      },
    ])
  })

  it('reports malformed content with its line number and keeps everything else', () => {
    const text = [
      'garbage before',
      '[0x1] orphan() /a.php:1',
      ...SLOW.split('\n').slice(1, 7),
      '[0x00007f] broken frame',
      'what is this',
      '',
    ].join('\n')
    const { entries, issues } = parseSlowlog(text)
    expect(entries).toHaveLength(1)
    expect(entries[0]!.frames).toHaveLength(4)
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['SLOWLOG_BAD_LINE', 1],
      ['SLOWLOG_MISSING_HEADER', 2],
      ['SLOWLOG_BAD_LINE', 9],
      ['SLOWLOG_BAD_LINE', 10],
    ])
  })

  it('reads the executing-too-slow warnings of the php-fpm master log', () => {
    const warnings = FPM.split('\n')
      .map(parseFpmSlowWarning)
      .filter((w) => w !== null)
    expect(warnings).toHaveLength(16)
    expect(warnings[0]).toEqual({
      time: '2026-11-28T14:20:11',
      pool: 'www',
      pid: 17432,
      script: '/tmp/tb/chroot/var/www/site/tb-slow.php',
      method: 'GET',
      uri: '/tb-slow.php?mode=sql',
      durationSec: 1.219106,
    })
    expect(warnings.find((w) => w.method === 'POST')?.uri).toBe('/tb-slow.php?mode=reverse')
  })
})
