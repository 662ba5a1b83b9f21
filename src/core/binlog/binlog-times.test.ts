import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { binlogFirstTime, binlogLastTime, isBinlog } from './binlog-times'
import { eventTimes } from './mysqlbinlog-text'

const demo = (n: number): Buffer =>
  readFileSync(
    new URL(`../../../resources/demo/var/log/mysql/mariadb-bin.00000${n}`, import.meta.url),
  )
const text = (n: number): string =>
  readFileSync(
    new URL(`../../../test/fixtures/mysqlbinlog/mariadb-bin.00000${n}.vv.txt`, import.meta.url),
    'utf8',
  )

describe('binlog first and last event times from head and tail bytes', () => {
  // The fixtures hold mysqlbinlog's text of files 2 to 4.
  for (const n of [2, 3, 4]) {
    it(`matches mysqlbinlog on the demo's mariadb-bin.00000${n}`, () => {
      const file = demo(n)
      const times = eventTimes(text(n))
      expect(isBinlog(file)).toBe(true)
      expect(binlogFirstTime(file.subarray(0, 256))).toBe(times[0])
      // Only the last 4 KB of the file.
      const start = Math.max(0, file.length - 4096)
      expect(binlogLastTime(file.subarray(start), start, file.length)).toBe(times.at(-1))
    })
  }

  it('takes the last whole event of a file cut in the middle of one', () => {
    const file = demo(2)
    const cut = file.subarray(0, file.length - 20)
    const start = cut.length - 4096
    const last = binlogLastTime(cut.subarray(start), start, cut.length)
    expect(last).not.toBeNull()
    expect(last).toBeLessThanOrEqual(eventTimes(text(2)).at(-1)!)
  })

  it('says nothing for what is not a binlog', () => {
    const junk = Buffer.from('not a binlog at all, just text\n'.repeat(10))
    expect(isBinlog(junk)).toBe(false)
    expect(binlogFirstTime(junk)).toBeNull()
  })
})
