// The `twb` command as a user runs it: the built CLI in a child process.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliRunner } from '../harness/cli'
import { APP_ROOT } from '../harness/app'
import { tempDir } from '../harness/process'

const home = tempDir('cli-home')

const twb = cliRunner(home.path)

describe('twb CLI', () => {
  it('prints help and the version', () => {
    const help = twb('--help')
    expect(help.code).toBe(0)
    expect(help.out).toContain('twb serve [--port N] [--no-open]')
    expect(twb('--version').out.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('lists servers and folders as JSON', () => {
    const servers = JSON.parse(twb('server', 'list', '--json').out) as { id: string }[]
    expect(servers.map((s) => s.id)).toEqual(['demo'])
    const r = twb('ls', 'demo', '/var/log/php/profiler', '--json')
    expect(r.code).toBe(0)
    const entries = JSON.parse(r.out) as { name: string; size: number; type: string }[]
    expect(entries).toHaveLength(4)
    expect(entries.every((e) => e.type === 'file' && e.size > 0)).toBe(true)
  })

  it('finds binlog changes decoded on a server: the rogue UPDATE of the demo', () => {
    const r = twb(
      'binlog',
      'find',
      '--server',
      'demo',
      '--type',
      'update',
      '--value',
      'billing-desk@refund-payments.example',
      '--json',
    )
    expect(r.code).toBe(0)
    const found = JSON.parse(r.out) as { file: string; pos: number; time: string; table: string }[]
    expect(found.map((e) => [e.file, e.pos, e.time, e.table])).toEqual([
      ['mariadb-bin.000002', 134364, '2026-11-28T13:22:07Z', 'shop_options'],
    ])
    // One binlog by name, text output; a name that is not there is an error.
    const one = twb('binlog', 'find', '--server', 'demo', 'mariadb-bin.000002', '--type', 'update')
    expect(one.code).toBe(0)
    expect(one.out).toContain(
      'mariadb-bin.000002:134364 thread=- UPDATE shopdb.shop_options rows=1',
    )
    const missing = twb('binlog', 'find', '--server', 'demo', 'mariadb-bin.999999')
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('no binlog named mariadb-bin.999999')
    expect(twb('binlog', 'find', '--type', 'update').err).toContain('expected --server NAME')
  })

  it('writes times in the zone --tz (or $TWB_TZ) says, UTC by default, JSON always UTC', () => {
    const utc = twb('binlog', 'find', '--server', 'demo', 'mariadb-bin.000002', '--type', 'update')
    expect(utc.out).toContain('2026-11-28 13:22:07 UTC mariadb-bin.000002:134364')
    // The server's zone, read from the server (the demo's data: Europe/Paris).
    const server = twb(
      'binlog',
      'find',
      '--tz',
      'server',
      '--server',
      'demo',
      'mariadb-bin.000002',
      '--type',
      'update',
    )
    expect(server.out).toContain('2026-11-28 14:22:07 +01:00 mariadb-bin.000002:134364')
    const named = twb('binlog', 'list', 'demo', '--tz=America/Sao_Paulo')
    expect(named.code).toBe(0)
    expect(named.out).toMatch(
      /^mariadb-bin\.000002\t\s*\d+\t2026-11-28 10:20:06 -03:00 {2}2026-11-28 10:23:06 -03:00$/m,
    )
    const offset = twb('ls', 'demo', '/var/log/php', '--tz', '+05:30')
    expect(offset.out).toMatch(/ \+05:30 www\.slow$/m)
    const json = twb('binlog', 'list', 'demo', '--tz', 'server', '--json')
    expect(JSON.parse(json.out)[1]).toMatchObject({ first: '2026-11-28T13:20:06Z' })
    const env = cliRunner(home.path, { TWB_TZ: 'server' })('binlog', 'list', 'demo')
    expect(env.out).toContain('2026-11-28 14:20:06 +01:00')
    const bad = twb('ls', 'demo', '/var/log', '--tz', 'Mars/Olympus')
    expect(bad.code).toBe(2)
    expect(bad.err).toContain(
      '--tz is utc, local, server, a zone name (Europe/Paris) or an offset (+01:00): not "Mars/Olympus"',
    )
    // A file has no server to ask.
    const file = join(APP_ROOT, '../shared/samples/mysqlbinlog-text/mariadb-bin.000002.vv.txt')
    expect(twb('binlog', 'events', file, '--tz', 'server').err).toContain(
      '--tz server needs a command run on a server',
    )
  })

  it('prints a file whole and the last lines of a log', () => {
    const cat = twb('cat', 'demo', '/var/log/mysql/mariadb-bin.index')
    expect(cat.code).toBe(0)
    expect(cat.out.trim().split('\n')).toHaveLength(4)
    const tail = twb('tail', 'demo', '/var/log/php/www.slow', '-n', '3')
    expect(tail.code).toBe(0)
    expect(tail.out.split('\n').slice(0, 3)).toHaveLength(3)
    expect(tail.out).toMatch(/\[0x[0-9a-f]+\] /)
  })

  it('counts error logs by level, a PHP stack trace counted with its fatal error', () => {
    const r = twb(
      'logs',
      'stats',
      '--json',
      join(APP_ROOT, 'resources/demo/var/log/php/www.error.log'),
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({
      format: 'php-error',
      entries: 12,
      raw: 0,
      byLevel: { warning: 5, notice: 4, error: 3 },
      firstTime: '2026-11-28T13:19:49.000Z',
    })
    const nginxLog = join(APP_ROOT, 'resources/demo/var/log/nginx/error.log.1')
    const nginx = twb('logs', 'stats', nginxLog)
    expect(nginx.out).toMatch(/^nginx-error: 10 entries/)
    // nginx writes its server's local time with no zone: said so, never passed off as UTC…
    expect(nginx.out).toMatch(
      /from 2026-11-28T14:\d\d:\d\d\.\d{3} to [\d-]+T[\d:.]+ \(the server’s local time: the log has no zone; --zone places it\)/,
    )
    const zoneless = JSON.parse(twb('logs', 'stats', '--json', nginxLog).out) as {
      firstTime: string
      zoneless: boolean
    }
    expect(zoneless).toMatchObject({ zoneless: true, firstTime: expect.not.stringMatching(/Z$/) })
    // …and placed with --zone: the demo server is in Europe/Paris (+01:00 in November).
    const placed = JSON.parse(twb('logs', 'stats', '--json', '--zone', '+01:00', nginxLog).out) as {
      firstTime: string
    }
    expect(placed.firstTime).toBe(`${zoneless.firstTime}+01:00`)
    expect(nginx.out).toMatch(/top messages \(\d+ of \d+ distinct\):/)
    expect(twb('logs', 'stats', '--format', 'nope', 'x').err).toContain('php-fpm')
  })

  it('proposes a custom format from a sample line and checks it on the file', () => {
    const file = join(APP_ROOT, 'resources/demo/var/log/nginx/access_timed.log')
    const first = readFileSync(file, 'utf8').split('\n')[0]!
    const r = twb('logs', 'propose', first, file, '--json')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.out) as {
      fields: { name: string }[]
      check: { lines: number; matched: number }
    }
    expect(out.fields.map((f) => f.name)).toContain('urt')
    expect(out.check.matched).toBe(out.check.lines)
    expect(out.check.lines).toBeGreaterThan(10)
  })

  it('counts access logs, .gz rotations included, and stops quietly when its reader does', () => {
    const logs = join(APP_ROOT, 'resources/demo/var/log/haproxy')
    const r = twb(
      'logs',
      'stats',
      '--json',
      ...['haproxy.log', 'haproxy.log.1', 'haproxy.log.2.gz', 'haproxy.log.3.gz'].map((f) =>
        join(logs, f),
      ),
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({
      format: 'haproxy-http',
      lines: 194,
      parsed: 194,
      unparsed: 0,
      status: { 200: 144, 408: 2, 504: 1 },
    })
    const piped = spawnSync(
      'sh',
      [
        '-c',
        `node ${join(APP_ROOT, 'bin/twb.js')} logs stats --json ${join(logs, 'haproxy.log.1')} | head -1`,
      ],
      { encoding: 'utf8' },
    )
    expect(piped.stdout).toBe('{\n')
    expect(piped.stderr).toBe('')
  })

  it('greps logs, compressed rotations included, with grep exit codes', () => {
    const logs = join(APP_ROOT, 'resources/demo/var/log/haproxy')
    const r = twb(
      'logs',
      'grep',
      ' 408 ',
      join(logs, 'haproxy.log'),
      join(logs, 'haproxy.log.1'),
      join(logs, 'haproxy.log.3.gz'),
    )
    expect(r.code).toBe(0)
    expect(r.out.trim().split('\n')).toHaveLength(2)
    expect(r.out).toContain('haproxy.log.1:')
    expect(twb('logs', 'grep', 'no such thing here', join(logs, 'haproxy.log')).code).toBe(1)
    expect(twb('logs', 'grep', '(', join(logs, 'haproxy.log')).code).toBe(2)
  })

  it('fails with a message on stderr and a non-zero code', () => {
    const missing = twb('cat', 'demo', '/var/log/nope.log')
    expect(missing).toMatchObject({ code: 1, out: '' })
    expect(missing.err).toBe('twb: /var/log/nope.log: no such file or directory.\n')
    const server = twb('ls', 'prod', '/')
    expect(server.code).toBe(1)
    expect(server.err).toContain('No server named "prod"')
    const usage = twb('ls', 'demo')
    expect(usage.code).toBe(2)
    expect(usage.err).toContain('expected SERVER PATH')
    expect(twb('frobnicate').code).toBe(2)
  })

  it('says when it understood nothing of its input, instead of an empty success', () => {
    // Seeded bytes, not valid text of any kind (NUL bytes, no line a parser reads).
    let seed = 7
    const bytes = Buffer.alloc(64 * 1024)
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
    const junk = join(home.path, 'junk.bin')
    writeFileSync(junk, bytes)
    const cases: [string[], RegExp][] = [
      [['logs', 'stats', junk, '--json'], /no known log format reads it \(0 of \d+ lines\)/],
      [['slowlog', 'summary', junk], /no slow-log entry in it/],
      [['binlog', 'events', junk], /not mysqlbinlog output/],
      [['geoip', 'lint', junk], /not a text file/],
    ]
    for (const [args, message] of cases) {
      const r = twb(...args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.err, args.join(' ')).toMatch(message)
    }
    // A zone no clock has is a bad option (2), not a silent shift.
    const zone = twb(
      'logs',
      'stats',
      join(APP_ROOT, 'resources/demo/var/log/nginx/access.log'),
      '--zone',
      '+99:99',
    )
    expect(zone.code).toBe(2)
    expect(zone.err).toContain('--zone is an offset')
    // A JSON that is not a snapshot: said, not a TypeError.
    const notSnap = join(home.path, 'not-a-snapshot.json')
    writeFileSync(notSnap, JSON.stringify({ version: 1, tables: { wp_posts: 5 } }))
    const diff = twb('schema', 'diff', notSnap, notSnap)
    expect(diff.code).toBe(1)
    expect(diff.err).toContain(
      'not a schema snapshot of twb (table "wp_posts" has no "columns" list)',
    )
    expect(diff.err).not.toContain('TypeError')
    // An empty log is not an error: there is nothing to understand.
    const empty = join(home.path, 'empty.log')
    writeFileSync(empty, '')
    expect(twb('logs', 'stats', empty).code).toBe(0)
  })
})
