import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseFpmAccess, parseFpmSlowWarning, parseSlowlog } from './php-fpm-slowlog'
import { createSlowlogAnalyzer } from './slowlog-analysis'

const SLOW = readFileSync(
  new URL('../../../resources/demo/var/log/php/www.slow', import.meta.url),
  'utf8',
)
const FPM = readFileSync(
  new URL('../../../resources/demo/var/log/php/php-fpm.log', import.meta.url),
  'utf8',
)
const ACCESS = readFileSync(
  new URL('../../../resources/demo/var/log/php/www.access.log', import.meta.url),
  'utf8',
)
const SITE = '/tmp/tb/chroot/var/www/site/'

function analyze(
  withFpm: boolean,
  withAccess = false,
): ReturnType<ReturnType<typeof createSlowlogAnalyzer>['result']> {
  const a = createSlowlogAnalyzer()
  if (withFpm)
    for (const line of FPM.split('\n')) {
      const w = parseFpmSlowWarning(line)
      if (w) a.warning(w)
    }
  if (withAccess)
    for (const line of ACCESS.split('\n')) {
      const r = parseFpmAccess(line)
      if (r) a.access(r)
    }
  for (const e of parseSlowlog(SLOW).entries) a.entry(e)
  return a.result()
}

describe('slow log analysis', () => {
  it('answers which scripts are slow, where they are stuck, since when', () => {
    const r = analyze(false)
    expect(r).toMatchObject({
      entries: 16,
      dumpFailed: 0,
      pools: { www: 16 },
      first: '2026-11-28T14:20:11',
      last: '2026-11-28T14:22:40',
    })
    expect(r.byScript).toEqual([
      [`${SITE}tb-slow.php`, 15],
      [`${SITE}index.php`, 1],
    ])
    expect(r.byTopFrame[0]).toEqual([`mysqli_query() ${SITE}tb-slow.php:82`, 10])
    expect(r.byStack[0]![1]).toBe(9)
    expect(r.timeline.map((t) => t.minute)).toEqual(['2026-11-28T14:20', '2026-11-28T14:22'])
    expect(r.timeline[0]!.byScript[`${SITE}tb-slow.php`]).toBe(13)
  })

  it('builds the flame graph root-first and the inverted one leaf-first, one sample per entry', () => {
    const r = analyze(false)
    expect(r.flame.value).toBe(16)
    const root = r.flame.children[0]!
    expect(root.name).toBe(`tb_handle() ${SITE}tb-slow.php:134`)
    expect(root.value).toBe(15)
    // Every sample ends somewhere: the self counts add up to the total.
    const selfSum = (n: typeof root): number =>
      n.self + n.children.reduce((s, c) => s + selfSum(c), 0)
    expect(selfSum(r.flame)).toBe(16)
    expect(r.inverted.children[0]).toMatchObject({
      name: `mysqli_query() ${SITE}tb-slow.php:82`,
      value: 10,
    })
  })

  it('joins each entry with its request from the php-fpm master log (same pid, same second)', () => {
    const r = analyze(true)
    expect(r.requests).toHaveLength(16)
    expect(r.requests.every((q) => q.uri !== undefined)).toBe(true)
    expect(r.requests[0]).toMatchObject({
      pid: 17432,
      method: 'GET',
      uri: '/tb-slow.php?mode=sql',
      durationSec: 1.219106,
    })
    expect(r.byUri.map(([u]) => u)).toContain('POST /tb-slow.php?mode=reverse')
    expect(r.byUri.reduce((s, [, n]) => s + n, 0)).toBe(16)
  })

  it('keeps memory bounded: requests are capped, counts stay exact', () => {
    const a = createSlowlogAnalyzer({ maxRequests: 5 })
    for (let round = 0; round < 10; round++) for (const e of parseSlowlog(SLOW).entries) a.entry(e)
    const r = a.result()
    expect(r.entries).toBe(160)
    expect(r.requests).toHaveLength(5)
    expect(r.requestsTruncated).toBe(true)
    expect(r.byScript[0]![1]).toBe(150)
  })

  it('joins each entry to its own request: one child traced in consecutive seconds', () => {
    // The same child caught at 14:08:10 and again at 14:08:11, and another child in between.
    const fpm = [
      `[02-Dec-2026 14:08:10] WARNING: [pool www] child 900, script '/srv/a.php' (request: "GET /first") executing too slow (3.1 sec), logging`,
      `[02-Dec-2026 14:08:10] WARNING: [pool www] child 901, script '/srv/b.php' (request: "GET /other") executing too slow (3.0 sec), logging`,
      `[02-Dec-2026 14:08:11] WARNING: [pool www] child 900, script '/srv/a.php' (request: "POST /second") executing too slow (3.2 sec), logging`,
      `[02-Dec-2026 14:08:12] WARNING: [pool www] child 900, script '/srv/c.php' (request: "GET /third") executing too slow (3.0 sec), logging`,
    ]
    const entry = (time: string, pid: number, script: string): string =>
      `\n[02-Dec-2026 ${time}]  [pool www] pid ${pid}\nscript_filename = ${script}\n[0x00007f0000000001] sleep() ${script}:2\n`
    // The slow log: the second trace of 900 written first, then the first (its own order).
    const slow =
      entry('14:08:11', 900, '/srv/a.php') +
      entry('14:08:10', 900, '/srv/a.php') +
      entry('14:08:10', 901, '/srv/b.php') +
      entry('14:08:13', 900, '/srv/c.php')
    const a = createSlowlogAnalyzer()
    for (const line of fpm) a.warning(parseFpmSlowWarning(line)!)
    for (const e of parseSlowlog(slow).entries) a.entry(e)
    expect(a.result().requests.map((r) => [r.time.slice(11), r.pid, r.uri ?? null])).toEqual([
      ['14:08:10', 900, '/first'],
      ['14:08:10', 901, '/other'],
      ['14:08:11', 900, '/second'],
      // One second late, a different script than /second's: still its own warning.
      ['14:08:13', 900, '/third'],
    ])
  })

  it('joins every entry of the real sample to the warning of its own second', () => {
    const r = analyze(true)
    const warnings = FPM.split('\n')
      .map((l) => parseFpmSlowWarning(l))
      .filter((w) => w !== null)
    for (const req of r.requests) {
      const own = warnings.filter(
        (w) => w.pid === req.pid && w.time === req.time.slice(0, 19) && w.script === req.script,
      )
      if (own.length === 1) expect(req.uri).toBe(own[0]!.uri)
    }
    expect(new Set(r.requests.filter((q) => q.uri).map((q) => `${q.pid} ${q.time}`)).size).toBe(
      r.requests.filter((q) => q.uri).length,
    )
  })

  it('times each entry by its line in the pool access log, or by php-fpm killing it', () => {
    const r = analyze(true, true)
    expect(r.timed).toBe(16)
    const by = (uri: string) => r.requests.find((q) => q.uri === uri)!
    // %t is when the request came in (14:20:10), the trace a second later, %{mili}d its length.
    expect(by('/tb-slow.php?mode=sql')).toMatchObject({ totalSec: 2.001648, status: 200 })
    expect(by('/tb-slow.php?mode=reverse')).toMatchObject({ totalSec: 8.005412, status: 200 })
    // The 504 has no access line: php-fpm killed it at request_terminate_timeout.
    expect(by('/tb-slow.php?mode=hang&order=4711')).toMatchObject({
      totalSec: 25.089513,
      killed: true,
    })
    expect(by('/tb-slow.php?mode=hang&order=4711').status).toBeUndefined()
    // The burst of 8: each entry gets the line of its own request, not another one's.
    const accessLines = ACCESS.split('\n')
    for (let k = 1; k <= 8; k++) {
      const own = accessLines.find((l) => l.includes(`"GET /tb-slow.php?mode=sql&burst=${k}"`))!
      const ms = Number(own.split(' ').at(-3))
      expect(by(`/tb-slow.php?mode=sql&burst=${k}`).totalSec).toBeCloseTo(ms / 1000, 9)
    }
    // Totals by script, checked against the file read another way: every access line of
    // tb-slow.php of a second or more (each was traced), plus the killed request.
    const fromFile = accessLines
      .filter((l) => l.includes(' /tmp/tb/chroot/var/www/site/tb-slow.php '))
      .map((l) => Number(l.split(' ').at(-3)) / 1000)
      .filter((sec) => sec >= 1)
    expect(fromFile).toHaveLength(14)
    const [sec, timed] = r.time.byScript[`${SITE}tb-slow.php`]!
    expect(timed).toBe(15)
    expect(sec).toBeCloseTo(fromFile.reduce((x, y) => x + y, 0) + 25.089513, 6)
    // By stack and top frame, the same seconds are shared out: they add up to the whole.
    const sum = (m: Record<string, [number, number]>) =>
      Object.values(m).reduce((x, [s]) => x + s, 0)
    const all = r.requests.reduce((x, q) => x + q.totalSec!, 0)
    for (const m of [r.time.byScript, r.time.byTopFrame, r.time.byStack, r.time.byUri])
      expect(sum(m)).toBeCloseTo(all, 6)
  })

  it('without the master log, joins by script and time alone; without the access log, times only what was killed', () => {
    const r = analyze(false, true)
    // The kill needs the master log; the 15 others are timed by the access log alone.
    expect(r.timed).toBe(15)
    expect(r.requests.filter((q) => q.totalSec === undefined).map((q) => q.time)).toEqual([
      '2026-11-28T14:20:21',
    ])
    // The master log alone times only the request it killed.
    const killedOnly = analyze(true)
    expect(killedOnly.timed).toBe(1)
    expect(killedOnly.time.byScript[`${SITE}tb-slow.php`]).toEqual([25.089513, 1])
    expect(analyze(false).timed).toBe(0)
    expect(analyze(false).time.byScript[`${SITE}tb-slow.php`]).toEqual([0, 0])
  })

  it('reads the pool access log and php-fpm kill lines, and nothing else', () => {
    expect(
      parseFpmAccess(
        '- -  28/Nov/2026:14:20:12 +0100 "GET /tb-slow.php?mode=curl" 200 /srv/tb-slow.php 3002.619 4096 0.00%',
      ),
    ).toEqual({
      secs: Date.UTC(2026, 10, 28, 14, 20, 12) / 1000,
      method: 'GET',
      uri: '/tb-slow.php?mode=curl',
      status: 200,
      script: '/srv/tb-slow.php',
      durationSec: 3.002619,
    })
    // An nginx line, a cut line: not the pool's access log.
    expect(
      parseFpmAccess('1.2.3.4 - - [28/Nov/2026:14:20:12 +0100] "GET / HTTP/1.1" 200 5 "-" "x"'),
    ).toBeNull()
    expect(parseFpmAccess('- -  28/Nov/2026:14:20:12 +0100 "GET /x" 200 /srv/x.php')).toBeNull()
    const kill = FPM.split('\n').find((l) => l.includes('execution timed out'))!
    expect(parseFpmSlowWarning(kill)).toMatchObject({
      pid: 17431,
      uri: '/tb-slow.php?mode=hang&order=4711',
      durationSec: 25.089513,
      terminated: true,
    })
    expect(parseFpmSlowWarning(FPM.split('\n')[0]!)).toBeNull()
  })
})
