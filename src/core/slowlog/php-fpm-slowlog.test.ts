import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  createSlowlogReader,
  localTime,
  parseFpmSlowWarning,
  parseSlowlog,
  sniffSlowlog,
  type SlowEntry,
  type SlowlogIssue,
} from './php-fpm-slowlog'

const SLOW = readFileSync(
  new URL('../../../resources/demo/var/log/php/www.slow', import.meta.url),
  'utf8',
)
const FPM = readFileSync(
  new URL('../../../resources/demo/var/log/php/php-fpm.log', import.meta.url),
  'utf8',
)

/** Feeds the bytes in slices of `size()` bytes (multibyte characters cut anywhere). */
function parseInSlices(
  text: string,
  size: () => number,
): { entries: SlowEntry[]; issues: SlowlogIssue[] } {
  const entries: SlowEntry[] = []
  const issues: SlowlogIssue[] = []
  const reader = createSlowlogReader({
    entry: (e) => entries.push(e),
    issue: (i) => issues.push(i),
  })
  const bytes = new TextEncoder().encode(text)
  for (let i = 0; i < bytes.length;) {
    const n = Math.max(1, size())
    reader.push(bytes.subarray(i, i + n))
    i += n
  }
  reader.end()
  return { entries, issues }
}

describe('php-fpm slow log parser', () => {
  it('reads the real slow log of php-fpm 8.2: 16 entries with their stacks', () => {
    const { entries, issues } = parseSlowlog(SLOW)
    expect(issues).toEqual([])
    expect(entries).toHaveLength(16)
    expect(entries[0]).toEqual({
      line: 2, // the file starts with the blank line php-fpm writes before each entry
      secs: Date.UTC(2026, 10, 28, 14, 20, 11) / 1000,
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
    expect(parseInSlices(text, random).entries).toEqual(whole)
    expect(parseInSlices(text, () => 1).entries).toEqual(whole)
    expect(localTime(whole[0]!.secs)).toBe('2026-11-28T14:20:11')
  })

  it('reads repeated stacks at any offset, with other addresses, as the same frames', () => {
    // The byte-level reader caches stacks by their bytes: the same entries shifted by 1-3 bytes,
    // and with the addresses of another php-fpm child, must give the same frames.
    const whole = parseSlowlog(SLOW).entries
    const other = SLOW.replace(/\[0x00007f5360a1/g, '[0x00007f5360b2')
    for (const pad of ['', '\n', '\n\n', '\n\n\n']) {
      const text = pad + SLOW + SLOW + pad + other
      const { entries, issues } = parseInSlices(text, () => 4096)
      expect(issues).toEqual([])
      expect(entries).toHaveLength(48)
      for (let k = 0; k < 16; k++) {
        for (const copy of [entries[k + 16]!, entries[k + 32]!]) {
          expect(copy.frames).toEqual(whole[k]!.frames)
          expect(copy.script).toBe(whole[k]!.script)
          expect(copy.secs).toBe(whole[k]!.secs)
        }
        // Equal stacks share one array, whatever the addresses.
        expect(entries[k + 32]!.frames).toBe(entries[k]!.frames)
      }
      // Line numbers follow the text: each copy starts where its header is.
      const lines = text.split('\n')
      for (const e of entries)
        expect(lines[e.line - 1]).toMatch(/^\[28-Nov-2026 [\d:]+\] {2}\[pool www\] pid \d+$/)
    }
  })

  it('tells apart stacks that begin alike and differ in depth', () => {
    // Same script and innermost frames; one caller more or less: the cached stacks that start
    // with the same bytes must not be taken for one another.
    const frame = (k: number): string =>
      `[0x00007f5360a1${3400 - k * 16}] level_${k}() /var/www/site/lib/a-rather-long-library-path.php:${10 + k}`
    const entry = (depth: number, second: number): string =>
      [
        `[28-Nov-2026 14:20:${String(second).padStart(2, '0')}]  [pool www] pid ${100 + depth}`,
        'script_filename = /var/www/site/index.php',
        ...Array.from({ length: depth }, (_, k) => frame(k)),
        '',
      ].join('\n')
    const depths = [4, 5, 3, 5, 4, 6, 3, 4, 5, 5, 6, 3]
    const text = depths.map((d, k) => '\n' + entry(d, k)).join('')
    for (const size of [7, 64, 4096]) {
      const { entries, issues } = parseInSlices(text, () => size)
      expect(issues).toEqual([])
      expect(entries.map((e) => e.frames.length)).toEqual(depths)
      expect(entries.map((e) => e.frames.at(-1)!.fn)).toEqual(depths.map((d) => `level_${d - 1}`))
    }
  })

  it('reads CRLF files and files without blank lines line by line, losing nothing', () => {
    const whole = parseSlowlog(SLOW)
    const crlf = parseInSlices(SLOW.replace(/\n/g, '\r\n'), () => 333)
    expect(crlf.issues).toEqual([])
    expect(crlf.entries).toEqual(whole.entries)
    // Entries run together (no blank line), far longer than the reader holds back: every entry
    // still comes out, each cut by the next header.
    const packed = Array.from({ length: 3000 }, () => SLOW.replace(/\n\n/g, '\n')).join('')
    const r = parseInSlices(packed, () => 65536)
    expect(r.entries).toHaveLength(48_000)
    expect(r.issues).toEqual([])
    expect(r.entries[47_999]!.frames).toEqual(whole.entries[15]!.frames)
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

  it('reads the executing-too-slow and execution-timed-out warnings of the php-fpm master log', () => {
    const warnings = FPM.split('\n')
      .map(parseFpmSlowWarning)
      .filter((w) => w !== null)
    expect(warnings.filter((w) => !w.terminated)).toHaveLength(16)
    expect(warnings.filter((w) => w.terminated).map((w) => w.time)).toEqual(['2026-11-28T14:20:45'])
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

  it('reads "[0x…] +++ dump failed" as php-fpm writes it: a failed dump, not a bad line', () => {
    // A real slow log quoted in a public blog post (../shared/peer/slowlog, see its README).
    const text = readFileSync(
      new URL('../../../../shared/peer/slowlog/typecho-blog.slow.log', import.meta.url),
      'utf8',
    )
    for (const parsed of [
      parseSlowlog(text),
      parseInSlices(text, () => 1 << 16),
      parseInSlices(text, () => 7),
    ]) {
      expect(parsed.issues).toEqual([])
      expect(parsed.entries.map((e) => [e.pid, e.dumpFailed, e.frames.length])).toEqual([
        [1819, true, 10],
        [5597, true, 6],
      ])
      expect(parsed.entries[0]!.frames[1]).toEqual({ fn: 'replace', file: 'unknown', line: 0 })
    }
  })
})
