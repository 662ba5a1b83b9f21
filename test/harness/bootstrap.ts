// Makes sure the real software the tests talk to is installed. As root on Debian it installs
// what is missing with apt-get; anywhere else it stops with the exact command to run.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export interface Requirement {
  binary: string
  /** Where Debian puts it (sbin folders are often not on a user's PATH). */
  paths: string[]
  pkg: string
}

export const REQUIREMENTS: Requirement[] = [
  { binary: 'sshd', paths: ['/usr/sbin/sshd'], pkg: 'openssh-server' },
  { binary: 'ssh-keygen', paths: ['/usr/bin/ssh-keygen'], pkg: 'openssh-client' },
  { binary: 'mariadbd', paths: ['/usr/sbin/mariadbd'], pkg: 'mariadb-server' },
  { binary: 'mariadb-install-db', paths: ['/usr/bin/mariadb-install-db'], pkg: 'mariadb-server' },
  {
    binary: 'mysqlbinlog',
    paths: ['/usr/bin/mysqlbinlog', '/usr/bin/mariadb-binlog'],
    pkg: 'mariadb-client',
  },
  { binary: 'mariadb', paths: ['/usr/bin/mariadb'], pkg: 'mariadb-client' },
  { binary: 'rsync', paths: ['/usr/bin/rsync'], pkg: 'rsync' },
  // The reference the hex view of binary files is checked against.
  { binary: 'hexdump', paths: ['/usr/bin/hexdump'], pkg: 'bsdextrautils' },
  { binary: 'chromium', paths: ['/usr/bin/chromium'], pkg: 'chromium' },
  {
    binary: 'php-fpm',
    paths: [
      '/usr/sbin/php-fpm8.2',
      '/usr/sbin/php-fpm8.3',
      '/usr/sbin/php-fpm8.4',
      '/usr/sbin/php-fpm',
    ],
    pkg: 'php-fpm',
  },
  { binary: 'cgi-fcgi', paths: ['/usr/bin/cgi-fcgi'], pkg: 'libfcgi-bin' },
  { binary: 'php', paths: ['/usr/bin/php'], pkg: 'php-cli' },
  {
    // Xdebug's profiler writes the cachegrind files the profile viewer is tested on.
    binary: 'xdebug.so',
    paths: ['20220829', '20230831', '20240924'].map((api) => `/usr/lib/php/${api}/xdebug.so`),
    pkg: 'php-xdebug',
  },
  // lnav is the reference the access-log readers are checked against (../shared/peer logs).
  { binary: 'lnav', paths: ['/usr/bin/lnav'], pkg: 'lnav' },
  // valgrind's callgrind_annotate is the reference the profile parser is checked against.
  { binary: 'callgrind_annotate', paths: ['/usr/bin/callgrind_annotate'], pkg: 'valgrind' },
  // The front end the HTTP diagnosis is tested against (redirects, HTTP → HTTPS, PHP behind it).
  { binary: 'nginx', paths: ['/usr/sbin/nginx'], pkg: 'nginx-light' },
  { binary: 'openssl', paths: ['/usr/bin/openssl'], pkg: 'openssl' },
  // Apache with .htaccess (mod_rewrite, mod_alias): the binary and modules only, no service.
  { binary: 'apache2', paths: ['/usr/sbin/apache2'], pkg: 'apache2-bin' },
]

export function findBinary(req: Requirement): string | null {
  return req.paths.find((p) => existsSync(p)) ?? null
}

export function missingRequirements(): Requirement[] {
  return REQUIREMENTS.filter((r) => findBinary(r) === null)
}

export function installCommand(missing: Requirement[]): string {
  const pkgs = [...new Set(missing.map((r) => r.pkg))]
  return `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`
}

export function ensureRequirements(
  log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): void {
  const missing = missingRequirements()
  if (missing.length === 0) return
  const command = installCommand(missing)
  const isRoot = process.getuid?.() === 0
  const isDebian = existsSync('/etc/debian_version')
  if (!isRoot || !isDebian) {
    throw new Error(
      `Missing for the tests: ${missing.map((r) => r.binary).join(', ')}.\nInstall them with:\n  sudo sh -c '${command}'`,
    )
  }
  log(`[bootstrap] installing ${missing.map((r) => r.pkg).join(' ')} with apt-get…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync(
    'apt-get',
    ['install', '-y', '-qq', '--no-install-recommends', ...new Set(missing.map((r) => r.pkg))],
    {
      stdio: 'inherit',
      env,
    },
  )
  // Debian starts the services it installs; the tests run their own instances.
  for (const service of ['ssh', 'mariadb', 'php8.2-fpm', 'php-fpm', 'nginx']) {
    try {
      execFileSync('service', [service, 'stop'], { stdio: 'ignore' })
    } catch {
      // not running or no init system: nothing to stop
    }
  }
  const still = missingRequirements()
  if (still.length > 0)
    throw new Error(`apt-get did not provide: ${still.map((r) => r.binary).join(', ')}`)
}
