// Remote work over a real link (issue #20): each workflow timed raw — the same bytes over
// OpenSSH's `ssh … tail`/`cat` (one connection kept open by ControlMaster, as a user's would be)
// — and with the workbench (its own ssh2 connection, reads chosen by the link), through the test
// shaper (in a thread of its own) in front of a real sshd, at 50 Mbit/s / 30 ms and 10 Mbit/s /
// 60 ms. Bytes on the wire are the shaper's count. One round per figure (the link, not the
// machine, sets the pace); a loopback round checks that a fast link is not slowed. Sizes: BENCH_WAN_SCALE (1 = as the issue
// says; 0.25 for a quick look); BENCH_WAN_ONLY picks workflows by name.
import { execFile, execFileSync, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import { catchUp, exploreLog, logWindow } from '../src/main/services/logs'
import { connectDatabase, takeSnapshot } from '../src/main/services/schema/schema'
import type { JobContext } from '../src/main/services/platform/jobs'
import { analyzeSlowlogs } from '../src/main/services/slowlog'
import { parseProfileView } from '../src/main/services/profiles/cachegrind'
import { targetSource } from '../src/main/services/platform'
import type { SshTarget } from '../src/main/services/platform/ssh-target'
import { readStats, type ReadPolicy } from '../src/main/services/platform/remote-read'
import { lineTime } from '../src/core/text'
import { APP_ROOT } from '../test/harness/app'
import { tempDir } from '../test/harness/process'
import { LINKS, type LinkProfile, type Shaper } from '../test/harness/shaper'
import { startShaperThread } from '../test/harness/shaper-thread'
import { sshClientOptions, sshdTarget, startSshd, type TestSshd } from '../test/harness/sshd'
import { profileScript } from '../test/harness/xdebug'
import { addServerArgs, cliRunnerAsync } from '../test/harness/cli'
import { startMariadb, type TestMariadb } from '../test/harness/mariadb'
import { writeCombinedLog } from './access-gen'
import { createTables, fillDatabase, writeSite } from './wan-site'
import { writeSlowlog } from './slowlog-gen'

const execFileAsync = promisify(execFile)
const SCALE = Number(process.env.BENCH_WAN_SCALE ?? 1)
/** `BENCH_WAN_ONLY=moment`: only the workflows whose name matches (the files are made all the same). */
const ONLY = process.env.BENCH_WAN_ONLY ? new RegExp(process.env.BENCH_WAN_ONLY) : null
const MB = (n: number): number => Math.max(1, Math.round(n * SCALE)) * 1024 * 1024
const work = tempDir('bench-wan')
const files = {
  access: join(work.path, 'access.log'),
  big: join(work.path, 'big-access.log'),
  slow: join(work.path, 'www.slow'),
  profile: '',
  profileGz: '',
  site: join(work.path, 'site'),
}
let sshd: TestSshd
let db: TestMariadb
/** The schema row's tables (a Magento has about 400). */
const TABLES = Number(process.env.BENCH_WAN_TABLES ?? 400)
const SHOP = { name: 'shop', user: 'shop', password: 'Sh0p-pass' }

beforeAll(async () => {
  writeCombinedLog(files.access, MB(256))
  writeCombinedLog(files.big, MB(2048))
  writeSlowlog(files.slow, MB(100) >> 20)
  files.profile = profileScript(join(APP_ROOT, 'bench/php/heavy.php'), ['7'], work.path)[0]!
  files.profileGz = `${files.profile}.gz`
  execFileSync('sh', ['-c', 'gzip -6 -c "$1" > "$2"', 'sh', files.profile, files.profileGz])
  ;[sshd, db] = await Promise.all([startSshd(), startMariadb()])
  db.sql(
    `CREATE DATABASE big; CREATE DATABASE shop; CREATE USER 'shop'@'127.0.0.1' IDENTIFIED BY '${SHOP.password}'; GRANT ALL ON big.* TO 'shop'@'127.0.0.1'; GRANT ALL ON shop.* TO 'shop'@'127.0.0.1';`,
  )
  createTables(db, 'big', TABLES)
  // The clone's site: 1 GB of files (a quarter of it code) and a 200 MB database.
  fillDatabase(db, SHOP.name, MB(200))
  writeSite(files.site, MB(256), MB(768), { ...SHOP, port: db.port })
}, 1_800_000)
afterAll(async () => {
  await sshd?.stop()
  await db?.stop()
  work.remove()
})

interface Row {
  link: string
  workflow: string
  raw: { secs: number; wire: number }
  twb: { secs: number; wire: number; how: string }
}
const rows: Row[] = []

/** OpenSSH's client through `port`, its connection shared by every run (ControlMaster). */
function ssh(port: number, command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(
      'ssh',
      [
        ...sshClientOptions(sshd),
        '-p',
        String(port),
        '-o',
        'ControlMaster=auto',
        '-o',
        `ControlPath=${join(work.path, `cm-${port}`)}`,
        '-o',
        'ControlPersist=120',
        `${sshd.user}@127.0.0.1`,
        command,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let err = ''
    child.stderr.on('data', (b: Buffer) => (err += b.toString()))
    child.on('close', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`ssh ${command}: ${code} ${err}`)),
    )
  })
}

