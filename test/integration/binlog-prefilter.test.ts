// The server-side pre-filters of mysqlbinlog's text (issue #20) give exactly the events the
// parser alone gives, on real decoded binlogs (the fixtures and the demo's binlogs decoded here by
// mysqlbinlog) and random filters: the awk one with each awk a jail may have (mawk, gawk,
// busybox), and MariaDB mysqlbinlog's own --table.
import { execFileSync, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ChangeEvent, ChangeFilter, ChangeType } from '../../src/shared/binlog'
import { decodeBinlog, PREFILTER_AWK, prefilterEnv } from '../../src/core/binlog'
import { APP_ROOT } from '../harness/app'
import { random } from '../harness/random'

const FIXTURES = join(APP_ROOT, 'test/fixtures/mysqlbinlog')
const DEMO = join(APP_ROOT, 'resources/demo/var/log/mysql')

function decode(text: string, filter: ChangeFilter, file: string): ChangeEvent[] {
  const out: ChangeEvent[] = []
  const parser = decodeBinlog(filter, { change: (e) => out.push(e) }, { file })
  parser.push(text)
  parser.end()
  return out
}

const texts: [string, string][] = [
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .map((f): [string, string] => [f, readFileSync(join(FIXTURES, f), 'utf8')]),
  ...readdirSync(DEMO)
    .filter((f) => /-bin\.\d+$/.test(f))
    .map((f): [string, string] => [
      f,
      execFileSync(
        'mysqlbinlog',
        ['--no-defaults', '--base64-output=DECODE-ROWS', '-vv', join(DEMO, f)],
        { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 256 << 20 },
      ).toString('utf8'),
    ]),
]

const awks = ['mawk', 'gawk', 'busybox'].filter(
  (a) => spawnSync('sh', ['-c', `command -v ${a}`]).status === 0,
)

function prefiltered(awk: string, text: string, env: Record<string, string>): string {
  const argv = awk === 'busybox' ? ['awk', PREFILTER_AWK] : [PREFILTER_AWK]
  return execFileSync(awk, argv, {
    input: text,
    env: { ...process.env, ...env },
    maxBuffer: 256 << 20,
  }).toString('utf8')
}

describe('the binlog pre-filter on the server', () => {
  it('has real texts and an awk to run', () => {
    expect(texts.length).toBeGreaterThanOrEqual(8)
    expect(awks).toContain('mawk')
  })

  it('gives the events of the parser alone, for random filters on every real text', () => {
    const r = random(42)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
    const TYPES: ChangeType[] = ['insert', 'update', 'delete', 'ddl', 'other']
    let compared = 0
    let dropped = 0
    for (const [name, text] of texts) {
      // The tables the text changes, by its row headers.
      const tables = [
        ...new Set(
          [...text.matchAll(/^### (?:INSERT INTO|UPDATE|DELETE FROM) `([^`]+)`\.`([^`]+)`/gm)].map(
            (m) => `${m[1]}.${m[2]}`,
          ),
        ),
      ]
      if (tables.length === 0) continue
      for (let k = 0; k < 18; k++) {
        const full = pick(tables)
        const [db, table] = full.split('.') as [string, string]
        const filter: ChangeFilter = {}
        const shape = k % 6
        const cut = 1 + Math.floor(r() * (table.length - 1))
        if (shape === 0) filter.table = full
        if (shape === 1) filter.table = table
        if (shape === 2) filter.table = `${db}.*`
        if (shape === 3 || r() < 0.5) filter.types = TYPES.filter(() => r() < 0.4)
        // Names with a star: `*_options`, `db.shop_*`, `*o*`.
        if (shape === 4) filter.table = `*${table.slice(cut)}`
        if (shape === 5)
          filter.table = r() < 0.5 ? `${db}.${table.slice(0, cut)}*` : `*${table[cut]}*`
        if (k === 17) filter.table = 'nosuchdb.nosuchtable'
        const env = prefilterEnv(filter)
        if (!env) continue
        const expected = decode(text, filter, name)
        for (const awk of awks) {
          const kept = prefiltered(awk, text, env)
          expect(decode(kept, filter, name), `${name} ${JSON.stringify(filter)} (${awk})`).toEqual(
            expected,
          )
          dropped += text.length - kept.length
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(100)
    // It does drop text: what crosses the wire and is parsed is less.
    expect(dropped).toBeGreaterThan(0)
  })

  it('mysqlbinlog’s own --table gives the events of the parser alone, for every table of the demo’s binlogs', () => {
    let compared = 0
    for (const f of readdirSync(DEMO).filter((n) => /-bin\.\d+$/.test(n))) {
      const decodeWith = (...extra: string[]): string =>
        execFileSync(
          'mysqlbinlog',
          ['--no-defaults', '--base64-output=DECODE-ROWS', '-vv', ...extra, join(DEMO, f)],
          { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 256 << 20 },
        ).toString('utf8')
      const all = decodeWith()
      const tables = [
        ...new Set(
          [...all.matchAll(/^### (?:INSERT INTO|UPDATE|DELETE FROM) `([^`]+)`\.`([^`]+)`/gm)].map(
            (m) => `${m[1]}.${m[2]}`,
          ),
        ),
        'shopdb.nosuchtable',
      ]
      for (const full of tables) {
        const table = full.split('.')[1]!
        const only = decodeWith(`--table=${table}`)
        for (const filter of [
          { table: full },
          { table },
          { table: full, types: ['update' as const, 'delete' as const] },
        ]) {
          expect(decode(only, filter, f), `${f} ${JSON.stringify(filter)}`).toEqual(
            decode(all, filter, f),
          )
          compared++
        }
        if (!full.endsWith('nosuchtable')) expect(only.length).toBeLessThan(all.length)
      }
    }
    expect(compared).toBeGreaterThan(30)
  })

  it('drops nothing it is not sure of: a filter on a table keeps every statement and header', () => {
    const [name, text] = texts.find(([n]) => n.startsWith('mariadb-bin.000002'))!
    const env = prefilterEnv({ table: 'shopdb.shop_options' })!
    const kept = prefiltered('mawk', text, env)
    const notRows = (t: string): string[] => t.split('\n').filter((l) => !l.startsWith('### '))
    expect(notRows(kept)).toEqual(notRows(text))
    expect(kept.length, name).toBeLessThan(text.length)
    expect(prefilterEnv({ text: 'x' })).toBeNull()
  })
})
