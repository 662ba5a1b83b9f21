// A real Apache 2.4 (Debian's apache2-bin) on 127.0.0.1 and a free port, its own ServerRoot in a
// temp dir, a document root that honours .htaccess (AllowOverride All); stopped by PID.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { findBinary, REQUIREMENTS } from './bootstrap'
import { canConnect, freePort, startDaemon, tempDir, waitFor, type Daemon } from './process'

export interface TestApache {
  port: number
  /** The document root (.htaccess and pages go here). */
  site: string
  daemon: Daemon
  stop(): Promise<void>
}

const MODULES = '/usr/lib/apache2/modules'

export async function startApache(): Promise<TestApache> {
  const binary = findBinary(REQUIREMENTS.find((r) => r.binary === 'apache2')!)
  if (!binary) throw new Error('apache2 is not installed')
  const tmp = tempDir('apache')
  const dir = tmp.path
  const site = join(dir, 'site')
  mkdirSync(site)
  // Apache's children run as another user when started as root: they must read the site.
  chmodSync(dir, 0o755)
  const port = await freePort()
  writeFileSync(join(dir, 'mime.types'), 'text/html html\ntext/plain txt\n')
  const modules = ['mpm_event', 'authz_core', 'rewrite', 'alias', 'dir', 'mime']
  writeFileSync(
    join(dir, 'httpd.conf'),
    [
      `ServerRoot ${dir}`,
      `Listen 127.0.0.1:${port}`,
      'ServerName 127.0.0.1',
      `PidFile ${join(dir, 'httpd.pid')}`,
      `ErrorLog ${join(dir, 'error.log')}`,
      `TypesConfig ${join(dir, 'mime.types')}`,
      ...modules.map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
      ...(process.getuid?.() === 0 ? ['User daemon', 'Group daemon'] : []),
      `DocumentRoot ${site}`,
      `<Directory ${site}>`,
      '  AllowOverride All',
      '  Require all granted',
      '</Directory>',
      '',
    ].join('\n'),
  )
  const daemon = startDaemon(binary, ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], {
    ...process.env,
    APACHE_RUN_DIR: dir,
    APACHE_LOCK_DIR: dir,
    APACHE_LOG_DIR: dir,
  })
  try {
    await waitFor(`apache on port ${port}`, () => canConnect(port), 20_000, daemon)
  } catch (err) {
    // Apache writes its start-up errors to its ErrorLog, not to the terminal.
    let log = ''
    try {
      log = readFileSync(join(dir, 'error.log'), 'utf8')
    } catch {
      // none written
    }
    await daemon.stop()
    tmp.remove()
    throw new Error(`${(err as Error).message}\n${log}`, { cause: err })
  }
  return {
    port,
    site,
    daemon,
    stop: async () => {
      await daemon.stop()
      tmp.remove()
    },
  }
}
