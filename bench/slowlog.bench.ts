// PHP-FPM slow log analysis speed: `twb slowlog summary --json` (parse + every aggregate + the
// flame trees) against `grep -c script_filename` on the same generated 200 MB file, same run.
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { APP_ROOT } from '../test/harness/app'
import { tempDir } from '../test/harness/process'
import { medianOf, timed, type Timed } from './measure'

const SIZE_MB = Number(process.env.BENCH_SLOWLOG_MB ?? 200)
const work = tempDir('bench-slowlog')
const file = join(work.path, 'www.slow')

/**
 * Builds a slow log from the real sample's entry shapes: other pids, times, scripts, and the
 * frame addresses of 40 different children.
 */
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
      // Each php-fpm child has its own VM stack: the frame addresses differ between children.
      .replace(/\[0x00007f5360a1/g, `[0x00007f53${(0x60a1 + ((n % 5000) % 40)).toString(16)}`)
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

it(`analyses a ${SIZE_MB} MB slow log`, () => {
  const mb = statSync(file).size / (1 << 20)
  const rounds = 3
  const best = (cmd: string, args: string[], output: 'ignore' | 'pipe' = 'pipe'): Timed =>
    medianOf(rounds, () => timed(cmd, args, output))
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
