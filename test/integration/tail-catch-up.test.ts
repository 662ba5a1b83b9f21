// A tail's big backlog — many last lines asked, or what the log wrote while the connection was
// down — is read at once, compressed by the server's gzip when that pays, then `tail -F` takes
// over: the lines are exactly those of the file (CRLF, bytes that are not UTF-8, a line still
// being written), none lost, none twice, and the read says what it cost.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeCombinedLog } from '../../bench/access-gen'
import { recordsOf, type Events } from '../../src/shared/api'
import { CATCH_UP_BYTES, runTail } from '../../src/main/services/logs/logs'
import { JobManager } from '../../src/main/services/platform/jobs'
import type { ReadPolicy } from '../../src/main/services/platform/remote-read'
import type { SshTarget } from '../../src/main/services/platform/ssh-target'
import { tempDir, waitFor } from '../harness/process'
import { sessionPids, sshdTarget, startSshd, type TestSshd } from '../harness/sshd'

/** The lines a file holds, as the tail delivers them: CR before LF dropped, bad bytes replaced. */
function linesOf(bytes: Buffer): string[] {
  const text = new TextDecoder('utf-8').decode(bytes)
  const lines = text.split('\n')
  lines.pop() // after the last newline: a line still being written, or nothing
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
}

/** A few thousand access lines and the awkward ones, ending with a line not yet finished. */
function backlog(path: string, bytes: number): Buffer {
  writeCombinedLog(path, bytes)
  const odd = Buffer.concat([
    Buffer.from('crlf line\r\n'),
    Buffer.from('bad byte '),
    Buffer.from([0xff]),
    Buffer.from('\nunfinished-'),
  ])
  return Buffer.concat([readFileSync(path), odd])
}

interface Tail {
  lines: string[]
  reads: Record<string, string | number>[]
  notes: string[]
  stop(): Promise<void>
}

function startTail(target: SshTarget, path: string, lines: number, follow: boolean): Tail {
  const out: Tail = { lines: [], reads: [], notes: [], stop: async () => undefined }
  let ended = false
  const jobs = new JobManager((event, payload) => {
    const p = payload as Events['job:batch'] & Events['job:progress']
    if (event === 'job:batch') {
      out.lines.push(...recordsOf(p, 'tail:start'))
      jobs.ack(p.job, p.seq)
    }
    if (event === 'job:progress' && p.code) {
      out.notes.push(p.code)
      if (p.code === 'read') out.reads.push(p.values!)
    }
    if (event === 'job:end') ended = true
  })
  const id = jobs.start('tail:start', (ctx) =>
    runTail(target, { server: 'catch-up', path, lines, follow }, ctx),
  )
  out.stop = async () => {
    jobs.cancel(id)
    await waitFor('the tail to end', () => ended)
  }
  return out
}

describe('a tail catches up on a big backlog at once', () => {
  const work = tempDir('tail-catch-up')
  let sshd: TestSshd
  const targets: SshTarget[] = []
  const target = (reads: ReadPolicy): SshTarget => {
    const t = sshdTarget(sshd, { id: `catch-up-${reads}`, reads })
    targets.push(t)
    return t
  }

  beforeAll(async () => {
    sshd = await startSshd()
  })
  afterAll(async () => {
    for (const t of targets) await t.close()
    await sshd?.stop()
    work.remove()
  })

  it('reads the history compressed, then follows: the file’s lines exactly, the unfinished one once finished', async () => {
    const log = join(work.path, 'history.log')
    const bytes = backlog(join(work.path, 'history.src'), 3 * CATCH_UP_BYTES)
    writeFileSync(log, bytes)
    const expected = linesOf(bytes)
    const tail = startTail(target('gzip'), log, 1_000_000, true)
    await waitFor('the history', () => tail.lines.length === expected.length)
    expect(tail.lines).toEqual(expected)
    expect(tail.reads).toHaveLength(1)
    expect(tail.reads[0]).toMatchObject({ method: 'gzip', afterOutage: 0 })
    expect(tail.reads[0]!.wireBytes).toBeLessThan(bytes.length / 3)
    // The unfinished line, read by the catch-up up to its start only, is tail's to finish.
    appendFileSync(log, 'line\nnext\n')
    await waitFor('the new lines', () => tail.lines.length === expected.length + 2)
    expect(tail.lines.slice(-2)).toEqual(['unfinished-line', 'next'])
    await tail.stop()
    // Read raw (SFTP), the same lines.
    const plain = startTail(target('sftp'), log, 1_000_000, false)
    await waitFor('the plain read', () => plain.lines.length === expected.length + 2)
    expect(plain.lines).toEqual(tail.lines)
    expect(plain.reads[0]).toMatchObject({ method: 'sftp' })
  })

  it('after an outage, reads what the log wrote meanwhile at once and says so', async () => {
    const log = join(work.path, 'outage.log')
    writeFileSync(log, 'a1\na2\n')
    const t = target('gzip')
    const tail = startTail(t, log, 10, true)
    await waitFor('the first lines', () => tail.lines.length === 2)
    expect(tail.reads).toHaveLength(0) // a small history is tail's
    for (const pid of sessionPids(sshd.daemon.pid)) process.kill(pid, 'SIGTERM')
    const meanwhile = backlog(join(work.path, 'outage.src'), 2 * CATCH_UP_BYTES)
    appendFileSync(log, meanwhile)
    const expected = ['a1', 'a2', ...linesOf(meanwhile)]
    await waitFor('the lines written meanwhile', () => tail.lines.length >= expected.length, 60_000)
    appendFileSync(log, 'done\n')
    await waitFor('the last line', () => tail.lines.at(-1) === 'unfinished-done')
    expect(tail.lines).toEqual([...expected, 'unfinished-done'])
    expect(tail.notes).toContain('reconnected')
    expect(tail.reads).toHaveLength(1)
    expect(tail.reads[0]).toMatchObject({ method: 'gzip', afterOutage: 1 })
    await tail.stop()
  })
})
