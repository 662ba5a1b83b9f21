// Logs for a fleet of test servers: server k's access, PHP error and slow logs around a moment,
// with figures known in advance (what its fleet row must show).
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FleetRow } from '../../src/shared/fleet'
import { createJail, type TestJail } from './sshd'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
export const pad = (n: number): string => String(n).padStart(2, '0')
/** `03/Dec/2026:07:10:00 +0000` (access logs) and `03-Dec-2026 07:10:00` (PHP's). */
const clf = (ms: number): string => {
  const d = new Date(ms)
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
}
const php = (ms: number): string => clf(ms).slice(0, 20).replace(/\//g, '-').replace(':', ' ')

/** What server k's logs hold in the last hour and day: the figures its row must show. */
export function expected(
  k: number,
): Pick<
  FleetRow,
  | 'requests1h'
  | 'status5xx1h'
  | 'bans408_1h'
  | 'slow24h'
  | 'fatal24h'
  | 'slowestScript'
  | 'integrityNew'
> {
  return {
    integrityNew: k % 3,
    requests1h: 10 + 3 * k,
    status5xx1h: k % 4,
    bans408_1h: k % 3,
    slow24h: k % 5,
    fatal24h: k % 2,
    slowestScript: k % 5 ? '/var/www/site/cart.php' : null,
  }
}

/** Server k's logs, written relative to `now`: the last hour's lines, and older ones around. */
export function writeLogs(root: string, k: number, now: number): void {
  const e = expected(k)
  const log = join(root, 'var/log')
  mkdirSync(join(log, 'nginx'), { recursive: true })
  mkdirSync(join(log, 'php'), { recursive: true })
  const access: string[] = []
  // Two hours ago and older: outside the hour.
  for (let i = 0; i < 25; i++)
    access.push(
      `203.0.113.9 - - [${clf(now - 3 * 3_600_000 + i * 1000)}] "GET /old HTTP/1.1" 500 1 "-" "ua"`,
    )
  for (let i = 0; i < e.requests1h!; i++) {
    const status = i < e.status5xx1h! ? 502 : i < e.status5xx1h! + e.bans408_1h! ? 408 : 200
    const at = now - 50 * 60_000 + i * 1000
    access.push(
      `198.51.100.${i % 200} - - [${clf(at)}] "GET /p/${i} HTTP/2.0" ${status} 10 "-" "ua"`,
    )
  }
  writeFileSync(join(log, 'nginx/access.log'), access.join('\n') + '\n')
  const errors: string[] = [`[${php(now - 30 * 3_600_000)} UTC] PHP Fatal error:  too old`]
  for (let i = 0; i < e.fatal24h!; i++)
    errors.push(
      `[${php(now - 5 * 3_600_000 + i * 1000)} UTC] PHP Fatal error:  Uncaught Exception ${i}`,
    )
  errors.push(`[${php(now - 3_600_000)} UTC] PHP Warning:  not fatal`)
  writeFileSync(join(log, 'php/www.error.log'), errors.join('\n') + '\n')
  const slow: string[] = []
  for (let i = 0; i < e.slow24h!; i++) {
    const script = i === 0 && e.slow24h! > 2 ? 'index.php' : 'cart.php'
    slow.push(
      '',
      `[${php(now - 2 * 3_600_000 + i * 1000)}]  [pool www] pid ${1000 + i}`,
      `script_filename = /var/www/site/${script}`,
      `[0x00007f5360a13420] usleep() /var/www/site/${script}:3`,
    )
  }
  writeFileSync(join(log, 'php/www.slow'), slow.join('\n') + '\n')
  // The host's schema deltas: one block two days ago, then k % 3 in the last day.
  const block = (ms: number, n: number): string =>
    `==== btws integrity check ${new Date(ms).toISOString().slice(0, 19)}Z (x) db=site tables=3 snapshot=s${n}.sql ====\n# delta\n-KEY \`a\` (\`a\`)\n+KEY \`b\` (\`b\`)\n`
  mkdirSync(join(log, 'mysql'), { recursive: true })
  const blocks = [block(now - 48 * 3_600_000, 0)]
  for (let i = 0; i < e.integrityNew!; i++) blocks.push(block(now - (10 - i) * 3_600_000, i + 1))
  writeFileSync(join(log, 'mysql/btws_integrity.log'), blocks.join(''))
  mkdirSync(join(root, 'var/www/site/wp-content'), { recursive: true })
  writeFileSync(join(root, 'var/www/site/wp-content/big.bin'), Buffer.alloc((k + 1) * 100_000, 7))
}

/** What a fleet's jails have: what the overview runs on a server. */
const FLEET_TOOLS = ['sh', 'cat', 'ls', 'date', 'tail', 'head', 'gzip', 'du', 'stat', 'find']

/** What a jail needs besides to decode binlogs as the finder does. */
export const BINLOG_TOOLS = ['env', 'mysqlbinlog', 'awk']

/** What the backups' planner, weight audit and snapshots run in a jail. */
export const BACKUP_TOOLS = [
  'sh',
  'cat',
  'ls',
  'head',
  'tail',
  'gzip',
  'stat',
  'date',
  'find',
  'du',
  'sha256sum',
  'rsync',
  ...BINLOG_TOOLS,
]

/** A jailed login `user` (its own jail folder `name`) holding server k's logs around `now`. */
export function createFleetJail(
  user: string,
  name: string,
  k: number,
  now: number,
  tools: string[] = [],
): TestJail {
  const jail = createJail(user, [...FLEET_TOOLS, ...tools], name)
  writeLogs(jail.root, k, now)
  return jail
}

/**
 * Makes server k's site look like a preprod rebuilt from its backup a moment ago (its files
 * restored with their production times, old), then `n` files changed on it since: at risk.
 */
export function makePreprod(root: string, n: number): void {
  const site = join(root, 'var/www/site')
  const old = new Date(Date.now() - 2 * 86_400_000)
  utimesSync(join(site, 'wp-content/big.bin'), old, old) // the rebuild: its ctime, now
  mkdirSync(join(site, 'wp-content/uploads'), { recursive: true })
  const later = new Date(Date.now() + 3_600_000)
  for (let i = 0; i < n; i++) {
    const file = join(site, `wp-content/uploads/new-${i}.jpg`)
    writeFileSync(file, `changed on the preprod ${i}`)
    utimesSync(file, later, later)
  }
}
