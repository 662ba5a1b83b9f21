import { readFileSync, readdirSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { random } from '../../../test/harness/random'
import {
  ACCESS_FORMATS,
  clfTime,
  createAccessStats,
  detectAccessFormat,
  clfMinutePrefixes,
  clfOffsetMinutes,
  withZone,
  zoneText,
} from './access-log'

const LOGS = new URL('../../../resources/demo/var/log/', import.meta.url)

/** Every rotation of a log, oldest first, decompressed. */
function allOf(dir: string, base: string): string[] {
  const names = readdirSync(new URL(dir, LOGS)).filter(
    (n) => n === base || n.startsWith(`${base}.`),
  )
  return names.flatMap((n) => {
    const bytes = readFileSync(new URL(`${dir}${n}`, LOGS))
    return (n.endsWith('.gz') ? gunzipSync(bytes) : bytes)
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
  })
}

function stats(lines: string[]): ReturnType<ReturnType<typeof createAccessStats>['result']> {
  const s = createAccessStats(detectAccessFormat(lines.slice(0, 50)))
  for (const l of lines) s.line(l)
  return s.result()
}

describe('access log formats', () => {
  for (const f of ACCESS_FORMATS) {
    it(`${f.name} reads its own sample lines`, () => {
      for (const sample of f.samples) {
        const m = f.pattern.exec(sample)
        expect(m, sample).not.toBeNull()
        const r = f.read(m!)
        expect(r.status).toBeGreaterThanOrEqual(100)
        expect(r.time).not.toBeNull()
      }
    })
  }

  it('counts the statuses of the real HAProxy logs exactly (every rotation, no line lost)', () => {
    const r = stats(allOf('haproxy/', 'haproxy.log'))
    expect(r.format).toBe('haproxy-http')
    expect(r.unparsed).toBe(0)
    expect(r.status).toEqual({
      200: 144,
      301: 6,
      302: 12,
      400: 3,
      403: 7,
      404: 13,
      405: 1,
      408: 2,
      429: 3,
      500: 2,
      504: 1,
    })
  })

  it('counts the statuses of the real nginx logs exactly, plain and with appended timings', () => {
    const expected = {
      200: 143,
      301: 3,
      302: 12,
      400: 1,
      403: 4,
      404: 13,
      405: 1,
      429: 3,
      499: 1,
      500: 2,
    }
    const plain = stats(allOf('nginx/', 'access.log'))
    expect([plain.format, plain.unparsed, plain.status]).toEqual(['combined', 0, expected])
    const timed = stats(allOf('nginx/', 'access_timed.log'))
    expect([timed.format, timed.unparsed, timed.status]).toEqual(['combined', 0, expected])
    expect(plain.topIps).toEqual([['127.0.0.1', 183]])
  })

  it('reads Apache vhost_combined with %D, and times with their zone', () => {
    const r = stats(allOf('apache2/', 'other_vhosts_access.log'))
    expect(r.format).toBe('apache-vhost-combined')
    expect(r.unparsed).toBe(0)
    expect(clfTime('28/Nov/2026:14:20:40 +0100')).toBe(Date.UTC(2026, 10, 28, 13, 20, 40))
    expect(clfTime('28/Nov/2026:14:20:30.798', '+01:00')).toBe(
      Date.UTC(2026, 10, 28, 13, 20, 30, 798),
    )
    expect(clfTime('31/Foo/2026:14:20:40 +0100')).toBeNull()
  })

  it('keeps count of lines no format reads', () => {
    const r = stats([
      '127.0.0.1 - - [28/Nov/2026:14:22:35 +0100] "GET / HTTP/1.1" 200 1',
      'garbage',
      '',
    ])
    expect([r.lines, r.parsed, r.unparsed]).toEqual([2, 1, 1])
  })
})

describe('zones of times written without one', () => {
  it('reads HAProxy accept dates under an RFC 3164 header in the server zone, others as written', () => {
    const haproxy = withZone(
      ACCESS_FORMATS.find((f) => f.name === 'haproxy-http')!,
      '+01:00',
    )
    const read = (line: string): number | null => haproxy.read(haproxy.pattern.exec(line)!).time
    const rest =
      ' lb1 haproxy[9]: ::1:5 [01/Dec/2026:09:00:00.250] fe be/s 0/0/0/0/0 200 1 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"'
    expect(read(`Dec  1 09:00:00${rest}`)).toBe(Date.UTC(2026, 11, 1, 8, 0, 0, 250))
    expect(read(`2026-12-01T09:00:00-05:00${rest}`)).toBe(Date.UTC(2026, 11, 1, 14, 0, 0, 250))
    const combined = ACCESS_FORMATS.find((f) => f.name === 'combined')!
    expect(withZone(combined, '+01:00')).toBe(combined)
    expect([zoneText(60), zoneText(-330), zoneText(0)]).toEqual(['+01:00', '-05:30', '+00:00'])
  })
})

describe('CLF minutes for a time window', () => {
  it('reads the zone of a line and gives the minutes a window covers in that zone', () => {
    expect(
      clfOffsetMinutes('1.2.3.4 - - [28/Nov/2026:14:22:07 +0100] "GET / HTTP/1.1" 200 1'),
    ).toBe(60)
    expect(clfOffsetMinutes('x [01/Jan/2026:00:00:00 -0430] y')).toBe(-270)
    expect(
      clfOffsetMinutes('Nov 28 14:22:07 haproxy[1]: 1.2.3.4:5 [28/Nov/2026:14:22:07.446] fe'),
    ).toBeNull()
    const at = Date.UTC(2026, 10, 28, 13, 22, 7)
    expect(clfMinutePrefixes(at - 10_000, at + 10_000, 60)).toEqual([
      '28/Nov/2026:14:21:',
      '28/Nov/2026:14:22:',
    ])
    // Across midnight and a month end, in a zone behind UTC.
    const newYear = Date.UTC(2027, 0, 1, 0, 0, 30)
    expect(clfMinutePrefixes(newYear - 60_000, newYear, -60)).toEqual([
      '31/Dec/2026:22:59:',
      '31/Dec/2026:23:00:',
    ])
  })
})

describe('the byte path of the counts', () => {
  /** The counts by the format's pattern, line by line: the definition. */
  function byPattern(format: string, text: string, zone?: string): ReturnType<typeof stats> {
    const s = createAccessStats(
      ACCESS_FORMATS.find((f) => f.name === format)!,
      zone,
    )
    for (const l of text.split('\n')) s.line(l.endsWith('\r') ? l.slice(0, -1) : l)
    return s.result(100_000)
  }

  /** The same counts from the bytes, cut in chunks of random sizes. */
  function byBytes(
    format: string,
    text: string,
    r: () => number,
    zone?: string,
  ): ReturnType<typeof stats> {
    const s = createAccessStats(
      ACCESS_FORMATS.find((f) => f.name === format)!,
      zone,
    )
    const bytes = new TextEncoder().encode(text)
    for (let i = 0; i < bytes.length;) {
      const n = 1 + Math.floor(r() * r() * 400)
      s.bytes(bytes.subarray(i, i + n))
      i += n
    }
    s.end()
    return s.result(100_000)
  }

  const ODD = [
    ' ',
    '  ',
    '.',
    '.5',
    '\t',
    '"',
    '\\',
    '[',
    ']',
    ':',
    '-',
    '?',
    '/',
    'é',
    '\u2028',
    '\r',
    'x',
    '0',
    '\u00a0',
    '',
  ]

  /** Lines with one random edit each: a character replaced, removed or doubled. */
  function mutated(lines: string[], r: () => number, count: number): string[] {
    return Array.from({ length: count }, () => {
      const l = lines[Math.floor(r() * lines.length)]!
      const at = Math.floor(r() * l.length)
      const odd = ODD[Math.floor(r() * ODD.length)]!
      const edit = r()
      if (edit < 0.2) return l
      if (edit < 0.4) return l.slice(0, at) + l.slice(at + 1)
      if (edit < 0.6) return l.slice(0, at) + l[at] + l.slice(at)
      return l.slice(0, at) + odd + l.slice(at + 1)
    })
  }

  for (const [format, dir, base] of [
    ['combined', 'nginx/', 'access.log'],
    ['combined', 'nginx/', 'access_timed.log'],
    ['haproxy-http', 'haproxy/', 'haproxy.log'],
  ] as const) {
    it(`gives what the ${format} pattern gives on ${base} and 4,000 edited lines of it`, () => {
      const r = random(base.length)
      const real = allOf(dir, base)
      const extra =
        format === 'haproxy-http'
          ? [
              'Dec  1 09:00:00 lb1 haproxy[99]: 2001:db8::7:51234 [01/Dec/2026:09:00:00.001] fe be/s1 0/0/1/2/3 200 10 - - ---- 1/1/0/0/0 0/0 "GET /a?b HTTP/1.1"',
              'Dec  1 09:00:00 lb1 haproxy[99]: 10.0.0.1:5 [01/Dec/2026:09:00:00.5] fe be/s1 0/0/1/2/3 200 10 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
              'Dec  1 09:00:00 lb1 haproxy[99]: 10.0.0.1:5 [01/Dec/2026:09:00:00.5000] fe be/s1 0/0/1/2/3 200 10 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
              'Dec  1 09:00:00 lb1 haproxy[99]: 10.0.0.1:5 [01/Dec/2026:09:00:00 +0100.5] fe be/s1 0/0/1/2/3 200 10 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
              '2026-12-01T09:00:00.123456Z lb1 haproxy[99]: ::1:5 [01/Dec/2026:09:00:00.001] fe be/s1 -1/0/1/2/-3 503 0 - - SC-- 1/1/0/0/0 0/0 {a|"b"} "GET / HTTP/1.1"',
            ]
          : [
              '2001:db8::1 - bob [01/Dec/2026:09:00:00 -0500] "POST /wp-login.php HTTP/2.0" 302 0',
              '::1 - - [01/Dec/2026:09:00:00 +0000] "GET /a\\"b?c=\\"d HTTP/1.1" 200 - "-" "agent"',
              '1.2.3.4 - - [01/Dec/2026:09:00:00 +0000] "GET" 400 12',
              '1.2.3.4 - - [01/Dec/2026:09:00:00 +0000] "GET /a\\" 200 5 HTTP/1.1" 404 7',
              '1.2.3.4 - - [01/Dec/2026:09:00:00 +0000] "" 400 12 rt=0.1',
            ]
      const lines = [...real, ...extra, ...mutated([...real, ...extra], r, 4000)]
      const text = lines.map((l, i) => (i % 7 === 0 ? `${l}\r` : l)).join('\n') + '\n\n'
      const expected = byPattern(format, text)
      // The edits must leave both kinds of lines, or the comparison proves little.
      expect(expected.parsed).toBeGreaterThan(lines.length / 3)
      expect(expected.unparsed).toBeGreaterThan(200)
      for (let round = 0; round < 3; round++) expect(byBytes(format, text, r)).toEqual(expected)
    })
  }

  it('reads each odd time as the pattern does, milliseconds and zones included', () => {
    const times = [
      '01/Dec/2026:09:00:00.5',
      '01/Dec/2026:09:00:00.05',
      '01/Dec/2026:09:00:00.5000',
      '01/Dec/2026:09:00:00 +0100.5',
      '01/Dec/2026:09:00.00',
      '01/Dec/2026:09:00:00.',
      '1/Dec/2026:09:00:00 -0130',
      '01/Dec/2026:09:00:00.999 +0100',
      '01/Dex/2026:09:00:00',
    ]
    const r = random(7)
    for (const t of times) {
      for (const [format, line] of [
        ['combined', `::1 - - [${t}] "GET / HTTP/1.1" 200 1`],
        [
          'haproxy-http',
          `2026-12-01T09:00:00+05:00 lb1 haproxy[9]: ::1:5 [${t}] fe be/s 0/0/0/0/0 200 1 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"`,
        ],
        [
          'haproxy-http',
          `Dec  1 09:00:00 lb1 haproxy[9]: ::1:5 [${t}] fe be/s 0/0/0/0/0 200 1 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"`,
        ],
      ] as const) {
        // After a line of another second, and twice: the second time from what was kept.
        const text = `${line.replace(t, '01/Dec/2026:08:00:00')}\n${line}\n${line}\n`
        for (const zone of [undefined, '-03:30']) {
          const { firstTime, lastTime } = byPattern(format, text, zone)
          expect({ t, zone, ...byBytes(format, text, r, zone) }).toMatchObject({
            t,
            zone,
            format,
            firstTime,
            lastTime,
          })
        }
      }
    }
  })

  it('keeps apart the same accept date under headers of other zones', () => {
    const line = (zone: string): string =>
      `2026-12-01T09:00:00${zone} lb1 haproxy[9]: ::1:5 [01/Dec/2026:09:00:00.250] fe be/s 0/0/0/0/0 200 1 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"`
    const text = [line('+05:00'), line('-03:00'), line('+05:00'), line('Z')].join('\n') + '\n'
    const expected = byPattern('haproxy-http', text)
    expect([expected.firstTime, expected.lastTime]).toEqual([
      '2026-12-01T04:00:00.250Z',
      '2026-12-01T12:00:00.250Z',
    ])
    expect(byBytes('haproxy-http', text, random(3))).toEqual(expected)
  })

  it('counts what the other formats read from decoded lines, and a last line without newline', () => {
    const line =
      'localhost:8082 127.0.0.1 - - [28/Nov/2026:14:22:26 +0100] "GET / HTTP/1.1" 200 47705 "-" "Firefox" 29661'
    const s = createAccessStats(ACCESS_FORMATS.find((f) => f.name === 'apache-vhost-combined')!)
    s.bytes(new TextEncoder().encode(`${line}\n${line}`))
    s.end()
    expect(s.result()).toMatchObject({ lines: 2, parsed: 2, topPaths: [['/', 2]] })
  })

  it('merges the counts of parts as if read in one go', () => {
    const text = allOf('nginx/', 'access.log').join('\n') + '\n'
    const format = ACCESS_FORMATS.find((f) => f.name === 'combined')!
    const half = text.indexOf('\n', text.length / 2) + 1
    const a = createAccessStats(format)
    const b = createAccessStats(format)
    a.bytes(new TextEncoder().encode(text.slice(0, half)))
    b.bytes(new TextEncoder().encode(text.slice(half)))
    a.end()
    b.end()
    a.merge(b.partial())
    expect(a.result(1000)).toEqual(byPattern('combined', text))
  })
})
