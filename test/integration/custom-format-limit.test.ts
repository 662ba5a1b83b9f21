// A user's log format runs in a worker thread, stopped past a time limit: a pattern that
// backtracks without end on some line cannot stall the service.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { exploreLog } from '../../src/main/services/logs'
import { LocalTarget } from '../../src/main/services/platform/local-target'
import { customFormatProblem } from '../../src/core/logs/custom-format'
import { APP_ROOT } from '../harness/app'
import { tempDir } from '../harness/process'

const work = tempDir('format-limit')
afterAll(() => work.remove())
const worker = join(APP_ROOT, 'out', 'main', 'part-worker.js')

describe('a custom format in the explorer', () => {
  mkdirSync(join(work.path, 'var', 'log'), { recursive: true })
  const fields = [
    { name: 'time', type: 'time' as const },
    { name: 'status', type: 'status' as const },
  ]
  const target = new LocalTarget('local', work.path)

  it('reads the log in the worker as on the calling thread', async () => {
    const lines = Array.from(
      { length: 500 },
      (_, i) => `2026-11-28T14:22:${String(i % 60).padStart(2, '0')}+01:00 ${i % 7 ? 200 : 404} ok`,
    )
    writeFileSync(join(work.path, 'var', 'log', 'mine.log'), lines.join('\n') + '\n')
    const def = { name: 'mine', pattern: '^(?<time>\\S+) (?<status>\\d{3}) ok$', fields }
    const here = await exploreLog(target, '/var/log/mine.log', 1 << 20, { custom: [def] })
    const there = await exploreLog(target, '/var/log/mine.log', 1 << 20, { custom: [def], worker })
    expect(existsSync(worker)).toBe(true)
    expect(here.format).toBe('mine')
    expect(here.parsed).toBe(500)
    expect(there).toEqual(here)
  })

  it('stops a pattern that backtracks without end, and says why', async () => {
    // Overlapping alternatives: not the nested-repeat shape the definition check refuses.
    const def = {
      name: 'slow',
      pattern: '^(?<time>\\S+) (?<status>\\d{3}) (?:a|a)*b$',
      fields,
    }
    expect(customFormatProblem(def)).toBeNull()
    writeFileSync(
      join(work.path, 'var', 'log', 'slow.log'),
      `2026-11-28T14:22:00+01:00 200 ab\n2026-11-28T14:22:01+01:00 200 ${'a'.repeat(40)}\n`,
    )
    const started = Date.now()
    await expect(
      exploreLog(target, '/var/log/slow.log', 1 << 20, {
        custom: [def],
        format: 'slow',
        worker,
        limitMs: 1500,
      }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('The format "slow" takes too long on /var/log/slow.log'),
    })
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