async function connected(port: number, reads: ReadPolicy = 'auto'): Promise<SshTarget> {
  const t = sshdTarget(sshd, { id: `wan-${port}-${reads}-${Math.random()}`, port, reads })
  await t.connect()
  return t
}

/** Times `run` and counts what the link carried down meanwhile. */
async function measure(
  shaper: Shaper | null,
  run: () => Promise<unknown>,
): Promise<{ secs: number; wire: number }> {
  const before = shaper?.bytes.down ?? 0
  const started = performance.now()
  await run()
  return {
    secs: (performance.now() - started) / 1000,
    wire: (shaper?.bytes.down ?? 0) - before,
  }
}

async function workflows(link: LinkProfile, quick: boolean): Promise<void> {
  const shaper = await startShaperThread(sshd.port, link)
  const port = shaper.port
  await ssh(port, 'true') // the shared connection, opened once
  const row = async (
    workflow: string,
    raw: string | (() => Promise<unknown>),
    twb: (t: SshTarget) => Promise<string>,
  ): Promise<void> => {
    if (ONLY && !ONLY.test(workflow)) return
    const r = await measure(shaper, typeof raw === 'string' ? () => ssh(port, raw) : raw)
    // A fresh connection whose link is not yet measured, as on a user's first read.
    const t = await connected(port)
    let how = ''
    const w = await measure(shaper, async () => (how = await twb(t)))
    await t.close()
    rows.push({ link: link.name, workflow, raw: r, twb: { ...w, how } })
    console.log(link.name, workflow, r, w, how)
  }
  // The remote command's output crosses the link (ssh's own stdout is discarded here).
  const end = (path: string, bytes: number): string => `tail -c ${bytes} ${path}`
  for (const mb of quick ? [64] : [64, 256]) {
    await row(
      `read the last ${mb} MB of an access log (bytes only)`,
      end(files.access, MB(mb)),
      async (t) => {
        const size = statSync(files.access).size
        const stream = await t.readStream(files.access, { start: size - MB(mb) })
        for await (const chunk of stream) void chunk
        const c = readStats(stream)!
        return `${c.method}, ${(c.bytes / c.wireBytes).toFixed(1)}× smaller on the wire`
      },
    )
    await row(
      `explore the last ${mb} MB of an access log`,
      end(files.access, MB(mb)),
      async (t) => {
        const e = await exploreLog(t, files.access, MB(mb))
        return `${e.parsed.toLocaleString('en')} requests`
      },
    )
  }
  // A moment in the middle of the 2 GB log: raw, the user's grep for its minute on the server.
  const big = statSync(files.big).size
  const middle = await (async () => {
    const t = await connected(sshd.port)
    const r = await t.openReader(files.big)
    const b = await r.read(Math.floor(big / 2), 4096)
    await r.close()
    await t.close()
    const line = b.toString('utf8').split('\n')[1]!
    return lineTime(line)!
  })()
  const clf = new Date(middle + 3_600_000).toUTCString().split(' ') // the log is in +0100
  const minute = `${clf[1]}/${clf[2]}/${clf[3]}:${clf[4]!.slice(0, 5)}`
  await row(
    `open a ${(big / (1 << 30)).toFixed(1)} GB log at a moment (5 minutes)`,
    `grep -F '${minute}' ${files.big}`,
    async (t) => {
      const w = await logWindow(t, files.big, middle, 5)
      return `${w.lines.length.toLocaleString('en')} lines, ${w.reads} reads, ${(w.bytesRead / (1 << 20)).toFixed(2)} MB read`
    },
  )
  await row(
    `a slow log of ${(statSync(files.slow).size / (1 << 20)).toFixed(0)} MB`,
    `cat ${files.slow}`,
    async (t) => {
      const r = await analyzeSlowlogs([targetSource(t, files.slow)])
      return `${r.entries.toLocaleString('en')} entries`
    },
  )
  if (!quick) {
    await row(
      `open a ${(statSync(files.profile).size / (1 << 20)).toFixed(0)} MB Xdebug profile`,
      `cat ${files.profile}`,
      async (t) => {
        const { view } = await parseProfileView(
          targetSource(t, files.profile),
          join(APP_ROOT, 'out/main/cachegrind-worker.js'),
        )
        return `${view.functions.length.toLocaleString('en')} functions`
      },
    )
    // The same profile as Xdebug writes it compressed (`xdebug.use_compression`): read as it is.
    await row(
      `open the same profile gzipped (${(statSync(files.profileGz).size / (1 << 20)).toFixed(0)} MB .gz)`,
      `cat ${files.profileGz}`,
      async (t) => {
        const { view } = await parseProfileView(
          targetSource(t, files.profileGz),
          join(APP_ROOT, 'out/main/cachegrind-worker.js'),
        )
        return `${view.functions.length.toLocaleString('en')} functions, read as it is`
      },
    )
    await row(`download a ${MB(256) >> 20} MB file`, `cat ${files.access}`, async (t) => {
      const local = join(work.path, 'downloaded')
      const size = statSync(files.access).size
      const compressed = await t.reads.worthCompressing(files.access, size)
      await t.download(files.access, local)
      return compressed ? 'streamed through the server’s gzip' : 'SFTP, 128 requests in flight'
    })
  }
  await otherWorkflows(port, row, quick)
  await ssh(port, 'true').catch(() => undefined)
  await shaper.stop()
}

