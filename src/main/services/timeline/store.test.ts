import { afterEach, describe, expect, it } from 'vitest'
import type { TimelineFilter, TimelineRecord } from '../../../shared/timeline'
import { JUMPS, mergeRecords, NO_FILTER, recordPasses, severity } from '../../../core/timeline'
import { random } from '../../../../test/harness/random'
import { TimelineStore } from './store'

const SOURCES = ['/var/log/nginx/access.log', '/var/log/php/error.log', '/var/log/mysql', 'slow']
const LEVELS = ['critical', 'error', 'warning', 'notice', 'info', 'debug'] as const
const TABLES = ['shop_options', 'shop_postmeta', 'wp_users']

/** Records of every kind, nearly in time order per source (a log writes when a request ends). */
function sourceRecords(r: () => number, source: string, n: number): TimelineRecord[] {
  const out: TimelineRecord[] = []
  for (let i = 0; i < n; i++) {
    const time = 1_700_000_000_000 + i * 500 + Math.floor(r() * 3000) // ties and disorder
    const base = { time, ms: r() < 0.5, source, file: `${source}.${i % 2}` }
    const pick = Math.floor(r() * 5)
    if (pick === 0)
      out.push({
        ...base,
        kind: 'access',
        status: [200, 301, 404, 502][i % 4]!,
        text: `GET /p/${i} é`,
      })
    else if (pick === 1)
      out.push({
        ...base,
        kind: 'error',
        level: LEVELS[i % 6]!,
        text: `PHP Warning ${i}`,
        more: ['#0 a', '#1 b'],
      })
    else if (pick === 2)
      out.push({
        ...base,
        kind: 'binlog',
        table: TABLES[i % 3]!,
        type: 'update',
        pos: 4 + i,
        text: `UPDATE row ${i}`,
      })
    else if (pick === 3)
      out.push({ ...base, kind: 'slow', text: `slow.php ${i}`, more: ['usleep()'] })
    else out.push({ ...base, kind: 'integrity', text: `block ${i}` })
  }
  return out
}

const stores: TimelineStore[] = []
afterEach(() => {
  for (const s of stores.splice(0)) s.close()
})
function storeOf(lists: TimelineRecord[][]): TimelineStore {
  const store = new TimelineStore('test')
  stores.push(store)
  for (const list of lists) store.add(list)
  store.seal()
  return store
}

describe('the timeline store', () => {
  const r = random(21)
  const lists = SOURCES.map((s) => sourceRecords(r, s, 3000))
  const merged = mergeRecords(lists)
  const filters: TimelineFilter[] = [
    NO_FILTER,
    { ...NO_FILTER, text: 'GET /P/1' },
    { ...NO_FILTER, problems: true },
    { ...NO_FILTER, status: 5 },
    { ...NO_FILTER, level: 'error', hidden: ['slow'] },
    { ...NO_FILTER, table: 'postmeta' },
    { ...NO_FILTER, text: 'options', narrow: [merged[500]!.time, merged[4000]!.time] },
  ]

  it('keeps what the filter keeps, in the order of the merge, page by page', () => {
    const store = storeOf(lists)
    expect(store.total).toBe(merged.length)
    for (const f of filters) {
      const want = merged.filter((x) => recordPasses(x, f))
      const got = store.rows(f, 0, 5000)
      expect(got.total, JSON.stringify(f)).toBe(want.length)
      expect(want.length).toBeGreaterThan(0)
      const pages: TimelineRecord[] = []
      for (let start = 0; start < got.total; start += 997)
        pages.push(...store.rows(f, start, 997).rows.map(({ id: _id, ...x }) => x))
      expect(pages).toEqual(want)
    }
  })

  it('jumps where a scan of the kept records stops', () => {
    const store = storeOf(lists)
    for (const f of [NO_FILTER, filters[4]!]) {
      const kept = merged.filter((x) => recordPasses(x, f))
      for (const to of ['error', '5xx', 'write', 'slow'] as const) {
        for (const from of [-1, 10, 900, kept.length - 1]) {
          let want = -1
          for (let k = from + 1; k < kept.length; k++)
            if (JUMPS[to](kept[k]!)) {
              want = k
              break
            }
          expect(store.jump(f, from, to, false), `${to} after ${from}`).toBe(want)
        }
        let last = -1
        kept.forEach((x, k) => JUMPS[to](x) && (last = k))
        expect(store.jump(f, kept.length, to, true)).toBe(last)
      }
    }
  })

  it('counts each source’s records per slice, errors and warnings apart', () => {
    const store = storeOf(lists)
    const from = merged[0]!.time
    const to = merged.at(-1)!.time
    const strips = store.strips(SOURCES, from, to)
    const step = (to - from) / strips.buckets
    for (const row of strips.rows) {
      const mine = merged.filter((x) => x.source === row.source)
      expect(row.all.reduce((a, b) => a + b, 0)).toBe(mine.length)
      expect(row.bad.reduce((a, b) => a + b, 0)).toBe(
        mine.filter((x) => severity(x) === 'bad').length,
      )
      const b = Math.min(strips.buckets - 1, Math.floor((mine[7]!.time - from) / step))
      expect(row.all[b]).toBe(
        mine.filter((x) => Math.min(strips.buckets - 1, Math.floor((x.time - from) / step)) === b)
          .length,
      )
    }
  })

  it('adds what the next read found, in its place, each line once however the reads overlap', () => {
    const at = (time: number, text: string, source = 'a'): TimelineRecord => ({
      time,
      ms: false,
      source,
      file: source,
      kind: 'access',
      text,
    })
    const store = storeOf([[at(1000, 'x'), at(2000, 'y'), at(2000, 'y'), at(3000, 'z')]])
    // The next read starts at 2000: it sees both y lines again, a z, a late line of 2500 from
    // another source, and new ones.
    const next = [
      at(2000, 'y'),
      at(2000, 'y'),
      at(2500, 'late', 'b'),
      at(3000, 'z'),
      at(4000, 'w'),
      at(4000, 'w'),
    ]
    expect(store.follow(next, 2000)).toBe(3)
    const texts = (): string[] =>
      store.rows(NO_FILTER, 0, 100).rows.map((x) => `${x.time}${x.text}`)
    expect(texts()).toEqual(['1000x', '2000y', '2000y', '2500late', '3000z', '4000w', '4000w'])
    // A third y at 2000 is a new line (written since): added.
    expect(store.follow([at(2000, 'y'), at(2000, 'y'), at(2000, 'y')], 2000)).toBe(1)
    expect(store.follow([], 2000)).toBe(0)
    expect(texts()).toHaveLength(8)
  })

  it('keeps a record as it was given: texts in any script, folded lines, fields', () => {
    const odd: TimelineRecord = {
      time: 5,
      ms: true,
      source: 's',
      file: 'f',
      kind: 'error',
      level: 'warning',
      text: 'naïve \u0000 tab\there 日本 🚀',
      more: ['', 'line "quoted"\\'],
    }
    const store = storeOf([[odd]])
    expect(store.rows(NO_FILTER, 0, 1).rows).toEqual([{ id: 0, ...odd }])
    expect(store.rows({ ...NO_FILTER, text: '日本 🚀' }, 0, 1).total).toBe(1)
    expect(store.rows({ ...NO_FILTER, text: 'NAÏVE' }, 0, 1).total).toBe(1)
  })
})
