// The profile parser against valgrind's callgrind_annotate, on the real Xdebug profiles of
// the samples and on profiles written during the run by real PHP with Debian's php-xdebug.
import { execFileSync } from 'node:child_process'
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { APP_ROOT } from '../harness/app'
import { cliRunner } from '../harness/cli'
import { tempDir } from '../harness/process'
import { profileScript } from '../harness/xdebug'

const home = tempDir('cachegrind-home')
const twb = cliRunner(home.path)
const SAMPLES = join(APP_ROOT, 'resources/demo/var/log/php/profiler')
const FIXTURES = join(APP_ROOT, 'test/fixtures/php')

interface Summary {
  events: string[]
  totals: Record<string, number>
  cmd: string | null
  exactTree: boolean
  functions: {
    name: string
    file: string
    calls: number
    self: Record<string, number>
    inclusive: Record<string, number>
  }[]
}

interface Annotated {
  totals: number[]
  /** `file:function` → costs per event. */
  functions: Map<string, number[]>
}

const count = (s: string): number => (s === '.' ? 0 : Number(s.replaceAll(',', '')))

/** callgrind_annotate's table of every function (threshold 100%), without percentages. */
function annotate(file: string, inclusive = false): Annotated {
  const out = execFileSync(
    'callgrind_annotate',
    [
      '--threshold=100',
      '--auto=no',
      '--show-percs=no',
      `--inclusive=${inclusive ? 'yes' : 'no'}`,
      file,
    ],
    // From /, as it shortens the paths under its working directory.
    { encoding: 'utf8', maxBuffer: 64 << 20, cwd: '/' },
  )
  const lines = out.split('\n')
  const totalsLine = lines.find((l) => l.endsWith('PROGRAM TOTALS'))!
  const totals = totalsLine.trim().split(/\s+/).slice(0, 2).map(count)
  const start = lines.findIndex((l) => l.trimEnd().endsWith('file:function')) + 2
  const functions = new Map<string, number[]>()
  for (const line of lines.slice(start)) {
    const m = /^\s*([\d,.]+)\s+([\d,.]+)\s+(.+)$/.exec(line)
    if (!m) break
    functions.set(m[3]!, [count(m[1]!), count(m[2]!)])
  }
  return { totals, functions }
}

function summary(file: string): Summary {
  const r = twb('cachegrind', 'summary', file, '--json')
  expect(r.err).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.out) as Summary
}

/** Same totals, and every function callgrind_annotate lists has the same self costs. */
function expectSameAsAnnotate(file: string, minFunctions = 6): Summary {
  const ours = summary(file)
  const ref = annotate(file)
  const [time, memory] = ours.events as [string, string]
  expect([ours.totals[time], ours.totals[memory]]).toEqual(ref.totals)
  const mine = new Map(ours.functions.map((f) => [`${f.file}:${f.name}`, f]))
  expect(ref.functions.size).toBeGreaterThanOrEqual(minFunctions)
  for (const [key, costs] of ref.functions) {
    const f = mine.get(key)
    expect(f, key).toBeDefined()
    expect([f!.self[time], f!.self[memory]], key).toEqual(costs)
  }
  // Nothing with a cost is missing from annotate's list (which stops at 100 %).
  const costly = ours.functions.filter((f) => (f.self[time] ?? 0) > 0)
  expect(costly.length).toBe(ref.functions.size)
  // And the top of the list is the same, in the same order (ties aside).
  const top = [...ref.functions].slice(0, 10)
  for (const [i, [key, costs]] of top.entries()) {
    const f = ours.functions[i]!
    expect(f.self[time], `#${i + 1}: ${key}`).toBe(costs[0])
  }
  return ours
}

describe('twb cachegrind summary against callgrind_annotate', () => {
  for (const name of readdirSync(SAMPLES)) {
    it(`matches on the sample ${name}`, () => {
      const ours = expectSameAsAnnotate(join(SAMPLES, name))
      expect(ours.exactTree).toBe(true)
    })
  }
})

