// SFTP download speed over loopback: the workbench (ssh2, pipelined reads) against OpenSSH's
// own scp and sftp on the same file, same server, same run. Prints a Markdown table.
import { execFileSync } from 'node:child_process'
import { openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { SshTarget } from '../src/main/services/platform/ssh-target'
import { tempDir } from '../test/harness/process'
import { startSshd, type TestSshd, sshClientOptions } from '../test/harness/sshd'

const SIZE_MB = Number(process.env.BENCH_SFTP_MB ?? 256)
const ROUNDS = 3

let sshd: TestSshd
const work = tempDir('bench-sftp')
const source = join(work.path, 'big.bin')

beforeAll(async () => {
  sshd = await startSshd()
  const fd = openSync(source, 'w')
  const block = randomBytes(1 << 20)
  for (let i = 0; i < SIZE_MB; i++) writeSync(fd, block)
  closeSync(fd)
})

afterAll(async () => {
  await sshd?.stop()
  work.remove()
})

function time(fn: () => void | Promise<void>): Promise<number> {
  const t = process.hrtime.bigint()
  return Promise.resolve(fn()).then(() => Number(process.hrtime.bigint() - t) / 1e9)
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

it(`downloads a ${SIZE_MB} MB file`, async () => {
  const ssh = sshClientOptions(sshd)
  const dest = join(work.path, 'out.bin')
  const target = new SshTarget({
    id: 'bench',
    endpoint: { host: sshd.host, port: sshd.port, user: sshd.user },
    credentials: () => ({ privateKey: sshd.privateKey }),
    trustedFingerprint: () => sshd.hostFingerprint,
  })
  await target.connect()
  const runs: Record<string, number[]> = {
    'scp (OpenSSH)': [],
    'sftp (OpenSSH)': [],
    'TW Workbench (ssh2 fastGet)': [],
  }
  const keep = (name: string, r: number, secs: number): void => {
    if (r >= 0) runs[name]!.push(secs)
  }
  // One warm-up round for every tool (page cache, JIT), not counted.
  for (let r = -1; r < ROUNDS; r++) {
    keep(
      'scp (OpenSSH)',
      r,
      await time(
        () =>
          void execFileSync('scp', [
            ...ssh,
            '-q',
            '-P',
            String(sshd.port),
            `${sshd.user}@127.0.0.1:${source}`,
            dest,
          ]),
      ),
    )
    rmSync(dest, { force: true })
    keep(
      'sftp (OpenSSH)',
      r,
      await time(
        () =>
          void execFileSync(
            'sftp',
            [...ssh, '-q', '-P', String(sshd.port), '-b', '-', `${sshd.user}@127.0.0.1`],
            { input: `get ${source} ${dest}\n` },
          ),
      ),
    )
    rmSync(dest, { force: true })
    keep(
      'TW Workbench (ssh2 fastGet)',
      r,
      await time(async () => void (await target.download(source, dest))),
    )
    if (statSync(dest).size !== SIZE_MB << 20) throw new Error('incomplete download')
    rmSync(dest, { force: true })
  }
  await target.close()
  const scp = median(runs['scp (OpenSSH)']!)
  const lines = [
    `SFTP download, ${SIZE_MB} MB over loopback, median of ${ROUNDS} (${new Date().toISOString().slice(0, 10)}, ${process.version}):`,
    '',
    '| tool | seconds | MB/s | vs scp |',
    '|---|---:|---:|---:|',
    ...Object.entries(runs).map(([name, secs]) => {
      const m = median(secs)
      return `| ${name} | ${m.toFixed(2)} | ${(SIZE_MB / m).toFixed(0)} | ${((scp / m) * 100).toFixed(0)}% |`
    }),
  ]
  console.log('\n' + lines.join('\n') + '\n')
})
