import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  compileCustomFormat,
  customFormatProblem,
  nestedRepeat,
  readDurationMs,
  readLogTime,
  tryCustomFormat,
} from './custom-format'
import { proposeFormat } from './format-proposal'
import { createAccessStats } from './access-log'

const timed = readFileSync(
  new URL('../../../resources/demo/var/log/nginx/access_timed.log', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter(Boolean)

describe('custom access log formats', () => {
  it('reads a whole real log with the definition proposed from its first line', () => {
    const proposal = proposeFormat(timed[0]!)
    const def = { name: 'nginx-timed', pattern: proposal.pattern, fields: proposal.fields }
    const tried = tryCustomFormat(def, timed)
    expect(tried).toMatchObject({ read: timed.length, of: timed.length })
    const format = compileCustomFormat(def)
    const first = format.read(format.pattern.exec(timed[0]!)!)
    expect(first).toMatchObject({
      time: Date.UTC(2026, 10, 28, 13, 22, 35),
      ip: '127.0.0.1',
      method: 'GET',
      path: '/shipping/',
      status: 200,
      bytes: 30151,
    })
    // The counts read it like a built-in format.
    const stats = createAccessStats(format)
    for (const l of timed) stats.line(l)
    expect(stats.result()).toMatchObject({ format: 'nginx-timed', parsed: timed.length })
  })

  it('reads times without a zone in the zone the user set', () => {
    expect(readLogTime('2026-11-28 14:22:35', '+01:00')).toBe(Date.UTC(2026, 10, 28, 13, 22, 35))
    expect(readLogTime('2026-11-28T14:22:35.250Z', '+01:00')).toBe(
      Date.UTC(2026, 10, 28, 14, 22, 35, 250),
    )
    expect(readLogTime('28/Nov/2026:14:22:35', '-0500')).toBe(Date.UTC(2026, 10, 28, 19, 22, 35))
    expect(readLogTime('28/Nov/2026:14:22:35 +0100', '-0500')).toBe(
      Date.UTC(2026, 10, 28, 13, 22, 35),
    )
    expect(readLogTime('yesterday')).toBeNull()
    expect([readDurationMs('23ms'), readDurationMs('0.5s'), readDurationMs('0.023')]).toEqual([
      23, 500, 23,
    ])
  })

  it('says what is wrong with a definition, and which line it does not read', () => {
    const fields = [
      { name: 'time', type: 'time' as const },
      { name: 'status', type: 'status' as const },
    ]
    const ok = { name: 'mine', pattern: '^\\[(?<time>[^\\]]+)\\] (?<status>\\d{3})$', fields }
    expect(customFormatProblem(ok)).toBeNull()
    expect(customFormatProblem({ ...ok, name: 'a b' })).toMatch(/name/)
    expect(customFormatProblem({ ...ok, pattern: '(?<time>[' })).toMatch(/not a regular/)
    expect(customFormatProblem({ ...ok, pattern: '^(?<time>\\S+) (?<code>\\d+)$' })).toMatch(
      /no group named "status"/,
    )
    expect(customFormatProblem({ ...ok, fields: fields.slice(1) })).toMatch(/time/)
    expect(customFormatProblem({ ...ok, pattern: '(?<time>.*)(?<status>.*)' })).toMatch(/empty/)
    expect(customFormatProblem({ ...ok, zone: 'Paris' })).toMatch(/zone/)
    expect(() => compileCustomFormat({ ...ok, fields: [] })).toThrow(/mine: .*time/)
    expect(tryCustomFormat(ok, ['[28/Nov/2026:14:22:35 +0100] 404', 'garbage', ''])).toEqual({
      read: 1,
      of: 2,
      unread: 'garbage',
      first: expect.objectContaining({ status: 404, time: Date.UTC(2026, 10, 28, 13, 22, 35) }),
    })
  })

  it('refuses the classic catastrophic shapes, never a proposal made from a real log', () => {
    for (const bad of ['(a+)+', '^(\\w+\\s?)*$', '(.*){2,}', '(?:x|y+)*z', '((a)+)+', '(a+?)+'])
      expect([bad, nestedRepeat(bad)]).toEqual([bad, true])
    for (const fine of [
      '(?:[^"\\\\]|\\\\.)*',
      '(?:-?\\d+\\/){4}(?<ta>-?\\d+)',
      '(?<t>\\d+(?:\\.\\d+)?)',
      '[(+]*',
      '\\(a+\\)+',
      '(a+)b+',
    ])
      expect([fine, nestedRepeat(fine)]).toEqual([fine, false])
    const logs = [
      'nginx/access.log',
      'nginx/access_timed.log',
      'nginx/access_iso.log',
      'haproxy/haproxy.log',
      'apache2/other_vhosts_access.log.1',
      'nginx/error.log.1',
      'php/www.error.log',
      'php/php-fpm.log',
      'php/www.access.log',
      'mysql/error.log',
    ]
    for (const log of logs) {
      const lines = readFileSync(
        new URL(`../../../resources/demo/var/log/${log}`, import.meta.url),
        'utf8',
      ).split('\n')
      for (const line of lines.slice(0, 20).filter(Boolean))
        expect([log, line, nestedRepeat(proposeFormat(line).pattern)]).toEqual([log, line, false])
    }
    const ok = {
      name: 'x',
      pattern: '^\\[(?<time>[^\\]]+)\\] (?<status>\\d{3})(?: (\\w+ ?)+)?$',
      fields: [
        { name: 'time', type: 'time' as const },
        { name: 'status', type: 'status' as const },
      ],
    }
    expect(customFormatProblem(ok)).toMatch(/repeated group repeats inside/)
  })
})
