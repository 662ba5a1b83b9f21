import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  createCachegrindParser,
  parseCachegrind,
  ProfileFormatError,
  type ProfileModel,
} from './cachegrind'
import { compareProfiles, timeUnitNs, toProfileView } from './cachegrind-view'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const fn = (m: ProfileModel, name: string) => {
  const f = m.functions.find((x) => x.name === name)
  if (!f) throw new Error(`no function ${name}`)
  return f
}

// Xdebug 3 shape: {main} calls fact(3) → fact(2) → fact(1), and strlen once.
// Each block is one finished call; children come before their parent.
const RECURSIVE = `version: 1
creator: xdebug 3.2.0 (PHP 8.2.36)
cmd: /site/fact.php
part: 1
positions: line

events: Time_(10ns) Memory_(bytes)

fl=(1) /site/fact.php
fn=(1) fact
2 10 8

fl=(1)
fn=(1)
2 20 8
cfl=(1)
cfn=(1)
calls=1 0 0
3 10 8

fl=(2) php:internal
fn=(2) php::strlen
4 5 0

fl=(1)
fn=(1)
2 30 8
cfl=(1)
cfn=(1)
calls=1 0 0
3 30 16
cfl=(2)
cfn=(2)
calls=1 0 0
4 5 0

fl=(1)
fn=(3) {main}
1 100 64
cfl=(1)
cfn=(1)
calls=1 0 0
7 65 24

summary: 170 88
`

describe('cachegrind parser', () => {
  it('reads the header, names, back-references and totals', () => {
    const m = parseCachegrind(enc(RECURSIVE))
    expect(m.creator).toBe('xdebug 3.2.0 (PHP 8.2.36)')
    expect(m.cmd).toBe('/site/fact.php')
    expect(m.events).toEqual(['Time_(10ns)', 'Memory_(bytes)'])
    expect(m.totals).toEqual([170, 88])
    expect(m.functions.map((f) => f.name).sort()).toEqual(['fact', 'php::strlen', '{main}'])
    expect(fn(m, 'php::strlen').file).toBe('php:internal')
    expect(fn(m, 'fact').file).toBe('/site/fact.php')
    expect(m.truncated).toBeUndefined()
  })

  it('counts recursion once in inclusive cost, from the rebuilt call tree', () => {
    const m = parseCachegrind(enc(RECURSIVE))
    const fact = fn(m, 'fact')
    expect(fact.calls).toBe(3)
    expect(fact.self).toEqual([60, 24])
    // The outermost fact() costs 65: the nested calls (30 and 10) are inside it. Summing
    // every call's inclusive cost, as callgrind_annotate does, would say 65 + 30 + 10 = 105.
    expect(fact.inclusive).toEqual([65, 24])
    expect(fn(m, '{main}').inclusive).toEqual([165, 88])
    expect(m.tree).not.toBeNull()
    const main = m.tree!.children[0]!
    expect(m.functions[main.fn]!.name).toBe('{main}')
    const f3 = main.children[0]!
    expect(f3.inclusive).toEqual([65, 24])
    // fact(3) has two children: fact(2) and strlen.
    expect(f3.children.map((c) => m.functions[c.fn]!.name).sort()).toEqual(['fact', 'php::strlen'])
    const f2 = f3.children.find((c) => m.functions[c.fn]!.name === 'fact')!
    expect(f2.children[0]!.inclusive).toEqual([10, 8])
  })

  it('keeps callers and callees with their call counts and costs', () => {
    const m = parseCachegrind(enc(RECURSIVE))
    const idx = (name: string): number => m.functions.findIndex((f) => f.name === name)
    const e = m.edges.find((x) => x.caller === idx('fact') && x.callee === idx('fact'))!
    expect(e.calls).toBe(2)
    expect(e.cost).toEqual([40, 24])
    const toMain = m.edges.find((x) => x.caller === idx('{main}'))!
    expect(toMain.callee).toBe(idx('fact'))
  })

  it('gives the same model whatever the chunk boundaries', () => {
    const whole = parseCachegrind(enc(RECURSIVE))
    const bytes = enc(RECURSIVE.replaceAll('\n', '\r\n'))
    const parser = createCachegrindParser()
    for (let i = 0; i < bytes.length; i += 7) parser.push(bytes.subarray(i, i + 7))
    const chunked = parser.end()
    expect(chunked.functions).toEqual(whole.functions)
    expect(chunked.totals).toEqual(whole.totals)
    expect(chunked.tree).toEqual(whole.tree)
  })

  it('reads Xdebug 2 files: names in full, summary inside {main}, microseconds', () => {
    const x2 = `version: 1
creator: xdebug 2.5.5 (PHP 7.0.33)
cmd: /site/index.php
part: 1
positions: line

events: Time Memory

fl=php:internal
fn=php::usleep
3 2000 -16

fl=/site/index.php
fn={main}

summary: 2100 100

0 100 116
cfl=php:internal
cfn=php::usleep
calls=1 0 0
3 2000 -16
`
    const m = parseCachegrind(enc(x2))
    expect(m.totals).toEqual([2100, 100])
    expect(fn(m, 'php::usleep').self).toEqual([2000, -16])
    expect(fn(m, '{main}').inclusive).toEqual([2100, 116])
    expect(m.tree).not.toBeNull()
    expect(timeUnitNs(m.events[0]!)).toBe(1000)
    expect(timeUnitNs('Time_(10ns)')).toBe(10)
    expect(timeUnitNs('Memory_(bytes)')).toBeNull()
  })

  it('adds up runs appended to one file', () => {
    const run = RECURSIVE.slice(RECURSIVE.indexOf('version:'))
    const twice = `${run}\n==== NEW PROFILING FILE ==============================\n${run}`
    const m = parseCachegrind(enc(twice))
    expect(m.runs).toBe(2)
    expect(m.totals).toEqual([340, 176])
    expect(fn(m, 'fact').calls).toBe(6)
    expect(fn(m, 'fact').inclusive).toEqual([130, 48])
    expect(m.tree!.children).toHaveLength(1) // both {main} merged by path
    expect(m.tree!.children[0]!.calls).toBe(2)
  })

  it('reports a corrupt line with its number', () => {
    const bad = RECURSIVE.replace('2 20 8', '2 2x0 8')
    expect(() => parseCachegrind(enc(bad))).toThrow(ProfileFormatError)
    try {
      parseCachegrind(enc(bad))
    } catch (err) {
      expect((err as ProfileFormatError).line).toBe(15)
      expect((err as Error).message).toBe('line 15: malformed cost')
    }
    expect(() => parseCachegrind(enc(RECURSIVE.replace('cfn=(2)\n', 'cfn=(9)\n')))).toThrow(
      /line 33: name \(9\) used before it is defined/,
    )
    expect(() => parseCachegrind(enc('hello world\n'))).toThrow(/line 1: unrecognised line/)
    expect(() => parseCachegrind(enc('<?php echo 1;\n'))).toThrow(ProfileFormatError)
    expect(() => parseCachegrind(gzipSync(enc(RECURSIVE)))).toThrow(ProfileFormatError)
  })

  it('keeps what a truncated file holds and says where it stops', () => {
    const cut = RECURSIVE.slice(0, RECURSIVE.indexOf('fn=(3) {main}'))
    const m = parseCachegrind(enc(cut))
    expect(m.truncated).toMatchObject({ message: expect.stringContaining('no summary') })
    expect(fn(m, 'fact').self).toEqual([60, 24])
    expect(m.totals).toEqual([65, 24]) // the costs read, as no summary says otherwise
    const midLine = parseCachegrind(enc(RECURSIVE.slice(0, RECURSIVE.indexOf('3 30 16') + 3)))
    expect(midLine.truncated).toBeDefined()
  })

  it('falls back to the edge graph when the blocks are not one call each', () => {
    // Aggregated: fact's callee entries do not match the calls finished before.
    const agg = RECURSIVE.replace(
      'cfl=(2)\ncfn=(2)\ncalls=1 0 0\n4 5 0\n',
      'cfl=(2)\ncfn=(2)\ncalls=2 0 0\n4 5 0\ncfl=(2)\ncfn=(2)\ncalls=1 0 0\n4 1 0\n',
    )
    const m = parseCachegrind(enc(agg))
    expect(m.tree).toBeNull()
    expect(m.treeIssue).toMatch(/line \d+: /)
    const view = toProfileView(m)
    expect(view.flameExact).toBe(false)
    expect(view.flame.children[0]!.name).toBe('{main}')
  })
})

