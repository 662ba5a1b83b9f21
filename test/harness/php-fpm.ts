// A real php-fpm with a slow log, on 127.0.0.1 and a free port, in a temp dir, stopped by PID;
// requests are sent straight to FastCGI with cgi-fcgi (no web server needed).
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { findBinary, REQUIREMENTS } from './bootstrap'
import { canConnect, freePort, startDaemon, tempDir, waitFor, type Daemon } from './process'

export interface TestPhpFpm {
  port: number
  dir: string
  /** Where scripts go (the document root). */
  site: string
  slowlog: string
  /** The pool's access log, in the host's `access.format` (request time and duration). */
  accessLog: string
  errorLog: string
  daemon: Daemon
  /** Sends a request through FastCGI and returns the raw response. */
  request(method: string, uri: string, script: string): string
  stop(): Promise<void>
}

export async function startPhpFpm(
  options: { slowlogTimeoutSec?: number } = {},
): Promise<TestPhpFpm> {
  const binary = findBinary(REQUIREMENTS.find((r) => r.binary === 'php-fpm')!)
  if (!binary) throw new Error('php-fpm is not installed')
  const tmp = tempDir('php-fpm')
  const dir = tmp.path
  const site = join(dir, 'site')
  mkdirSync(site)
  const port = await freePort()
  const slowlog = join(dir, 'www.slow')
  const errorLog = join(dir, 'php-fpm.log')
  const accessLog = join(dir, 'www.access.log')
  const asRoot = process.getuid?.() === 0
  const config = join(dir, 'php-fpm.conf')
  writeFileSync(
    config,
    [
      '[global]',
      `pid = ${join(dir, 'fpm.pid')}`,
      `error_log = ${errorLog}`,
      'daemonize = no',
      '[www]',
      ...(asRoot ? ['user = root', 'group = root'] : []),
      `listen = 127.0.0.1:${port}`,
      'pm = static',
      'pm.max_children = 2',
      `slowlog = ${slowlog}`,
      `request_slowlog_timeout = ${options.slowlogTimeoutSec ?? 1}s`,
      'request_slowlog_trace_depth = 20',
      'catch_workers_output = yes',
      `access.log = ${accessLog}`,
      // The host's format (shared/samples/README.md).
      'access.format = "%R - %u %t \\"%m %r%Q%q\\" %s %f %{mili}d %{kilo}M %C%%"',
      '',
    ].join('\n'),
  )
  const daemon = startDaemon(binary, [
    '--nodaemonize',
    '--fpm-config',
    config,
    ...(asRoot ? ['-R'] : []),
    '-n',
  ])
  await waitFor(`php-fpm on port ${port}`, () => canConnect(port), 20_000, daemon)
  return {
    port,
    dir,
    site,
    slowlog,
    accessLog,
    errorLog,
    daemon,
    request: (method, uri, script) => {
      const [path, query = ''] = uri.split('?')
      const r = spawnSync('cgi-fcgi', ['-bind', '-connect', `127.0.0.1:${port}`], {
        env: {
          ...process.env,
          SCRIPT_FILENAME: join(site, script),
          SCRIPT_NAME: path,
          REQUEST_METHOD: method,
          REQUEST_URI: uri,
          QUERY_STRING: query,
          GATEWAY_INTERFACE: 'CGI/1.1',
          SERVER_PROTOCOL: 'HTTP/1.1',
        },
        encoding: 'utf8',
        timeout: 30_000,
      })
      return r.stdout
    },
    stop: async () => {
      await daemon.stop()
      tmp.remove()
    },
  }
}
