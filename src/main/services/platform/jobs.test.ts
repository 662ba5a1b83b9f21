import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  BATCH_MAX_RECORDS,
  MAX_UNACKED_BATCHES,
  recordsOf,
  type EventName,
  type Events,
} from '../../../shared/api'
import { JobManager, pumpLines } from './jobs'

type Seen = { event: EventName; payload: Events[EventName] }

function recorder(): { seen: Seen[]; emit: <E extends EventName>(e: E, p: Events[E]) => void } {
  const seen: Seen[] = []
  return { seen, emit: (event, payload) => void seen.push({ event, payload }) }
}

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('job manager', () => {
  it('batches lines by count and by time, never one message per line', async () => {
    const { seen, emit } = recorder()
    const jobs = new JobManager(emit)
    const id = jobs.start('tail:start', async (ctx) => {
      for (let i = 0; i < BATCH_MAX_RECORDS + 5; i++) ctx.push(`l${i}`)
    })
    await tick(100)
    const batches = seen
      .filter((s) => s.event === 'job:batch')
      .map((s) => s.payload as Events['job:batch'])
    expect(batches.map((b) => b.records.length)).toEqual([BATCH_MAX_RECORDS, 5])
    expect(batches.map((b) => b.seq)).toEqual([1, 2])
    expect(seen.at(-1)).toEqual({ event: 'job:end', payload: { job: id } })
  })

  it('reports a failure as data, and cancellation as cancelled', async () => {
    const { seen, emit } = recorder()
    const jobs = new JobManager(emit)
    jobs.start('tail:start', async () => {
      throw new Error('boom')
    })
    const id = jobs.start(
      'tail:start',
      (ctx) =>
        new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve())),
    )
    await tick(10)
    expect(jobs.cancel(id)).toBe(true)
    await tick(10)
    const ends = seen
      .filter((s) => s.event === 'job:end')
      .map((s) => s.payload as Events['job:end'])
    expect(ends[0]?.error).toEqual({ code: 'INTERNAL', message: 'Internal error: boom' })
    expect(ends[1]).toEqual({ job: id, cancelled: true })
    expect(jobs.running).toBe(0)
    expect(jobs.cancel(id)).toBe(false)
  })

  it('pauses the source while batches are not acknowledged, and resumes on ack', async () => {
    const { seen, emit } = recorder()
    const jobs = new JobManager(emit)
    const source = new PassThrough()
    const total = BATCH_MAX_RECORDS * (MAX_UNACKED_BATCHES + 4)
    const id = jobs.start('tail:start', (ctx) => pumpLines(source, ctx))
    await tick()
    for (let i = 0; i < total; i++) source.write(`line ${i}\n`)
    source.end()
    await tick(150)
    const batches = (): Events['job:batch'][] =>
      seen.filter((s) => s.event === 'job:batch').map((s) => s.payload as Events['job:batch'])
    // Stopped near the limit rather than sending everything.
    expect(batches().length).toBeLessThanOrEqual(MAX_UNACKED_BATCHES + 1)
    expect(seen.some((s) => s.event === 'job:end')).toBe(false)
    // Acknowledge until the end: every line arrives once, in order.
    for (let round = 0; round < 50 && !seen.some((s) => s.event === 'job:end'); round++) {
      jobs.ack(id, batches().at(-1)!.seq)
      await tick(60)
    }
    const lines = batches().flatMap((b) => recordsOf(b, 'tail:start'))
    expect(lines.length).toBe(total)
    expect(lines[0]).toBe('line 0')
    expect(lines.at(-1)).toBe(`line ${total - 1}`)
    expect(seen.at(-1)?.event).toBe('job:end')
  })
})
