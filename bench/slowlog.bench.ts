// PHP-FPM slow log analysis speed: `twb slowlog summary --json` (parse + every aggregate + the
// flame trees) against `grep -c script_filename` on the same generated 200 MB file, same run.
import { spawnSync } from 'node:child_process'
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { APP_ROOT } from '../test/harness/app'
import { tempDir } from '../test/harness/process'

const SIZE_MB = Number(process.env.BENCH_SLOWLOG_MB ?? 200)
const work = tempDir('bench-slowlog')
const file = join(work.path, 'www.slow')

/** Builds a slow log from the real sample's entry shapes: other pids, times, scripts, depths. */
function generate(): void {
  const sample = readFileSync(join(APP_ROOT, 'resources/demo/var/log/php/www.slow'), 'utf8')
  const entries = sample
    .split('\n\n')
    .map((e) => e.trim())
    .filter(Boolean)
  const fd = openSync(file, 'w')
  let written = 0
  let n = 0
  const scripts = [
    'index.php',
    'tb-slow.php',
    'wp-cron.php',
    'admin-ajax.php',
    'modules/shop/cart.php',
  ]
  let chunk = ''
  while (written < SIZE_MB << 20) {
    const base = entries[n % entries.length]!
    const second = n % 60
    const minute = Math.floor(n / 60) % 60
    const text = base
      .replace(
        /^\[[^\]]+\]/,
        `[28-Nov-2026 ${String(10 + (Math.floor(n / 3600) % 12)).padStart(2, '0')}:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}]`,
      )
      .replace(/pid \d+/, `pid ${10000 + (n % 5000)}`)
      .replace(/site\/[a-z-]+\.php\n/, `site/${scripts[n % scripts.length]}\n`)
    chunk += '\n' + text + '\n'
    n++
    if (chunk.length > 1 << 20) {
      written += writeSync(fd, chunk)
      chunk = ''
    }
  }
  writeSync(fd, chunk)
  closeSync(fd)
}

beforeAll(() => generate())
afterAll(() => work.remove())

/** grep stops at the first match when its output is /dev/null, so its output is piped. */
function timed(
  cmd: string,
  args: string[],
  output: 'ignore' | 'pipe' = 'pipe',
): { secs: number; maxRssMb: number } {
  const started = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    stdio: ['ignore', output, 'pipe'],
    maxBuffer: 1 << 28,
  })
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.toString()}`)
  const out = r.stderr.toString()
  const kb = out.trim().split('\n').at(-1)!.split(' ')[1]
  return { secs: elapsed, maxRssMb: Number(kb) / 1024 }
}

it(`analyses a ${SIZE_MB} MB slow log`, () => {
  const mb = statSync(file).size / (1 << 20)
  const rounds = 3
  const best = (
    cmd: string,
    args: string[],
    output: 'ignore' | 'pipe' = 'pipe',
  ): { secs: number; maxRssMb: number } => {
    const runs = Array.from({ length: rounds }, () => timed(cmd, args, output))
    return runs.sort((a, b) => a.secs - b.secs)[Math.floor(rounds / 2)]!
  }
  const cat = best('cat', [file], 'ignore')
  const grep = best('grep', ['-c', 'script_filename', file])
  const twb = best(process.execPath, [
    join(APP_ROOT, 'bin/twb.js'),
    'slowlog',
    'summary',
    '--json',
    file,
  ])
  const rows = [
    ['cat (floor: read only)', cat],
    ['grep -c script_filename', grep],
    ['twb slowlog summary --json', twb],
  ] as const
  console.log(
    [
      `\nSlow log analysis, ${mb.toFixed(0)} MB generated from the sample's entries, median of ${rounds} (${new Date().toISOString().slice(0, 10)}, ${process.version}):`,
      '',
      '| tool | seconds | MB/s | peak memory | vs grep |',
      '|---|---:|---:|---:|---:|',
      ...rows.map(
        ([name, r]) =>
          `| ${name} | ${r.secs.toFixed(2)} | ${(mb / r.secs).toFixed(0)} | ${r.maxRssMb.toFixed(0)} MB | ${(r.secs / grep.secs).toFixed(1)}× |`,
      ),
      '',
    ].join('\n'),
  )
})
