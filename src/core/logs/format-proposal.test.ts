import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { proposeFormat } from './format-proposal'

const LOGS = new URL('../../../resources/demo/var/log/', import.meta.url)
const lines = (path: string): string[] =>
  readFileSync(new URL(path, LOGS), 'utf8').split('\n').filter(Boolean)

describe('a custom format proposed from a sample line', () => {
  it('reads a custom nginx log_format: the combined fields, then its key=value timings', () => {
    const all = [...lines('nginx/access_timed.log'), ...lines('nginx/access_timed.log.1')]
    const p = proposeFormat(all[0]!)
    expect(p.fields.map((f) => [f.name, f.type])).toEqual([
      ['ip', 'ip'],
      ['time', 'time'],
      ['request', 'request'],
      ['status', 'status'],
      ['bytes', 'bytes'],
      ['referer', 'text'],
      ['agent', 'text'],
      ['xff', 'ip'],
      ['host', 'ip'],
      ['rt', 'duration'],
      ['uct', 'duration'],
      ['uht', 'duration'],
      ['urt', 'duration'],
      ['ups', 'text'],
      ['rid', 'text'],
    ])
    // The proposal reads every line of the file and its rotation, each field where it belongs.
    const re = new RegExp(p.pattern)
    for (const l of all) expect(re.test(l), l).toBe(true)
    expect(re.exec(all[0]!)!.groups).toMatchObject({
      ip: '127.0.0.1',
      time: '28/Nov/2026:14:22:35 +0100',
      request: 'GET /shipping/ HTTP/1.1',
      status: '200',
      rt: '0.023',
    })
  })

  it('reads a HAProxy line: two times, the client address without its port, numbers', () => {
    const all = lines('haproxy/haproxy.log')
    const p = proposeFormat(all[0]!)
    const names = p.fields.map((f) => f.name)
    expect(names.slice(0, 3)).toEqual(['time', 'ip', 'time2'])
    expect(names).toContain('request')
    const re = new RegExp(p.pattern)
    // Lines of the same shape match (a 408 with "<BADREQ>" and cR-- is another shape).
    const read = all.filter((l) => re.test(l)).length
    expect(read).toBeGreaterThan(all.length * 0.9)
    expect(re.exec(all[0]!)!.groups!.ip).toBe('127.0.0.1')
  })

  it('keeps what it does not recognise as literal text, escaped', () => {
    const p = proposeFormat('app[42]: (cache) hit 12ms key="a.b"')
    expect(p.fields.map((f) => [f.name, f.type, f.sample])).toEqual([
      ['duration', 'duration', '12ms'],
      ['key', 'text', 'a.b'],
    ])
    expect(new RegExp(p.pattern).test('app[7]: (cache) hit 3ms key="x"')).toBe(true)
    expect(new RegExp(p.pattern).test('app[7]: cache hit 3ms key="x"')).toBe(false)
  })

  it('checks the values: a time is not an address, a user agent is not a referer', () => {
    // Syslog-like: a time of day alone stays literal, the real address is the ip.
    const syslog = proposeFormat('Nov 28 14:22:35 web1 10.0.0.7 GET /x 200')
    expect(syslog.fields.filter((f) => f.type === 'ip').map((f) => f.sample)).toEqual(['10.0.0.7'])
    expect(new RegExp(syslog.pattern).test('Nov 28 09:01:02 web1 10.0.0.9 GET /x 404')).toBe(true)
    // IPv6 still read as an address.
    expect(proposeFormat('2001:db8::1 - x').fields[0]).toMatchObject({ name: 'ip', type: 'ip' })
    // No referer logged: the quoted user agent is named agent, not referer.
    const noReferer = proposeFormat(
      '1.2.3.4 - - [28/Nov/2026:14:22:35 +0100] "GET / HTTP/1.1" 200 512 "Mozilla/5.0 (X11; Linux x86_64)"',
    )
    expect(noReferer.fields.map((f) => f.name)).toEqual([
      'ip',
      'time',
      'request',
      'status',
      'bytes',
      'agent',
    ])
    // Something else quoted after the bytes keeps a neutral name.
    const other = proposeFormat('1.2.3.4 "GET / HTTP/1.1" 200 512 "shop-42" "-"')
    expect(other.fields.map((f) => f.name).slice(-2)).toEqual(['quoted1', 'referer'])
  })
})
