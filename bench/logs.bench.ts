// Access log counting speed: `twb logs stats --json` (status counts, top paths and IPs, first
// and last time, every field of each line checked) against lnav's SQL on the same counts and
// GoAccess's report, with `cat` as the floor, on a generated ~1 GB combined log and a 300 MB
// HAProxy log, in the same run. lnav and GoAccess are Debian packages (installed here as root).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { APP_ROOT } from '../test/harness/app'
import { tempDir } from '../test/harness/process'
import { writeCombinedLog, writeDiverseLog, writeHaproxyLog } from './access-gen'
import { medianOf, timed, type Timed } from './measure'

const COMBINED_MB = Number(process.env.BENCH_LOGS_MB ?? 1024)
const HAPROXY_MB = Number(process.env.BENCH_HAPROXY_MB ?? 300)
/** A combined log unlike the generator's first (`writeDiverseLog`). */
const DIVERSE_MB = Number(process.env.BENCH_DIVERSE_MB ?? 512)
const work = tempDir('bench-logs')
const combined = join(work.path, 'access.log')
const haproxy = join(work.path, 'haproxy.log')
const diverse = join(work.path, 'diverse.log')
// lnav keeps its configuration and index under HOME: a fresh one, so no earlier run helps it.
const home = join(work.path, 'home')

function ensureTools(): void {
  const missing = ['lnav', 'goaccess'].filter(
    (t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0,
  )
  if (missing.length === 0) return
  if (process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    execFileSync('apt-get', ['install', '-y', '-q', ...missing], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
    return
  }
  throw new Error(
    `The benchmark needs ${missing.join(' and ')}: apt-get install ${missing.join(' ')}`,
  )
}

let lines = { combined: 0, haproxy: 0, diverse: 0 }

beforeAll(() => {
  ensureTools()
  mkdirSync(home)
  lines = {
    combined: writeCombinedLog(combined, COMBINED_MB << 20),
    haproxy: writeHaproxyLog(haproxy, HAPROXY_MB << 20),
    diverse: writeDiverseLog(diverse, DIVERSE_MB << 20),
  }
}, 600_000)
afterAll(() => work.remove())

/** The same counts in lnav's SQL: statuses, top paths, top client IPs. */
function lnavQueries(table: 'access_log' | 'haproxy_log'): string[] {
  const [ip, path, status] =
    table === 'access_log'
      ? ['c_ip', 'cs_uri_stem', 'sc_status']
      : ['client_ip', 'http_url', 'status_code']
  return [
    `;SELECT count(*), min(log_time), max(log_time) FROM ${table}`,
    `;SELECT ${status}, count(*) FROM ${table} GROUP BY ${status}`,
    `;SELECT ${path}, count(*) AS n FROM ${table} GROUP BY ${path} ORDER BY n DESC LIMIT 10`,
    `;SELECT ${ip}, count(*) AS n FROM ${table} GROUP BY ${ip} ORDER BY n DESC LIMIT 10`,
  ]
}

const GOACCESS_HAPROXY = [
  '--log-format=%^ %^ %^ %^: %h:%^ [%d:%t.%^] %^ %^ %^/%^/%^/%^/%T %s %b %^ %^ %^ %^ %^ "%r"',
  '--date-format=%d/%b/%Y',
  '--time-format=%H:%M:%S',
]

function run(name: string, file: string, table: 'access_log' | 'haproxy_log', count: number): void {
  const mb = statSync(file).size / (1 << 20)
  const env = { ...process.env, HOME: home }
  const best = (rounds: number, cmd: string, args: string[], output: 'ignore' | 'pipe' = 'pipe') =>
    medianOf(rounds, () => timed(cmd, args, output, { env }))
  const twbArgs = [join(APP_ROOT, 'bin/twb.js'), 'logs', 'stats', '--json', file]
  const lnavArgs = ['-n', ...lnavQueries(table).flatMap((q) => ['-c', q]), file]
  const report = join(work.path, 'goaccess.json')
  const goaccessArgs = [
    file,
    ...(table === 'access_log' ? ['--log-format=COMBINED'] : GOACCESS_HAPROXY),
    '--no-progress',
    '-o',
    report,
  ]
  const rows: [string, Timed][] = [
    ['cat (floor: read only)', best(3, 'cat', [file], 'ignore')],
    ['twb logs stats --json', best(3, process.execPath, twbArgs)],
    // lnav at its fastest: one query (the statuses); then the same counts as twb's.
    ['lnav -n -c ;SELECT status…', best(3, 'lnav', ['-n', '-c', lnavQueries(table)[1]!, file])],
    ['lnav -n -c ;SELECT… (4 queries)', best(3, 'lnav', lnavArgs)],
    ['goaccess -o report.json', best(1, 'goaccess', goaccessArgs)],
  ]
  // What each tool read: lines it parsed, of the lines written.
  const ours = JSON.parse(
    spawnSync(process.execPath, twbArgs, { maxBuffer: 1 << 26 }).stdout.toString(),
  ) as { parsed: number; unparsed: number }
  const lnavCount = spawnSync('lnav', ['-n', '-c', lnavQueries(table)[0]!, file], { env })
    .stdout.toString()
    .split('\n')[1]
    ?.trim()
    .split(/\s+/)[0]
  const ga = JSON.parse(readFileSync(report, 'utf8')) as {
    general: { valid_requests: number; failed_requests: number }
  }
  console.log(`\n${name}: ${mb.toFixed(0)} MB, ${count.toLocaleString('en')} lines`)
  console.log('tool                              s      MB/s    lines/s   peak MB  lnav÷tool')
  const lnav = rows[2]![1].secs
  for (const [label, t] of rows) {
    console.log(
      `${label.padEnd(32)} ${t.secs.toFixed(2).padStart(6)} ${(mb / t.secs).toFixed(0).padStart(8)} ${(count / t.secs / 1e6).toFixed(2).padStart(8)}M ${t.maxRssMb.toFixed(0).padStart(8)} ${(lnav / t.secs).toFixed(2).padStart(8)}×`,
    )
  }
  console.log(
    `lines read: twb ${ours.parsed} (+${ours.unparsed} unparsed), lnav ${lnavCount}, goaccess ${ga.general.valid_requests} (+${ga.general.failed_requests} failed)`,
  )
}

it(`counts a ${COMBINED_MB} MB combined access log`, () => {
  run('combined (nginx/Apache)', combined, 'access_log', lines.combined)
}, 1_800_000)

it(`counts a ${HAPROXY_MB} MB HAProxy log`, () => {
  run('HAProxy httplog (rsyslog)', haproxy, 'haproxy_log', lines.haproxy)
}, 1_800_000)

it(`counts a ${DIVERSE_MB} MB combined log unlike the generator's (many clients and paths, two zones, HTTP/2.0, long agents)`, () => {
  run('combined, diverse', diverse, 'access_log', lines.diverse)
}, 1_800_000)
