import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { splitLines } from '../text'
import { ACCESS_FORMATS, detectAccessFormat } from './access-log'
import {
  ERROR_FORMATS,
  detectErrorFormat,
  errorStats,
  decodeEntities,
  levelOf,
  messageShape,
  parseErrorLog,
  zoneOffsetMinutes,
} from './error-log'

const LOGS = new URL('../../../resources/demo/var/log/', import.meta.url)
const read = (path: string): string[] => {
  const bytes = readFileSync(new URL(path, LOGS))
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
}

describe('error logs', () => {
  it('reads each format’s own samples, and no access format takes them (nor the reverse)', () => {
    for (const f of ERROR_FORMATS) {
      for (const s of f.samples) {
        expect(f.pattern.test(s), `${f.name}: ${s}`).toBe(true)
        expect(detectErrorFormat([s])?.name).toBe(f.name)
        expect(detectAccessFormat([s])).toBeNull()
      }
    }
    for (const f of ACCESS_FORMATS)
      for (const s of f.samples) expect(detectErrorFormat([s])).toBeNull()
  })

  it.each([
    ['apache2/error.log.1', 'apache-error'],
    ['nginx/error.log.2.gz', 'nginx-error'],
    ['php/php-fpm.log', 'php-fpm'],
    ['mysql/error.log', 'mariadb-error'],
  ])('reads the real %s as %s, every line an entry', (path, name) => {
    const lines = read(path)
    const format = detectErrorFormat(lines.slice(0, 50))
    expect(format?.name).toBe(name)
    const { entries, raw } = parseErrorLog(lines, format)
    expect(raw).toEqual([])
    expect(entries.length + entries.reduce((s, e) => s + e.more.length, 0)).toBe(lines.length)
    expect(entries.every((e) => e.time !== null)).toBe(true)
  })

  it('keeps a PHP stack trace with its fatal error, and counts by level', () => {
    const lines = read('php/www.error.log')
    const format = detectErrorFormat(lines)
    expect(format?.name).toBe('php-error')
    const { entries } = parseErrorLog(lines, format)
    const fatal = entries.find((e) => e.message.startsWith('Uncaught '))!
    // PHP's fatal error ends a request: an error, not the syslog top.
    expect(fatal.level).toBe('error')
    expect(levelOf('crit')).toBe('critical')
    expect(levelOf('Fatal error')).toBe('error')
    expect(levelOf('Parse error')).toBe('error')
    expect(fatal.message).toMatch(/^Uncaught /)
    expect(fatal.more[0]).toBe('Stack trace:')
    expect(fatal.more.at(-1)).toMatch(/^ {2}thrown in .* on line \d+$/)
    // Written in the pool's zone (Europe/Paris, +01:00 in November): placed in UTC.
    expect(fatal.zoneless).toBe(false)
    expect(new Date(fatal.time!).toISOString()).toBe('2026-11-28T13:20:30.000Z')
    expect(zoneOffsetMinutes('Europe/Paris', Date.UTC(2026, 6, 1, 12))).toBe(120)
    expect(zoneOffsetMinutes('Not/AZone', Date.UTC(2026, 6, 1, 12))).toBeNull()
    const stats = errorStats(lines, format)
    expect(stats.byLevel.warning).toBeGreaterThan(0)
    expect(stats.entries + entries.reduce((s, e) => s + e.more.length, 0)).toBe(lines.length)
    // Lines before any entry are kept, not dropped.
    expect(parseErrorLog(['garbage', ...lines.slice(0, 2)], format).raw).toEqual([
      { line: 1, text: 'garbage' },
    ])
  })

  it('groups repeated messages by their shape', () => {
    expect(
      messageShape('child 17431 said into stderr: "sh: 1: /usr/sbin/sendmail: not found"'),
    ).toBe('child N said into stderr: …')
  })

  it('reads the MySQL 5.5/5.6, MySQL 5.7/8 and old MariaDB error logs of peer test suites', () => {
    const peer = (name: string): string[] =>
      splitLines(readFileSync(new URL(`../../../../shared/peer/${name}`, import.meta.url), 'utf8'))
    const cases: [string, string, number, number][] = [
      // file, format, entries, lines before the first entry
      ['beats/mysql-ubuntu-5.5.53.head.log', 'mysql-old-error', 8, 0],
      ['beats/mysql-ubuntu-8.0.15.log', 'mysql-error', 14, 0],
      ['lnav/logfile_mysql_error.0', 'mysql-error', 4, 0],
      ['lnav-samples/mysql_error_log.samples.log', 'mysql-error', 2, 0],
      // Its first line is a general-log line; the rest is MariaDB 10.4.
      ['beats/mariadb-10.4.8.log', 'mariadb-error', 27, 1],
    ]
    for (const [name, format, entries, raw] of cases) {
      const lines = peer(name)
      const f = detectErrorFormat(lines)
      expect(f?.name, name).toBe(format)
      const parsed = parseErrorLog(lines, f)
      expect([parsed.entries.length, parsed.raw.length], name).toEqual([entries, raw])
    }
    const mysql8 = parseErrorLog(peer('beats/mysql-ubuntu-8.0.15.log'), null)
    expect(mysql8.entries).toEqual([])
    const [first, second] = parseErrorLog(
      peer('beats/mysql-ubuntu-8.0.15.log'),
      detectErrorFormat(peer('beats/mysql-ubuntu-8.0.15.log')),
    ).entries
    expect(first).toMatchObject({ time: Date.UTC(2019, 2, 24, 13, 44, 25, 484), level: 'info' })
    expect(second!.level).toBe('warning')
    expect(second!.message).toMatch(/^\[MY-010453\] \[Server\] root@localhost is created/)
    const old = parseErrorLog(
      peer('beats/mysql-ubuntu-5.5.53.head.log'),
      detectErrorFormat(peer('beats/mysql-ubuntu-5.5.53.head.log')),
    ).entries
    expect(old[0]).toMatchObject({ time: Date.UTC(2016, 11, 9, 14, 18, 50), level: 'warning' })
    // The two continuation lines stay with the entry they belong to.
    expect(old[6]!.more).toHaveLength(2)
  })

  it('decodes the HTML entities PHP and WordPress write into messages', () => {
    expect(
      decodeEntities('this server&#8217;s configuration &amp; &quot;x&quot; &#x27;y&#x27;'),
    ).toBe('this server’s configuration & "x" \'y\'')
    // Unknown or impossible entities stay as written.
    expect(decodeEntities('&bogus; &#99999999; AT&T')).toBe('&bogus; &#99999999; AT&T')
    const lines = read('php/www.error.log')
    const { entries } = parseErrorLog(lines, detectErrorFormat(lines))
    expect(entries.some((e) => e.message.includes('this server’s configuration'))).toBe(true)
    expect(entries.some((e) => e.message.includes('&#8217;'))).toBe(false)
  })
})
