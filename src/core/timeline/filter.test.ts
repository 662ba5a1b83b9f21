import { describe, expect, it } from 'vitest'
import type { TimelineRecord } from '../../shared/timeline'
import { NO_FILTER, recordPasses, textPattern } from './filter'

const record = (text: string, over: Partial<TimelineRecord> = {}): TimelineRecord => ({
  time: 0,
  source: '/var/log/nginx/access.log',
  file: '/var/log/nginx/access.log',
  kind: 'access',
  ms: false,
  text,
  ...over,
})

describe('a timeline filter’s text', () => {
  const line = record('GET /Catalog/item-57?x=1 HTTP/2.0 502')
  it('is words in any case', () => {
    expect(recordPasses(line, { ...NO_FILTER, text: 'catalog/ITEM-57' })).toBe(true)
    expect(recordPasses(line, { ...NO_FILTER, text: 'item-58' })).toBe(false)
  })
  it('is a regular expression in any case when asked', () => {
    const re = (text: string): boolean => recordPasses(line, { ...NO_FILTER, text, regex: true })
    expect(re('^get /catalog/item-\\d+\\?')).toBe(true)
    expect(re('item-5[0-6]\\?')).toBe(false)
    expect(re('50[0-9]$')).toBe(true)
    // The same words, not a pattern: a dot is any character only in a pattern.
    expect(re('item-57.x')).toBe(true)
    expect(recordPasses(line, { ...NO_FILTER, text: 'item-57.x' })).toBe(false)
  })
  it('does not find the table of a binlog record by a pattern on the text', () => {
    const change = record('UPDATE 1 row', { kind: 'binlog', table: 'shopdb.wp_options' })
    expect(recordPasses(change, { ...NO_FILTER, text: 'options$', regex: true })).toBe(false)
    expect(recordPasses(change, { ...NO_FILTER, text: 'row$', regex: true })).toBe(true)
  })
  it('refuses a pattern that is not one, or that could run forever', () => {
    expect(textPattern('item-(5')).toMatch(/^Not a regular expression: /)
    expect(textPattern('(a+)+$')).toMatch(/repeats inside/)
    expect(textPattern('a+b')).toBeInstanceOf(RegExp)
    expect(() => recordPasses(line, { ...NO_FILTER, text: '(x', regex: true })).toThrow(
      /Not a regular expression/,
    )
  })
})