describe('cachegrind on real Xdebug 3 profiles', () => {
  const dir = new URL('../../../resources/demo/var/log/php/profiler/', import.meta.url)
  const file = (name: string): Uint8Array => readFileSync(new URL(name, dir))

  it('rebuilds the exact tree of a WordPress request', () => {
    const m = parseCachegrind(file('cachegrind.out.1795872040.18736._wp-admin_edit-comments_php'))
    expect(m.tree).not.toBeNull()
    expect(m.totals).toEqual([8467789, 3726136])
    // Values checked against callgrind_annotate on this file (test/integration/cachegrind).
    expect(fn(m, 'php::mysqli_query').self).toEqual([518909, 599344])
    const main = fn(m, '{main}')
    expect(main.inclusive[0]).toBeLessThanOrEqual(m.totals[0]!)
    // No function costs more than the whole request, recursion or not.
    for (const f of m.functions) expect(f.inclusive[0]).toBeLessThanOrEqual(main.inclusive[0]!)
  })

  it('shows where the slow request waits', () => {
    const m = parseCachegrind(file('cachegrind.out.1795872040.18826._tb-slow_php_mode=reverse'))
    const view = toProfileView(m)
    expect(view.flameExact).toBe(true)
    const top = [...m.functions].sort((a, b) => b.self[0]! - a.self[0]!)[0]!
    expect(top.name).toBe('php::curl_exec')
    expect(view.functions.find((f) => f.name === 'php::curl_exec')!.internal).toBe(true)
    const mainNode = view.flame.children[0]!
    expect(mainNode.name).toBe('{main}')
    expect(mainNode.value).toBe(fn(m, '{main}').inclusive[0])
  })
})

describe('comparing two profiles', () => {
  it('lists per function changes of self time, biggest first, in the same time unit', () => {
    const row = (name: string, self: number) => ({
      name,
      file: '/site/a.php',
      line: 1,
      calls: 1,
      self: [self, 0],
      inclusive: [self, 0],
      internal: false,
    })
    // Before: Xdebug 2 (µs); after: Xdebug 3 (10 ns units).
    const before = {
      timeUnitNs: [1000, null],
      functions: [row('slow', 500), row('same', 10), row('gone', 2)],
    }
    const after = {
      timeUnitNs: [10, null],
      functions: [row('slow', 20000), row('same', 1000), row('new', 300)],
    }
    const rows = compareProfiles(before, after)
    expect(rows.map((r) => [r.name, r.delta])).toEqual([
      ['slow', -30000],
      ['new', 300],
      ['gone', -200],
    ])
    expect(rows[2]).toMatchObject({ before: 200, after: null })
  })
})
