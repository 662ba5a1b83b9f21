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
})