type RowFn = (
  workflow: string,
  raw: string | (() => Promise<unknown>),
  twb: (t: SshTarget) => Promise<string>,
) => Promise<void>

/** A tail's catch-up after a reconnection, a schema snapshot, a clone. */
async function otherWorkflows(port: number, row: RowFn, quick: boolean): Promise<void> {
  // What the log wrote while the connection was down, read as the tail reads it after a
  // reconnection (the reconnection's own handshake is in neither figure: ControlMaster).
  const size = statSync(files.access).size
  const offset = size - MB(64)
  await row(
    `tail catch-up after a reconnect (${MB(64) >> 20} MB written meanwhile)`,
    `tail -c +${offset + 1} ${files.access}`,
    async (t) => {
      let lines = 0
      const ctx: JobContext = {
        id: 'bench',
        signal: new AbortController().signal,
        push: () => (lines++, true),
        drained: async () => undefined,
        progress: () => undefined,
      }
      const resumeAt = await catchUp(t, files.access, offset, ctx, true)
      return `${lines.toLocaleString('en')} lines, tail resumes ${size - resumeAt} bytes before the end`
    },
  )
  const mysql = `-h 127.0.0.1 -P ${db.port} -u ${SHOP.user} -p${SHOP.password}`
  await row(
    `a schema snapshot (${TABLES} tables)`,
    `mysqldump --no-defaults --no-data ${mysql} big`,
    async (t) => {
      const conn = await connectDatabase(
        {
          host: '127.0.0.1',
          port: db.port,
          user: SHOP.user,
          password: SHOP.password,
          database: 'big',
        },
        t,
      )
      const snap = await takeSnapshot(conn, 'big', null)
      await conn.end()
      return `${Object.keys(snap.tables).length} tables, batched queries through the tunnel`
    },
  )
  if (quick) return
  // A clone: raw is what a user types — rsync of the tree, mysqldump through ssh.
  const home = tempDir('bench-wan-home')
  const twb = cliRunnerAsync(home.path)
  const added = await twb(...addServerArgs('Far', { ...sshd, port }, '--root', files.site))
  if (added.code !== 0) throw new Error(added.err)
  await twb('server', 'trust', 'Far', '--yes')
  const rawCopy = join(work.path, 'clone-raw')
  const twbCopy = join(work.path, 'clone-twb')
  await row(
    `clone a site: ${MB(1024) >> 20} MB of files (a quarter code, the rest images) and a ${MB(200) >> 20} MB database`,
    async () => {
      const sshCommand = ['ssh', ...sshClientOptions(sshd), '-p', String(port)].join(' ')
      await execFileAsync('rsync', [
        '-a',
        '-e',
        sshCommand,
        `${sshd.user}@127.0.0.1:${files.site}/`,
        `${rawCopy}/`,
      ])
      await ssh(port, `mysqldump --no-defaults --single-transaction ${mysql} shop`)
    },
    async () => {
      const r = await twb(
        'clone',
        'Far',
        '--to',
        twbCopy,
        '--db-dump',
        `${twbCopy}.sql.gz`,
        '--json',
      )
      if (r.code !== 0) throw new Error(r.err)
      const report = JSON.parse(r.out) as {
        files: { compressed: boolean }
        database: { bytes: number }
      }
      return `rsync ${report.files.compressed ? '-z (link measured slow)' : 'as it is'}, mysqldump through the server’s gzip (${(report.database.bytes / 1e6).toFixed(0)} MB on the wire)`
    },
  )
  home.remove()
}

