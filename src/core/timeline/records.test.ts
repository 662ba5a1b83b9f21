import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ServerClock } from '../../shared/servers'
import {
  accessRecords,
  errorRecords,
  integrityRecords,
  mergeRecords,
  slowRecords,
  timelineKind,
  type RecordContext,
} from './records'

// The demo server's real logs (Paris, +01:00 in November): the web logs write their zone, the
// php-fpm logs do not, the integrity log writes UTC.
const DEMO = join(__dirname, '../../../resources/demo/var/log')
const lines = (path: string): string[] =>
  readFileSync(join(DEMO, path), 'utf8').split('\n').filter(Boolean)
const paris: ServerClock = { zone: 'Europe/Paris', offsetMin: 60, source: 'demo-data' }
const ctx = (file: string): RecordContext => ({
  source: file,
  file,
  clock: paris,
  at: Date.parse('2026-11-28T13:00:00Z'),
})
const iso = (ms: number): string => new Date(ms).toISOString()

describe('timeline records', () => {
  it('reads every request of an access log, at the time its line says, with its status', () => {
    const text = lines('nginx/access.log.1')
    const r = accessRecords(text, ctx('nginx/access.log.1'))
    expect(r).toHaveLength(text.length)
    // Each time read another way: the bracketed CLF time with its own zone.
    for (const [i, rec] of r.entries()) {
      const m = /\[(\d\d)\/Nov\/2026:(\d\d:\d\d:\d\d) \+0100\]/.exec(text[i]!)!
      expect(iso(rec.time)).toBe(iso(Date.parse(`2026-11-${m[1]}T${m[2]}+01:00`)))
      expect(rec.status).toBe(Number(/" (\d{3}) /.exec(text[i]!)![1]))
    }
  })

  it('reads HAProxy’s accept time to the millisecond and PHP-FPM’s pool log in the server’s zone', () => {
    const h = accessRecords(lines('haproxy/haproxy.log.1'), ctx('haproxy'))
    // The page of the rogue UPDATE's second: accepted at 14:22:07.867 (the syslog header's zone).
    const page = h.find(
      (x) =>
        x.text.includes('GET /category/accessories/') && iso(x.time).startsWith('2026-11-28T13:22'),
    )!
    expect(iso(page.time)).toBe('2026-11-28T13:22:07.867Z')
    expect(page.ms).toBe(true)
    const fpm = accessRecords(lines('php/www.access.log'), ctx('php/www.access.log'))
    const cpu = fpm.find((x) => x.text.includes('mode=cpu&via=apache'))!
    // `28/Nov/2026:14:22:27 +0100`, the request's start, 1500.855 ms.
    expect(iso(cpu.time)).toBe('2026-11-28T13:22:27.000Z')
    expect(cpu).toMatchObject({ status: 200, kind: 'access' })
    expect(cpu.text).toContain('1501 ms')
  })

  it('places an error log’s zoneless entries in the server’s zone, stack traces folded, no line lost', () => {
    const text = lines('php/php-fpm.log')
    const r = errorRecords(text, ctx('php/php-fpm.log'))
    const slow = r.find(
      (x) => x.text.includes('mode=cpu&via=apache') && x.text.includes('too slow'),
    )!
    // `[28-Nov-2026 14:22:28] WARNING:` in Paris.
    expect(iso(slow.time)).toBe('2026-11-28T13:22:28.000Z')
    expect(slow.level).toBe('warning')
    expect(r.length + r.reduce((a, x) => a + (x.more?.length ?? 0), 0)).toBe(text.length)
    // Text no format reads is kept: a continuation of the record before it.
    const odd = errorRecords([text[0]!, '   not a log line', text[1]!], ctx('x'))
    expect(odd).toHaveLength(2)
    expect(odd[0]!.more).toEqual(['   not a log line'])
  })

  it('gives one record per slow-log dump, its top frame and stack', () => {
    const r = slowRecords(lines('php/www.slow'), ctx('php/www.slow'))
    const text = readFileSync(join(DEMO, 'php/www.slow'), 'utf8')
    expect(r).toHaveLength(text.match(/^\[\d\d-[A-Z][a-z]{2}-\d{4} /gm)!.length)
    const cpu = r.find((x) => iso(x.time) === '2026-11-28T13:22:28.000Z')!
    expect(cpu.text).toContain('tb-slow.php')
    expect(cpu.more![0]).toMatch(/^pool www, pid \d+$/)
    expect(cpu.more!.length).toBeGreaterThan(1)
  })

  it('gives one record per integrity-log block, at its own (UTC) time', () => {
    const text = lines('mysql/btws_integrity.log')
    const r = integrityRecords(text, ctx('mysql/btws_integrity.log'))
    expect(r.length).toBeGreaterThan(0)
    expect(r.some((x) => iso(x.time) === '2026-11-28T13:23:15.000Z')).toBe(true)
    expect(r.every((x) => x.kind === 'integrity')).toBe(true)
  })

  it('merges sources by time, a tie keeping the sources’ order', () => {
    const at = (time: number, source: string) => ({
      time,
      ms: false,
      source,
      file: source,
      kind: 'access' as const,
      text: `${source}@${time}`,
    })
    const merged = mergeRecords([
      [at(1000, 'a'), at(3000, 'a'), at(2000, 'a')],
      [at(2000, 'b'), at(500, 'b')],
    ])
    expect(merged.map((r) => r.text)).toEqual(['b@500', 'a@1000', 'a@2000', 'b@2000', 'a@3000'])
  })

  it('knows which logs it reads', () => {
    expect(timelineKind('nginx-access', '/var/log/nginx/access.log')).toBe('access')
    expect(timelineKind('php-slow', '/var/log/php/www.slow')).toBe('slow')
    expect(timelineKind('mysql', '/var/log/mysql/btws_integrity.log')).toBe('integrity')
    expect(timelineKind('mysql', '/var/log/mysql/error.log')).toBe('error')
    expect(timelineKind('mysql', '/var/log/mysql/mariadb-bin.000002')).toBeNull()
    expect(timelineKind('mysql', '/var/log/mysql/mariadb-slow.log')).toBeNull()
  })
})
