// Files other projects wrote for their own tests (../shared/peer, origins in its README): the
// workbench must read them as the reference tools do. Read from there, never copied here.
import { execFileSync, spawnSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { APP_ROOT } from '../harness/app'
import { cliRunner } from '../harness/cli'
import { tempDir } from '../harness/process'

const PEER = join(APP_ROOT, '..', 'shared', 'peer')

describe('peer files', () => {
  const home = tempDir('peer-home')
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
})
