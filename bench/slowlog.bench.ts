// PHP-FPM slow log analysis speed: `twb slowlog summary --json` (parse + every aggregate + the
// flame trees) against `grep -c script_filename` on the same generated 200 MB file, same run.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { APP_ROOT } from '../test/harness/app'
import { tempDir } from '../test/harness/process'
import { medianOf, timed, type Timed } from './measure'
import { writeSlowlog } from './slowlog-gen'

const SIZE_MB = Number(process.env.BENCH_SLOWLOG_MB ?? 200)
const work = tempDir('bench-slowlog')
const file = join(work.path, 'www.slow')

beforeAll(() => writeSlowlog(file, SIZE_MB))
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
