import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { detectErrorFormat } from './error-log'
import { exploreErrors } from './error-explore'

const lines = (path: string): string[] =>
  readFileSync(new URL(`../../../resources/demo/var/log/${path}`, import.meta.url), 'utf8').split(
    '\n',
  )

describe('error log exploration', () => {
  it('keeps stack traces with their error, counts levels over time, places local times', () => {
    const php = lines('php/www.error.log')
    const format = detectErrorFormat(php)!
    const x = exploreErrors(php, format)
    expect(x.total).toBeGreaterThan(0)
    // A PHP fatal error (an error: it ends one request) with its stack trace: one entry.
    const fatal = x.entries.find((e) => e.message.startsWith('Uncaught RuntimeException'))!
    expect(fatal.level).toBe('error')
    expect(fatal.more[0]).toBe('Stack trace:')
    expect(fatal.more.at(-1)).toMatch(/^ {2}thrown in .* on line 103$/)
    const counted = x.histogram.buckets.reduce((n, b) => n + b.error + b.warning + b.other, 0)
    expect(counted).toBe(x.entries.filter((e) => e.time !== null).length)
    expect(Object.values(x.byLevel).reduce((a, b) => a + b, 0)).toBe(x.total)
  })

  it('places zone-less times with the server zone', () => {
    const nginx = lines('nginx/error.log.1')
    const format = detectErrorFormat(nginx)!
    const utc = exploreErrors(nginx, format)
    const paris = exploreErrors(nginx, format, { zoneMinutes: 60 })
    expect(utc.zoneless).toBe(true)
    expect(paris.first).toBe(utc.first! - 3_600_000)
    expect(exploreErrors(nginx, format, { maxEntries: 2 }).entries).toEqual(utc.entries.slice(-2))
  })
})
