import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ACCESS_FORMATS, detectAccessFormat } from './access-log'
import {
  ERROR_FORMATS,
  detectErrorFormat,
  errorStats,
  messageShape,
  parseErrorLog,
  zoneOffsetMinutes,
} from './error-log'

const LOGS = new URL('../../resources/demo/var/log/', import.meta.url)
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
    const fatal = entries.find((e) => e.level === 'emergency')!
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
})
