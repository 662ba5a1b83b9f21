// Files other projects wrote for their own tests (../shared/peer, origins in its README): the
// workbench must read them as the reference tools do. Read from there, never copied here.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { APP_ROOT } from '../harness/app'
import { cliRunner } from '../harness/cli'
import { tempDir } from '../harness/process'

const PEER = join(APP_ROOT, '..', 'shared', 'peer')
if (!existsSync(PEER))
  throw new Error(
    `${PEER} is missing: these tests read other projects' files from shared/peer beside the checkout (as CI lays it out); they are never copied into the repository.`,
  )

describe('peer files', () => {
  const home = tempDir('peer-home')
  afterAll(() => home.remove())
  const twb = cliRunner(home.path)
  const stats = (file: string): Record<string, unknown> => {
    const r = twb('logs', 'stats', join(PEER, file), '--json')
    expect(r.err).toBe('')
    return JSON.parse(r.out) as Record<string, unknown>
  }

  it('reads CRLF logs as their LF twins: detection, counts, times', () => {
    // loghub's Apache_2k.log has CRLF line ends: 2,000 Apache error entries (0 read before).
    const crlf = stats('loghub/Apache_2k.log')
    expect(crlf).toMatchObject({ format: 'apache-error', entries: 2000, raw: 0 })
    expect(crlf).toEqual(stats('loghub/Apache_2k.lf.log'))
    // lnav's access log with CRLF line ends, against the original.
    const access = stats('lnav/access_crlf.derived.log')
    expect(access).toMatchObject({ format: 'combined', lines: 3, parsed: 3 })
    expect(access).toEqual(stats('lnav/logfile_access_log.0'))
  })

  /** mysqlbinlog's own decoding, as the workbench runs it (TZ=UTC, --no-defaults first). */
  const mysqlbinlog = (file: string, ...options: string[]): string =>
    execFileSync(
      'mysqlbinlog',
      ['--no-defaults', '--base64-output=DECODE-ROWS', '-vv', ...options, file],
      { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 512 << 20, encoding: 'utf8' },
    )
  const rowImages = (text: string): number =>
    text.split('\n').filter((l) => /^### (INSERT INTO|UPDATE|DELETE FROM) /.test(l)).length
  interface Event {
    pos: number | null
    endPos: number
    type: string
    rows: unknown[]
  }
  const events = (textFile: string, ...options: string[]): Event[] => {
    // Its JSON can weigh tens of MB: more than the CLI runner's buffer.
    const r = spawnSync(
      process.execPath,
      [join(APP_ROOT, 'bin', 'twb.js'), 'binlog', 'events', textFile, '--json', ...options],
      { env: { ...process.env, TWB_HOME: home.path }, encoding: 'utf8', maxBuffer: 512 << 20 },
    )
    expect(r.status, r.stderr).toBe(0)
    return JSON.parse(r.stdout) as Event[]
  }

  it('reads every binlog of the peer suites as mysqlbinlog does: each row, each position', () => {
    const dir = join(PEER, 'binlog')
    const sakila = join(home.path, 'shyiko_mysql-bin.sakila')
    writeFileSync(sakila, gunzipSync(readFileSync(join(dir, 'shyiko_mysql-bin.sakila.gz'))))
    const binlogs = [
      ...readdirSync(dir)
        .filter((n) => readdirSync(dir).includes(`${n}.txt`))
        .map((n) => join(dir, n)),
      sakila,
    ]
    expect(binlogs.length).toBeGreaterThanOrEqual(9)
    for (const file of binlogs) {
      const text = join(home.path, `${file.split('/').pop()}.txt`)
      const decoded = mysqlbinlog(file)
      writeFileSync(text, decoded)
      const got = events(text)
      const rows = got.reduce((n, e) => n + e.rows.length, 0)
      expect(rows, file).toBe(rowImages(decoded))
      // Every event carries its own position (a multi-event statement: its first `# at`).
      expect(
        got.filter((e) => e.pos === null).map((e) => e.endPos),
        file,
      ).toEqual([])
      expect(
        got.every((e) => e.pos! < e.endPos),
        file,
      ).toBe(true)
    }
    // sakila (MySQL 5.5, 47,273 rows in statements of several row events): from a position,
    // the same rows as mysqlbinlog --start-position there.
    const all = events(join(home.path, 'shyiko_mysql-bin.sakila.txt'))
    expect(all.reduce((n, e) => n + e.rows.length, 0)).toBe(47_273)
    // From a Table_map's position (mysqlbinlog started at a row event itself has lost its table
    // map and skips that statement's rows).
    const maps = [
      ...readFileSync(join(home.path, 'shyiko_mysql-bin.sakila.txt'), 'utf8').matchAll(
        /^# at (\d+)\n#\d{6} [^\n]*\tTable_map: /gm,
      ),
    ].map((m) => Number(m[1]))
    expect(maps.length).toBe(18)
    for (const from of [maps[5]!, maps[12]!]) {
      const reference = rowImages(mysqlbinlog(sakila, '--start-position', String(from)))
      const ours = events(
        join(home.path, 'shyiko_mysql-bin.sakila.txt'),
        '--start-position',
        String(from),
      )
      expect(
        ours.reduce((n, e) => n + e.rows.length, 0),
        `from ${from}`,
      ).toBe(reference)
    }
  })

  /** lnav's count of lines by status (its own SQL over the log), null key for lines it could not read. */
  const lnavStatuses = (file: string, table: 'access_log' | 'haproxy_log'): Map<string, number> => {
    const column = table === 'access_log' ? 'sc_status' : 'status_code'
    // lnav writes its configuration under HOME (or the working folder when HOME does not
    // exist): a folder of the test's own, never the checkout.
    const lnavHome = join(home.path, 'lnav-home')
    mkdirSync(lnavHome, { recursive: true })
    const out = execFileSync(
      'lnav',
      ['-n', '-c', `;SELECT ${column}, count(*) FROM ${table} GROUP BY ${column}`, file],
      {
        env: { ...process.env, HOME: lnavHome, XDG_CONFIG_HOME: join(lnavHome, '.config') },
        cwd: lnavHome,
        encoding: 'utf8',
      },
    )
    const counts = new Map<string, number>()
    for (const line of out.split('\n').slice(1)) {
      const m = /^\s*(\S+)\s+(\d+)\s*$/.exec(line)
      if (m) counts.set(m[1] === '<NULL>' ? 'unread' : m[1]!, Number(m[2]))
    }
    return counts
  }

  it('reads every access and HAProxy log of peer at least as lnav does, status by status', () => {
    const logs = [
      ...readdirSync(join(PEER, 'lnav'))
        .filter((n) => /access|haproxy/.test(n))
        .map((n) => `lnav/${n}`),
      ...readdirSync(join(PEER, 'beats'))
        .filter((n) => /access|haproxy/.test(n))
        .map((n) => `beats/${n}`),
      'lnav-samples/access_log.samples.log',
      'lnav-samples/haproxy_log.samples.log',
    ]
    expect(logs.length).toBeGreaterThanOrEqual(14)
    // Said, not hidden: lnav reads these and the workbench does not (yet).
    const gaps: Record<string, string> = {
      'lnav/logfile_syslog_with_access_log.0':
        'access lines without their own time inside syslog lines (tomcat.log: 127.0.0.1 - - "GET …" 200): lnav reads them as a syslog sub-format; no host of this platform writes them',
    }
    const table: string[] = []
    for (const name of logs) {
      const file = join(PEER, name)
      if (gaps[name]) {
        const r = twb('logs', 'stats', file, '--json')
        expect(r.code, name).toBe(1)
        expect(r.err, name).toContain('no known log format reads it')
        table.push(`${name}: not read (${gaps[name]})`)
        continue
      }
      const ours = stats(name) as {
        format: string | null
        parsed: number
        lines: number
        status: Record<string, number>
      }
      const ref = lnavStatuses(file, /haproxy/.test(name) ? 'haproxy_log' : 'access_log')
      table.push(
        `${name}: twb ${ours.parsed} of ${ours.lines}, lnav ${[...ref].map(([k, n]) => `${k}×${n}`).join(' ')}`,
      )
      // Every status lnav reads, twb reads as often (it may read more: lines lnav cannot).
      for (const [status, n] of ref) {
        if (status === 'unread') continue
        expect(ours.status[status] ?? 0, `${name}: status ${status}`).toBeGreaterThanOrEqual(n)
      }
      // Where lnav reads every line, the counts are the same.
      const lnavRead = [...ref].reduce((n, [k, c]) => (k === 'unread' ? n : n + c), 0)
      if (lnavRead === ours.lines)
        expect(ours.status, name).toEqual(Object.fromEntries([...ref].map(([k, n]) => [k, n])))
    }
    console.log(table.join('\n'))
    // Nothing of lnav's landed in the checkout.
    expect(existsSync(join(APP_ROOT, 'configs')) || existsSync(join(APP_ROOT, 'formats'))).toBe(
      false,
    )
    // filebeat's expected events for its nginx test log: 200×4, 404×2, 400×1 (proxied clients).
    expect(stats('beats/nginx_access_test.log').status).toEqual({ '200': 4, '404': 2, '400': 1 })
  })

  /** Every file under peer/, relative, sorted. */
  const everyFile = (dir = PEER, rel = ''): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .flatMap((d) =>
        d.isDirectory() ? everyFile(join(dir, d.name), `${rel}${d.name}/`) : [`${rel}${d.name}`],
      )
      .sort()

  it('runs every file of peer through its reader: a result or a clear refusal, never a crash', () => {
    /** The command that reads a file, by its folder and name; null for references and docs. */
    const commandFor = (name: string): string[] | null => {
      if (/(^|\/)README\.md$|\.json$|\.csv$|\.phpt$|\.txt$/.test(name)) return null
      if (name.startsWith('binlog/')) return ['binlog', 'events']
      if (name.startsWith('slowlog/')) return ['slowlog', 'summary']
      if (name.startsWith('htaccess/')) return ['geoip', 'lint']
      if (/^(speedscope|cachegrind-studio|xdebug-phpt)\//.test(name))
        return ['cachegrind', 'summary']
      return ['logs', 'stats']
    }
    const rows: string[] = []
    let files = 0
    for (const name of everyFile()) {
      const command = commandFor(name)
      if (!command) continue
      files++
      const r = spawnSync(
        process.execPath,
        [join(APP_ROOT, 'bin', 'twb.js'), ...command, join(PEER, name)],
        {
          env: { ...process.env, TWB_HOME: home.path },
          encoding: 'utf8',
          maxBuffer: 256 << 20,
        },
      )
      // 0: read; 1: refused or partly read, with the reason on stderr. Never a stack trace.
      expect([0, 1], `${name}: ${r.stderr}`).toContain(r.status)
      expect(r.stderr, name).not.toMatch(/TypeError|RangeError|SyntaxError|\n\s+at \S+ \(/)
      // Exit 1 says why: on stderr, or (geoip lint) the errors found, on stdout.
      if (r.status === 1)
        expect(command[0] === 'geoip' ? r.stdout : r.stderr, name).toMatch(
          /^(twb: |line \d+|\S+:\d+: error: )/m,
        )
      rows.push(
        `${name}\t${command.join(' ')}\texit ${r.status}\t${(r.status === 0 ? r.stdout.split('\n')[0] : r.stderr.trim().split('\n').pop())!.slice(0, 110)}`,
      )
    }
    expect(files).toBeGreaterThanOrEqual(90)
    console.log(rows.join('\n'))
    // The raw binary logs are not mysqlbinlog's text: said so, with the command to decode them.
    const raw = twb('binlog', 'events', join(PEER, 'binlog', 'canal_mysql-bin.000001'))
    expect(raw.code).toBe(1)
    expect(raw.err).toContain('not mysqlbinlog output')
  })

  it("reads loghub's Apache error log with the levels its structured twin gives", () => {
    const csv = readFileSync(join(PEER, 'loghub', 'Apache_2k.log_structured.csv'), 'utf8')
    const levels: Record<string, number> = {}
    for (const line of csv.split('\n').slice(1)) {
      const level = line.split(',')[2]
      if (level) levels[level] = (levels[level] ?? 0) + 1
    }
    expect(stats('loghub/Apache_2k.log')).toMatchObject({ entries: 2000, byLevel: levels })
  })
})
