import { openSync, readSync, closeSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readCachegrindHeader, readProfileName } from './cachegrind-header'

function head(path: URL): string {
  const fd = openSync(path, 'r')
  const buf = Buffer.alloc(4096)
  const n = readSync(fd, buf, 0, buf.length, 0)
  closeSync(fd)
  return buf.subarray(0, n).toString('utf8')
}

describe('cachegrind header', () => {
  it('reads the profiled request of a real Xdebug 3 profile', () => {
    const url = new URL(
      '../../../resources/demo/var/log/php/profiler/cachegrind.out.1795872040.18826._tb-slow_php_mode=reverse',
      import.meta.url,
    )
    const h = readCachegrindHeader(head(url))
    expect(h?.version).toBe('1')
    expect(h?.creator).toMatch(/^xdebug 3\.2/)
    expect(h?.cmd).toMatch(/tb-slow\.php$/)
    expect(h?.events).toEqual(['Time_(10ns)', 'Memory_(bytes)'])
  })

  it('says null for text that is not a profile', () => {
    expect(readCachegrindHeader('GET / HTTP/1.1\nHost: x\n')).toBeNull()
  })

  it('reads the request, its start and the worker from the hosting’s file names', () => {
    expect(readProfileName('cachegrind.out.1795872040.18826._tb-slow_php_mode=reverse')).toEqual({
      startedMs: Date.parse('2026-11-28T13:20:40Z'),
      pid: 18826,
      request: '_tb-slow_php_mode=reverse',
    })
    expect(readProfileName('cachegrind.out.1795872040.18735._feed_.gz')?.request).toBe('_feed_')
    // Other patterns (Xdebug's default, a crc32 name) are not guessed at.
    expect(readProfileName('cachegrind.out.18735')).toBeNull()
    expect(readProfileName('cachegrind.out.3091814420')).toBeNull()
  })
})
