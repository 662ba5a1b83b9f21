// tail -F semantics through the real job pipeline: history, growth, rotation, cancel.
import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { recordsOf, type Events } from '../../src/shared/api'
import { JobManager } from '../../src/main/services/platform/jobs'
import { LocalTarget } from '../../src/main/services/platform/local-target'
import { runSearch, runTail } from '../../src/main/services/logs/logs'
import { APP_ROOT } from '../harness/app'
import { execFileSync } from 'node:child_process'
import { tempDir, waitFor } from '../harness/process'

/** PIDs of running `tail` processes reading `file` (from /proc). */
function tailsOf(file: string): number[] {
  const pids: number[] = []
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      if (argv[0]?.endsWith('tail') && argv.includes(file)) pids.push(Number(pid))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

describe('live tail on a local target', () => {
  const dir = tempDir('tail')
  afterAll(() => dir.remove())

  it('follows a growing log across a rotation without losing or repeating a line, and stops on cancel', async () => {
    mkdirSync(join(dir.path, 'var', 'log'), { recursive: true })
    const file = join(dir.path, 'var', 'log', 'app.log')
    writeFileSync(file, 'old 1\nold 2\nold 3\n')
    const lines: string[] = []
    let end: Events['job:end'] | undefined
    const jobs = new JobManager((event, payload) => {
      if (event === 'job:batch') {
        const b = payload as Events['job:batch']
        lines.push(...recordsOf(b, 'tail:start'))
        jobs.ack(b.job, b.seq)
      } else if (event === 'job:end') end = payload as Events['job:end']
    })
    const target = new LocalTarget('t', dir.path)
    const id = jobs.start('tail:start', (ctx) =>
      runTail(target, { server: 't', path: '/var/log/app.log', lines: 2, follow: true }, ctx),
    )
    await waitFor('history', () => lines.length === 2)
    expect(lines).toEqual(['old 2', 'old 3'])
    for (let i = 1; i <= 50; i++) appendFileSync(file, `new ${i}\n`)
    await waitFor('growth', () => lines.length === 52, 10_000)
    // logrotate's default: rename, then a new file appears.
    renameSync(file, `${file}.1`)
    await new Promise((r) => setTimeout(r, 300))
    writeFileSync(file, '')
    for (let i = 51; i <= 80; i++) appendFileSync(file, `new ${i}\n`)
    await waitFor('lines after rotation', () => lines.length === 82, 15_000)
    expect(lines.slice(2)).toEqual(Array.from({ length: 80 }, (_, i) => `new ${i + 1}`))
    expect(tailsOf(file)).toHaveLength(1)
    jobs.cancel(id)
    await waitFor('job end', () => end !== undefined)
    expect(end).toEqual({ job: id, cancelled: true })
    await waitFor('tail process gone', () => tailsOf(file).length === 0, 5_000)
  })
})

describe('search across a log and its rotations, on the server', () => {
  const search = async (
    req: Parameters<typeof runSearch>[1],
  ): Promise<{ lines: string[]; error?: string }> => {
    const target = new LocalTarget('demo', join(APP_ROOT, 'resources/demo'))
    const lines: string[] = []
    let error: string | undefined
    let ended = false
    const jobs = new JobManager((event, payload) => {
      const p = payload as {
        job: string
        seq: number
        kind: 'logs:search'
        records: string[]
        error?: { message: string }
      }
      if (event === 'job:batch') {
        lines.push(...p.records)
        jobs.ack(p.job, p.seq)
      }
      if (event === 'job:end') {
        error = p.error?.message
        ended = true
      }
    })
    jobs.start('logs:search', (ctx) => runSearch(target, req, ctx))
    await waitFor('search end', () => ended)
    await target.close()
    return { lines, ...(error ? { error } : {}) }
  }

  it('finds every match in the .gz rotations too, oldest file first, as zgrep does', async () => {
    const r = await search({
      path: '/var/log/nginx/access.log',
      pattern: 'GET',
      fixed: true,
      ignoreCase: false,
    })
    const dir = join(APP_ROOT, 'resources/demo/var/log/nginx')
    const files = ['access.log.3.gz', 'access.log.2.gz', 'access.log.1', 'access.log']
    // zgrep's own count per file, the reference.
    const counts = execFileSync('zgrep', ['-c', 'GET', ...files.map((f) => join(dir, f))])
      .toString()
      .trim()
      .split('\n')
      .map((l) => Number(l.split(':').pop()))
    expect(r.error).toBeUndefined()
    const mine = files.map((f) => r.lines.filter((l) => l.includes(`/${f}:`)).length)
    expect(mine).toEqual(counts)
    expect(mine[0]).toBeGreaterThan(0) // the oldest, compressed rotation was searched
    // Oldest rotation first.
    const order = r.lines.map((l) => files.findIndex((f) => l.includes(`/${f}:`)))
    expect(order).toEqual([...order].sort((x, y) => x - y))
  })

  it('passes the pattern as one argument, and says when a regular expression is wrong', async () => {
    const literal = await search({
      path: '/var/log/nginx/access.log',
      pattern: "'; touch /tmp/twb-pwned; '",
      fixed: true,
      ignoreCase: false,
    })
    expect(literal).toEqual({ lines: [] })
    const bad = await search({
      path: '/var/log/nginx/access.log',
      pattern: 'a(b',
      fixed: false,
      ignoreCase: false,
    })
    expect(bad.error).toMatch(/^The search failed: /)
    const none = await search({
      path: '/var/log/nope.log',
      pattern: 'x',
      fixed: true,
      ignoreCase: false,
    })
    expect(none.error).toContain('no such log')
  })
})
