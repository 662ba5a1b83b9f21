// A real MariaDB server with binary logging, in a temp datadir on 127.0.0.1 and a free port,
// stopped by PID. Root has no password and may connect over TCP from 127.0.0.1.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { canConnect, freePort, startDaemon, tempDir, waitFor, type Daemon } from './process'

export interface TestMariadb {
  host: '127.0.0.1'
  port: number
  socket: string
  user: 'root'
  dataDir: string
  binlogBase: string
  daemon: Daemon
  /** Runs SQL through the real `mariadb` client and returns its tab-separated output. */
  sql(statements: string, database?: string): string
  stop(): Promise<void>
}

export interface MariadbOptions {
  binlogFormat?: 'ROW' | 'STATEMENT' | 'MIXED'
}

export async function startMariadb(options: MariadbOptions = {}): Promise<TestMariadb> {
  const tmp = tempDir('mariadb')
  const dataDir = join(tmp.path, 'data')
  const socket = join(tmp.path, 'mysqld.sock')
  const asRoot = process.getuid?.() === 0
  const user = asRoot ? ['--user=root'] : []
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...user,
    ],
    { stdio: 'pipe' },
  )
  const port = await freePort()
  const binlogBase = join(dataDir, 'mariadb-bin')
  const daemon = startDaemon('/usr/sbin/mariadbd', [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--socket=${socket}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--pid-file=${join(tmp.path, 'mysqld.pid')}`,
    `--log-bin=${binlogBase}`,
    '--server-id=1',
    `--binlog-format=${options.binlogFormat ?? 'ROW'}`,
    '--innodb-buffer-pool-size=32M',
    ...user,
  ])
  await waitFor(
    `mariadbd on port ${port}`,
    async () => existsSync(socket) && (await canConnect(port)),
    60_000,
    daemon,
  )
  const sql = (statements: string, database?: string): string =>
    execFileSync(
      'mariadb',
      [
        '--no-defaults',
        '-uroot',
        `--socket=${socket}`,
        '-N',
        '-B',
        ...(database ? [database] : []),
      ],
      {
        input: statements,
      },
    ).toString('utf8')
  // Allow TCP logins from 127.0.0.1 (install-db only creates root@localhost for the socket).
  sql(
    "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;",
  )
  return {
    host: '127.0.0.1',
    port,
    socket,
    user: 'root',
    dataDir,
    binlogBase,
    daemon,
    sql,
    stop: async () => {
      await daemon.stop()
      tmp.remove()
    },
  }
}
