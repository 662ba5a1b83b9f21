// A real php-fpm writes a slow log (a script sleeping in nested functions); the workbench reads
// it over the real sshd and finds the script, the frames and the request.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callSession, createApiSession, type Services } from '../../src/main/services/api/session'
import { createServices } from '../../src/main/services/api/services'
import { APP_ROOT } from '../harness/app'
import { startPhpFpm, type TestPhpFpm } from '../harness/php-fpm'
import { tempDir, waitFor } from '../harness/process'
import { startSshd, type TestSshd, testProfile } from '../harness/sshd'
import { readFileSync, existsSync } from 'node:fs'
import { analyzeSlowlogs } from '../../src/main/services/slowlog/slowlog'
import { localSource } from '../../src/main/services/platform/sources'

const SCRIPT = `<?php
function tb_sleep_deep() { usleep(1600000); }
function tb_middle() { tb_sleep_deep(); }
function tb_outer() { tb_middle(); }
tb_outer();
echo "done\\n";
`

describe('slow log written by a real php-fpm', () => {
  let fpm: TestPhpFpm
  let sshd: TestSshd
  let services: Services
  const home = tempDir('fpm-home')

  beforeAll(async () => {
    fpm = await startPhpFpm({ slowlogTimeoutSec: 1 })
    writeFileSync(join(fpm.site, 'nested.php'), SCRIPT)
    sshd = await startSshd()
    services = createServices({ appRoot: APP_ROOT, dataDir: home.path, locale: 'en' })
    services.servers.add(testProfile(sshd, { name: 'Fpm', cmsRoot: fpm.site }))
    services.servers.trust('fpm', sshd.hostFingerprint)
  })

  afterAll(async () => {
    await services?.servers.close()
    await sshd?.stop()
    await fpm?.stop()
    home.remove()
  })

  it('finds the script, its frames innermost first, and the request with its duration', async () => {
    const response = fpm.request('GET', '/nested.php?order=4711', 'nested.php')
    expect(response).toContain('done')
    await waitFor(
      'the slow log entry',
      () => existsSync(fpm.slowlog) && readFileSync(fpm.slowlog, 'utf8').includes('tb_outer'),
      10_000,
      fpm.daemon,
    )
    const s = createApiSession(services, 'web', () => undefined)
    const r = await callSession(s, 'slowlog:analyze', {
      server: 'fpm',
      paths: [fpm.slowlog],
      fpmLogs: [fpm.errorLog],
      accessLogs: [fpm.accessLog],
    })
    if (!r.ok) throw new Error(r.error.message)
    const report = r.value
    expect(report.entries).toBe(1)
    expect(report.issues).toEqual([])
    const entry = report.requests[0]!
    const script = join(fpm.site, 'nested.php')
    expect(entry.script).toBe(script)
    expect(entry.frames.map((f) => [f.fn, f.line])).toEqual([
      ['usleep', 2],
      ['tb_sleep_deep', 3],
      ['tb_middle', 4],
      ['tb_outer', 5],
    ])
    expect(entry.frames.every((f) => f.file === script)).toBe(true)
    expect(entry).toMatchObject({ method: 'GET', uri: '/nested.php?order=4711' })
    expect(entry.durationSec).toBeGreaterThanOrEqual(1)
    // Its whole duration, from the line the real php-fpm wrote in the pool's access log when the
    // request ended (usleep of 1.6 s): the one line of nested.php, read here another way.
    const line = readFileSync(fpm.accessLog, 'utf8')
      .split('\n')
      .find((l) => l.includes('nested.php'))!
    expect(line).toContain('"GET /nested.php?order=4711"')
    // Milliseconds with three decimals: the same to the microsecond.
    expect(entry.totalSec).toBeCloseTo(Number(line.split(' ').at(-3)) / 1000, 6)
    expect(entry.totalSec).toBeGreaterThanOrEqual(1.6)
    expect(entry.status).toBe(200)
    expect(report.timed).toBe(1)
    expect(report.time.byScript[script]).toEqual([entry.totalSec, 1])
    expect(report.byTopFrame).toEqual([[`usleep() ${script}:2`, 1]])
    expect(report.flame.children[0]!.name).toBe(`tb_outer() ${script}:5`)
  })
})

describe('a big local slow log read by two threads', () => {
  const work = tempDir('slowlog-split')
  afterAll(() => work.remove())

  it('gives the same report as one thread, line numbers of the second half included', async () => {
    const sample = readFileSync(join(APP_ROOT, 'resources/demo/var/log/php/www.slow'), 'utf8')
    const access = readFileSync(join(APP_ROOT, 'resources/demo/var/log/php/www.access.log'), 'utf8')
    // Each copy a year later, so that its entries are other requests, timed by their own lines
    // of the access log (a half must not time the other half's entries).
    const year = (text: string, k: number, sep: string): string =>
      text.replaceAll(`28${sep}Nov${sep}2026`, `28${sep}Nov${sep}${2026 + k}`)
    const parts = Array.from({ length: 400 }, (_, k) =>
      // Another child's addresses every other copy, and a broken line in the second half.
      year(
        k === 300
          ? sample.replace('script_filename', 'garbage line\nscript_filename')
          : k % 2
            ? sample.replace(/\[0x00007f5360a1/g, '[0x00007f5360b7')
            : sample,
        k,
        '-',
      ),
    )
    const file = join(work.path, 'www.slow')
    writeFileSync(file, parts.join(''))
    const accessFile = join(work.path, 'www.access.log')
    writeFileSync(accessFile, Array.from({ length: 400 }, (_, k) => year(access, k, '/')).join(''))
    const worker = join(APP_ROOT, 'out', 'main', 'part-worker.js')
    expect(existsSync(worker)).toBe(true)
    const sources = [[localSource(file)], [], [localSource(accessFile)]] as const
    const one = await analyzeSlowlogs(...sources, { maxRequests: 100_000 })
    const two = await analyzeSlowlogs(...sources, {
      maxRequests: 100_000,
      worker,
      splitMinBytes: 1,
    })
    // Every entry but the killed one (its kill is in the master log, not given) is timed.
    expect(one.timed).toBe(15 * 400)
    expect(one.entries).toBe(6400)
    expect(one.issues).toHaveLength(1)
    // Copy 300 starts with php-fpm's blank line, then the header: the garbage is its third line.
    expect(one.issues[0]!.line).toBe(300 * (sample.split('\n').length - 1) + 3)
    expect(two).toEqual(one)
    // The second half really goes to the worker: one that fails makes the analysis fail.
    const failing = join(work.path, 'failing-worker.js')
    writeFileSync(
      failing,
      "require('node:worker_threads').parentPort.postMessage({ error: 'worker says no' })",
    )
    await expect(
      analyzeSlowlogs([localSource(file)], [], [], { worker: failing, splitMinBytes: 1 }),
    ).rejects.toThrow(/worker says no/)
  })
})
