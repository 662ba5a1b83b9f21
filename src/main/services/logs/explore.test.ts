import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { detectAccessFormat, exploreAccess } from '../../../core/logs'
import { random } from '../../../../test/harness/random'
import { LocalTarget } from '../platform'
import { exploreLog } from './explore'

const base = mkdtempSync(join(tmpdir(), 'twb-explore-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))

/**
 * About 400 KB of combined lines — several read chunks — with multi-byte agents and paths (a
 * chunk boundary falls inside characters), bursts from one IP, refusals, a few CRLF endings
 * and lines no format reads.
 */
function writeLog(): string {
  const r = random(7)
  const lines: string[] = []
  let t = Date.UTC(2026, 10, 28, 13, 0, 0)
  for (let i = 0; lines.join('\n').length < 400_000; i++) {
    t += Math.floor(r() * 800)
    const d = new Date(t + 3_600_000)
    const clf = `${String(d.getUTCDate()).padStart(2, '0')}/Nov/2026:${d.toISOString().slice(11, 19)} +0100`
    const ip = r() < 0.2 ? '203.0.113.9' : `10.0.${Math.floor(r() * 20)}.${Math.floor(r() * 250)}`
    const status = [200, 200, 301, 404, 408, 403, 429, 502][Math.floor(r() * 8)]!
    const line =
      r() < 0.01
        ? `garbage ${i} ∂`
        : `${ip} - - [${clf}] "GET /produit/${i % 97}-été?q=${i} HTTP/1.1" ${status} ${i} "-" "Agent ${'✓é'.repeat(20)} ${i % 13}"`
    lines.push(r() < 0.05 ? `${line}\r` : line)
  }
  const root = join(base, 'jail')
  mkdirSync(join(root, 'var/log/nginx'), { recursive: true })
  writeFileSync(join(root, 'var/log/nginx/access.log'), `${lines.join('\n')}\n`)
  return root
}

describe('exploring a log as it is read', () => {
  const root = writeLog()
  const target = new LocalTarget('t', root)
  const text = readFileSync(join(root, 'var/log/nginx/access.log'), 'utf8')

  it('gives what exploring all its lines at once gives, chunk boundaries anywhere', async () => {
    const lines = text
      .slice(0, -1)
      .split('\n')
      .map((l) => l.replace(/\r$/, ''))
    const expected = exploreAccess(lines, detectAccessFormat(lines.slice(0, 50)))
    const got = await exploreLog(target, '/var/log/nginx/access.log', Infinity)
    expect(got).toMatchObject({ partial: false, bytesRead: Buffer.byteLength(text) })
    expect({ ...got, path: undefined, bytesRead: undefined, partial: undefined }).toEqual({
      ...expected,
      path: undefined,
      bytesRead: undefined,
      partial: undefined,
    })
    expect(got.unparsed).toBeGreaterThan(0)
    expect(got.bans.some((b) => b.ip === '203.0.113.9')).toBe(true)
  })

  it('reads the end of the file from its first whole line', async () => {
    const bytes = Buffer.from(text)
    const from = bytes.length - 250_000
    const rest = bytes.subarray(from).toString('utf8')
    const lines = rest
      .slice(rest.indexOf('\n') + 1, -1)
      .split('\n')
      .map((l) => l.replace(/\r$/, ''))
    const expected = exploreAccess(lines, detectAccessFormat(lines.slice(0, 50)))
    const got = await exploreLog(target, '/var/log/nginx/access.log', 250_000)
    expect(got.partial).toBe(true)
    expect(got.rows[0]!.line).toBe(lines.find((l) => l.length > 0 && !l.startsWith('garbage')))
    expect(got.parsed).toBe(expected.parsed)
    expect(got.rows).toEqual(expected.rows)
    expect(got.histogram).toEqual(expected.histogram)
  })
})