describe('profiles from other projects (../shared/peer) against callgrind_annotate', () => {
  const PEER = join(APP_ROOT, '..', 'shared', 'peer')
  // Xdebug's own profiler tests (EXPECTF templates filled in) and real or hand-written Xdebug
  // files of cachegrind-studio; truncated.out is cut on purpose (its own test below).
  const xdebug = [
    ...readdirSync(join(PEER, 'xdebug-phpt', 'inst')).map((n) =>
      join(PEER, 'xdebug-phpt', 'inst', n),
    ),
    ...['no-cfl.out', 'xdebug2-timeunit.out', 'xdebug3-windows.out'].map((n) =>
      join(PEER, 'cachegrind-studio', n),
    ),
  ]
  for (const file of xdebug) {
    it(`matches on ${file.slice(PEER.length + 1)}`, () => {
      expectSameAsAnnotate(file, 1)
    })
  }

  it('refuses valgrind callgrind files at once, saying what they are', () => {
    for (const name of readdirSync(join(PEER, 'speedscope'))) {
      const file = join(PEER, 'speedscope', name)
      if (readFileSync(file, 'utf8').includes('creator: xdebug')) continue
      const r = twb('cachegrind', 'summary', file)
      expect(r.code, name).toBe(1)
      expect(r.err, name).toContain("written by valgrind's callgrind or another tool")
      expect(r.err, name).not.toContain('may be cut')
    }
  })

  it('reads a cut file as cut, with what was read', () => {
    const r = twb('cachegrind', 'summary', join(PEER, 'cachegrind-studio', 'truncated.out'))
    expect(r.code).toBe(1)
    expect(r.err).toContain('the file ends in the middle of a line')
  })
})

describe('profiles written by PHP with php-xdebug during the run', () => {
  const out = tempDir('xdebug-out')
  let profile = ''

  beforeAll(() => {
    const files = profileScript(join(FIXTURES, 'profiled.php'), [], out.path)
    expect(files).toHaveLength(1)
    profile = files[0]!
  })

  it('matches callgrind_annotate', () => {
    const ours = expectSameAsAnnotate(profile)
    expect(ours.cmd).toBe(join(FIXTURES, 'profiled.php'))
    expect(ours.exactTree).toBe(true)
  })

  it('counts recursion once where callgrind_annotate counts it again at every level', () => {
    const ours = summary(profile)
    const time = ours.events[0]!
    const main = ours.functions.find((f) => f.name === '{main}')!
    const fib = ours.functions.find((f) => f.name === 'fib')!
    const ping = ours.functions.find((f) => f.name === 'ping')!
    expect(fib.calls).toBe(20 * 465) // fib(12) makes 465 calls, 20 times
    // Exact: fib is inside {main}, so never more than it, and at least its own cost.
    expect(fib.inclusive[time]).toBeLessThanOrEqual(main.inclusive[time]!)
    expect(fib.inclusive[time]).toBeGreaterThanOrEqual(fib.self[time]!)
    expect(ping.inclusive[time]).toBeLessThanOrEqual(main.inclusive[time]!)
    // callgrind_annotate adds every level's inclusive cost: fib "costs" more than the program.
    const ref = annotate(profile, true)
    const refFib = ref.functions.get(`${fib.file}:fib`)!
    expect(refFib[0]).toBeGreaterThan(ref.totals[0]!)
  })

  it('reads the same profile gzipped, as Xdebug 3.1+ writes it by default', () => {
    const gz = join(out.path, 'copy.out.gz')
    writeFileSync(gz, gzipSync(readFileSync(profile)))
    expect(summary(gz)).toEqual(summary(profile))
  })

  it('says which line of a corrupt or truncated profile is wrong, and exits 1', () => {
    const text = readFileSync(profile, 'utf8')
    const lines = text.split('\n')
    const at = lines.findIndex((l, i) => i > 20 && /^\d+ \d+ \d+$/.test(l))
    lines[at] = `${lines[at]!.split(' ')[0]} 12abc 0`
    const corrupt = join(out.path, 'corrupt.out')
    writeFileSync(corrupt, lines.join('\n'))
    const bad = twb('cachegrind', 'summary', corrupt, '--json')
    expect(bad.code).toBe(1)
    expect(bad.out).toBe('')
    expect(bad.err).toContain(`line ${at + 1}: malformed cost`)

    const cut = join(out.path, 'cut.out')
    writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)))
    const r = twb('cachegrind', 'summary', cut, '--json')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/line \d+: /)
    // What was read is still given.
    expect((JSON.parse(r.out) as Summary).functions.length).toBeGreaterThan(3)

    const notProfile = join(out.path, 'php.ini')
    copyFileSync(join(FIXTURES, 'profiled.php'), notProfile)
    const r2 = twb('cachegrind', 'summary', notProfile)
    expect(r2.code).toBe(1)
    expect(r2.err).toContain('line 1: unrecognised line')
  })
})
