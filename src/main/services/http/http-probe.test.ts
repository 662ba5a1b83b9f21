import { describe, expect, it } from 'vitest'
import { curlUserLine, sameOrigin } from './http-probe'

describe('where a preprod login may go', () => {
  const u = (s: string): URL => new URL(s)
  it('only to the same scheme, host and port', () => {
    expect(sameOrigin(u('https://pre.example.test/a'), u('https://pre.example.test/b'))).toBe(true)
    expect(sameOrigin(u('https://pre.example.test:443/'), u('https://PRE.example.test/'))).toBe(
      true,
    )
    // An HTTPS page redirecting to http:// on the same host: the login would travel in clear.
    expect(sameOrigin(u('http://pre.example.test/'), u('https://pre.example.test/'))).toBe(false)
    expect(sameOrigin(u('http://h:8081/'), u('http://h:8080/'))).toBe(false)
    expect(sameOrigin(u('https://media.example.test/'), u('https://example.test/'))).toBe(false)
  })

  it('reaches curl as a config line that keeps quotes and backslashes', () => {
    expect(curlUserLine('pre"view', 'a\\b c')).toBe('user = "pre\\"view:a\\\\b c"')
  })
})
