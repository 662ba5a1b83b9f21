// Access log counts read by two threads, built-in and custom formats, and the CLI with the
// formats saved in the app.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { accessStats } from '../../src/main/services/logs/access-stats'
import { localSource } from '../../src/main/services/platform/sources'
import { ACCESS_FORMATS, createAccessStats } from '../../src/core/logs/access-log'
import { compileCustomFormat } from '../../src/core/logs/custom-format'
import { proposeFormat } from '../../src/core/logs/format-proposal'
import { APP_ROOT } from '../harness/app'
import { tempDir } from '../harness/process'
import { cliRunner } from '../harness/cli'

const work = tempDir('access-stats')
afterAll(() => work.remove())
const worker = join(APP_ROOT, 'out', 'main', 'part-worker.js')
const demo = (path: string): string =>
  readFileSync(join(APP_ROOT, 'resources/demo/var/log', path), 'utf8')

/**
 * `copies` of a log's lines, some broken (`broken: ` before them, which no format reads: a bare
 * word would be a virtual host), some with CRLF, as one file.
 */
function bigLog(name: string, text: string, copies: number): string {
  const lines = text.trim().split('\n')
  const out: string[] = []
  for (let k = 0; k < copies; k++)
    lines.forEach((l, i) =>
      out.push(k % 97 === 0 && i === 3 ? `broken: ${l}` : k % 13 === 0 ? `${l}\r` : l),
    )
  const file = join(work.path, name)
  writeFileSync(file, out.join('\n') + '\n')
  return file
}

describe('access log counts', () => {
  it('gives with two threads what the pattern gives line by line, and fails with its worker', async () => {
    expect(existsSync(worker)).toBe(true)
    for (const [name, format, text] of [
      ['access.log', 'combined', demo('nginx/access.log.1')],
      ['haproxy.log', 'haproxy-http', demo('haproxy/haproxy.log')],
    ] as const) {
      const file = bigLog(name, text, 400)
      const f = ACCESS_FORMATS.find((x) => x.name === format)!
      const reference = createAccessStats(f)
      for (const l of readFileSync(file, 'utf8').split('\n'))
        reference.line(l.endsWith('\r') ? l.slice(0, -1) : l)
      const expected = reference.result()
      expect(expected.unparsed).toBe(5)
      const one = await accessStats([localSource(file)], f)
      const two = await accessStats([localSource(file)], f, { worker, splitMinBytes: 1 })
      expect(one).toEqual(expected)
      expect(two).toEqual(expected)
    }
    const failing = join(work.path, 'failing-worker.js')
    writeFileSync(
      failing,
      "require('node:worker_threads').parentPort.postMessage({ error: 'worker says no' })",
    )
    const file = join(work.path, 'access.log')
    await expect(
      accessStats([localSource(file)], ACCESS_FORMATS[2]!, { worker: failing, splitMinBytes: 1 }),
    ).rejects.toThrow(/worker says no/)
  })

  it('reads a custom format in the worker thread too', async () => {
    const text = demo('nginx/access_iso.log')
    const p = proposeFormat(text.split('\n')[0]!)
    const def = { name: 'nginx-iso', pattern: p.pattern, fields: p.fields }
    const file = bigLog('iso.log', text, 300)
    const format = compileCustomFormat(def)
    const one = await accessStats([localSource(file)], format)
    const two = await accessStats([localSource(file)], format, {
      worker,
      splitMinBytes: 1,
      custom: def,
    })
    expect(one).toMatchObject({ format: 'nginx-iso', lines: 12_000, unparsed: 4 })
    expect(two).toEqual(one)
  })

  it('twb logs stats reads zone-less HAProxy times in the zone given', () => {
    const file = join(work.path, 'rfc3164.log')
    writeFileSync(
      file,
      'Dec  1 09:00:00 lb1 haproxy[9]: 2001:db8::7:51234 [01/Dec/2026:09:00:00.250] fe be/s1 0/0/1/2/3 200 10 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"\n',
    )
    const twb = cliRunner(work.path)
    const first = (...args: string[]): string =>
      (JSON.parse(twb('logs', 'stats', '--json', ...args, file).out) as { firstTime: string })
        .firstTime
    expect(first()).toBe('2026-12-01T09:00:00.250Z')
    expect(first('--zone', '+01:00')).toBe('2026-12-01T08:00:00.250Z')
    const bad = twb('logs', 'stats', '--zone', 'Paris', file)
    expect([bad.code, bad.err]).toEqual([
      2,
      expect.stringContaining('--zone is an offset like +01:00'),
    ])
  })

  it('twb logs stats detects and forces a format saved in the app', () => {
    const home = tempDir('access-stats-home')
    try {
      const text = demo('nginx/access_iso.log')
      const p = proposeFormat(text.split('\n')[0]!)
      writeFileSync(
        join(home.path, 'settings.json'),
        JSON.stringify({
          logFormats: [{ name: 'nginx-iso', pattern: p.pattern, fields: p.fields }],
        }),
      )
      const twb = cliRunner(home.path)
      const file = join(APP_ROOT, 'resources/demo/var/log/nginx/access_iso.log')
      const detected = JSON.parse(twb('logs', 'stats', '--json', file).out) as {
        format: string
        parsed: number
        status: Record<string, number>
      }
      expect(detected).toMatchObject({ format: 'nginx-iso', parsed: 40, unparsed: 0 })
      expect(Object.values(detected.status).reduce((a, b) => a + b, 0)).toBe(40)
      const forced = twb('logs', 'stats', '--format', 'nginx-iso', file)
      expect(forced.out).toMatch(/^nginx-iso: 40 lines, 40 parsed, 0 not/)
      // Without the saved format, the log is not an access log the CLI knows.
      const bare = cliRunner(work.path)('logs', 'stats', '--format', 'nginx-iso', file)
      expect(bare.code).toBe(2)
      expect(bare.err).toContain('--format is one of haproxy-http')
    } finally {
      home.remove()
    }
  })
})