it('times remote workflows raw and with the workbench over two links', async () => {
  await workflows(LINKS[0]!, false)
  await workflows(LINKS[1]!, true)
  // Loopback: the link is faster than gzip, the workbench must read raw and stay as fast.
  const loop: string[] = []
  for (const reads of ['sftp', 'auto'] as const) {
    const secs: number[] = []
    let how = ''
    for (let k = 0; k < 3; k++) {
      const t = await connected(sshd.port, reads)
      const started = performance.now()
      const s = await t.readStream(files.access, { start: statSync(files.access).size - MB(64) })
      for await (const chunk of s) void chunk
      secs.push((performance.now() - started) / 1000)
      how = readStats(s)?.method ?? ''
      await t.close()
    }
    secs.sort((a, b) => a - b)
    loop.push(`${reads}: ${secs[1]!.toFixed(3)} s (${how})`)
  }
  const table = [
    '| link | workflow | raw s | raw MB on wire | twb s | twb MB on wire | twb ÷ raw time | what twb did |',
    '| ---- | -------- | ----: | -------------: | ----: | -------------: | -------------: | ------------ |',
    ...rows.map(
      (r) =>
        `| ${r.link} | ${r.workflow} | ${r.raw.secs.toFixed(2)} | ${(r.raw.wire / 1e6).toFixed(1)} | ${r.twb.secs.toFixed(2)} | ${(r.twb.wire / 1e6).toFixed(1)} | ${(r.twb.secs / r.raw.secs).toFixed(2)} | ${r.twb.how} |`,
    ),
  ]
  const report = [
    `\nWAN benchmark (${new Date().toISOString().slice(0, 10)}, ${process.version}, scale ${SCALE}):`,
    ...table,
    `Loopback, the last ${MB(64) >> 20} MB read (median of 3): ${loop.join('; ')}`,
  ].join('\n')
  console.log(report)
})
