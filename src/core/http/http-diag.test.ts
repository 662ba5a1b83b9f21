import { describe, expect, it } from 'vitest'
import type { CacheFetch } from '../../shared/http'
import { backendLeak, diagnoseCache } from './http-diag'

describe('a redirect that leaks the back end', () => {
  it('flags another port on the same host, or an internal host from a public one', () => {
    expect(backendLeak('https://shop.example.com/a', 'http://shop.example.com:8080/a')).toMatch(
      /^Location switches from port 443 to 8080 on the same host: .*ProxyPassReverse/,
    )
    expect(backendLeak('http://127.0.0.1:8081/old', 'http://127.0.0.1:8080/new')).toMatch(
      /from port 8081 to 8080/,
    )
    expect(backendLeak('https://shop.example.com/', 'http://10.0.3.12/wp-admin/')).toMatch(
      /^Location points at an internal host \(10\.0\.3\.12\)/,
    )
    expect(backendLeak('https://shop.example.com/', 'http://web-backend/')).toMatch(/internal host/)
  })

  it('leaves ordinary redirects alone', () => {
    expect(backendLeak('http://shop.example.com/a', 'https://shop.example.com/a')).toBeNull()
    expect(backendLeak('https://shop.example.com/a', '/b')).toBeNull()
    expect(backendLeak('https://example.com/', 'https://www.example.com/')).toBeNull()
    expect(backendLeak('http://127.0.0.1:8081/a', '/b')).toBeNull()
  })
})

describe('stale content', () => {
  const fetch = (variant: CacheFetch['variant'], status: number): CacheFetch => ({
    variant,
    url: 'https://media.shop.example/logo.png',
    status,
    hash: `h${status}`,
    bytes: 10,
    headers: {},
  })
  it('says "not found" for a 404, not "from the origin"', () => {
    const d = diagnoseCache('https://media.shop.example/logo.png', [
      fetch('plain', 404),
      fetch('busted', 404),
    ])
    expect(d.verdicts.map((v) => v.kind)).toEqual(['not-found'])
    expect(d.verdicts[0]!.why).toMatch(/^The URL answers 404 Not Found: there is no file there/)
    // A cached 404 while the file is back: the cache is named.
    const cached = diagnoseCache('https://media.shop.example/logo.png', [
      fetch('plain', 404),
      fetch('busted', 200),
    ])
    expect(cached.verdicts[0]!.next).toMatch(/^Purge the cached error/)
    expect(diagnoseCache('https://x.example/', [fetch('plain', 500)]).verdicts[0]!.kind).toBe(
      'error',
    )
  })
})
