// A real OpenSSH sshd on 127.0.0.1 with its own config, host key and authorized key, in a
// temp dir; started in the foreground (-D -e) so its PID is the daemon's, stopped by PID.
import { SshTarget } from '../../src/main/services/platform/ssh-target'
import type { ReadPolicy } from '../../src/main/services/platform/remote-read'
import type { ServerProfileInput } from '../../src/shared/api'
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { canConnect, freePort, startDaemon, tempDir, waitFor, type Daemon } from './process'

export interface TestSshd {
  host: '127.0.0.1'
  port: number
  user: string
  /** The client's private key (OpenSSH format, no passphrase). */
  privateKey: Buffer
  privateKeyPath: string
  /** Host key fingerprint as OpenSSH prints it (`SHA256:…`). */
  hostFingerprint: string
  dir: string
  daemon: Daemon
  stop(): Promise<void>
}

export interface SshdOptions {
  /** Reuse this port (to restart a server, e.g. with another host key). */
  port?: number
  /** Reuse this folder's keys (client key and authorized keys); a new host key unless keepHostKey. */
  dir?: string
  keepHostKey?: boolean
  /** Extra sshd_config lines (Match blocks go last). */
  extra?: string[]
}

export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  const tmp = options.dir
    ? { path: options.dir, remove: () => rmSync(options.dir!, { recursive: true, force: true }) }
    : tempDir('sshd')
  const dir = tmp.path
  chmodSync(dir, 0o755)
  const keygen = (file: string): void => {
    rmSync(file, { force: true })
    rmSync(`${file}.pub`, { force: true })
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'twb-test', '-f', file])
  }
  if (!options.keepHostKey) keygen(join(dir, 'host_key'))
  if (!options.dir) keygen(join(dir, 'client_key'))
  const authorized = join(dir, 'authorized_keys')
  writeFileSync(authorized, readFileSync(join(dir, 'client_key.pub')))
  chmodSync(authorized, 0o644)
  const port = options.port ?? (await freePort())
  const config = join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${authorized}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication yes',
      'PermitEmptyPasswords no',
      'KbdInteractiveAuthentication no',
      'ClientAliveInterval 0',
      `PidFile ${join(dir, 'sshd.pid')}`,
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      ...(options.extra ?? []),
      '',
    ].join('\n'),
  )
  // Debian's sshd, started as root, wants its privilege separation folder.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 })
  const daemon = startDaemon('/usr/sbin/sshd', ['-D', '-e', '-f', config])
  await waitFor(`sshd on port ${port}`, () => canConnect(port), 15_000, daemon)
  const fp = execFileSync('ssh-keygen', [
    '-l',
    '-E',
    'sha256',
    '-f',
    join(dir, 'host_key.pub'),
  ]).toString()
  return {
    host: '127.0.0.1',
    port,
    user: userInfo().username,
    privateKey: readFileSync(join(dir, 'client_key')),
    privateKeyPath: join(dir, 'client_key'),
    hostFingerprint: fp.split(/\s+/)[1]!,
    dir,
    daemon,
    stop: async () => {
      await daemon.stop()
      tmp.remove()
    },
  }
}

/** PIDs of the per-connection sshd processes under the daemon (to drop sessions from the server side). */
export function sessionPids(daemonPid: number): number[] {
  const children: number[] = []
  for (const entry of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === daemonPid) children.push(Number(entry))
    } catch {
      // process ended meanwhile
    }
  }
  return children
}

/** As root: a local account with a password, for password logins (removed by the returned function). */
export function createPasswordUser(name: string, password: string): () => void {
  try {
    execFileSync('id', [name], { stdio: 'ignore' })
  } catch {
    execFileSync('useradd', ['-m', '-s', '/bin/sh', name])
  }
  execFileSync('chpasswd', { input: `${name}:${password}\n` })
  return () => {
    try {
      execFileSync('userdel', ['-r', name], { stdio: 'ignore' })
    } catch {
      // already gone
    }
  }
}

/** Every /proc process whose command line includes all `parts`. */
/** The processes running `name` itself (its argv[0]) with all of `parts` among its arguments. */
export function commandsRunning(name: string, ...parts: string[]): number[] {
  return processesWith(...parts).filter((pid) => {
    try {
      const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!
      return argv0 === name || argv0.endsWith(`/${name}`)
    } catch {
      return false
    }
  })
}

export function processesWith(...parts: string[]): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      if (parts.every((p) => argv.includes(p))) found.push(Number(entry))
    } catch {
      // process ended meanwhile
    }
  }
  return found
}

export interface TestJail {
  /** Root-owned jail folder (sshd refuses a ChrootDirectory with a writable component). */
  root: string
  user: string
  remove(): void
}

/**
 * As root: a chroot jail shaped like the platform's (a shell, a few tools and their libraries,
 * /dev/null, /var/log) and a user locked into it by `ChrootDirectory` (see `jailConfig`).
 */
export function createJail(
  user: string,
  tools: string[] = ['sh', 'cat', 'tail', 'ls', 'sleep', 'stat'],
  /** Several jails in one process: each its own name. */
  name = '',
): TestJail {
  const root = `/srv/twb-jail-${process.pid}${name ? `-${name}` : ''}`
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { mode: 0o755 })
  const copy = (file: string): void => {
    const dest = join(root, file)
    mkdirSync(join(dest, '..'), { recursive: true, mode: 0o755 })
    execFileSync('cp', ['-L', file, dest])
  }
  for (const tool of tools) {
    const path = execFileSync('sh', ['-c', `command -v ${tool}`])
      .toString()
      .trim()
    copy(path)
    if (path !== `/bin/${tool}`) {
      mkdirSync(join(root, 'bin'), { recursive: true })
      execFileSync('cp', ['-L', path, join(root, 'bin', tool)])
    }
    const libs = execFileSync('ldd', [path])
      .toString()
      .matchAll(/(\/[^\s)]+)/g)
    for (const [lib] of libs) copy(lib)
  }
  mkdirSync(join(root, 'dev'), { mode: 0o755 })
  execFileSync('mknod', ['-m', '666', join(root, 'dev', 'null'), 'c', '1', '3'])
  mkdirSync(join(root, 'var', 'log'), { recursive: true })
  // A jail has its own /tmp (mysqlbinlog writes its temporary files there).
  mkdirSync(join(root, 'tmp'))
  chmodSync(join(root, 'tmp'), 0o1777)
  mkdirSync(join(root, 'var', 'www', 'site'), { recursive: true })
  try {
    execFileSync('id', [user], { stdio: 'ignore' })
  } catch {
    execFileSync('useradd', ['-M', '-d', '/home/' + user, '-s', '/bin/sh', user])
  }
  execFileSync('usermod', ['-p', '*', user]) // unlocked for key logins with UsePAM no
  mkdirSync(join(root, 'home', user), { recursive: true })
  execFileSync('chown', [`${user}:`, join(root, 'home', user), join(root, 'var', 'www', 'site')])
  return {
    root,
    user,
    remove: () => {
      rmSync(root, { recursive: true, force: true })
      try {
        execFileSync('userdel', [user], { stdio: 'ignore' })
      } catch {
        // already gone
      }
    },
  }
}

export function jailConfig(jail: TestJail): string[] {
  return [`Match User ${jail.user}`, `  ChrootDirectory ${jail.root}`]
}

/** A server profile for the test sshd with its client key; `over` sets name, root, role… */
export function testProfile(
  sshd: TestSshd,
  over: Partial<ServerProfileInput> & { name: string },
): ServerProfileInput {
  return {
    host: '127.0.0.1',
    port: sshd.port,
    user: sshd.user,
    auth: 'key',
    keyFile: sshd.privateKeyPath,
    ...over,
  }
}

/** OpenSSH client options to reach the test sshd with its client key, host key unchecked. */
export function sshClientOptions(sshd: { privateKeyPath: string }): string[] {
  return [
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-i',
    sshd.privateKeyPath,
  ]
}

/**
 * The workbench's own SSH target to a test sshd, with its client key and its host key trusted:
 * through `port` (a shaper's) when given, as `user` (a jail's), reading by `reads`.
 */
export function sshdTarget(
  sshd: TestSshd,
  o: { id: string; port?: number; user?: string; reads?: ReadPolicy },
): SshTarget {
  return new SshTarget({
    id: o.id,
    endpoint: { host: '127.0.0.1', port: o.port ?? sshd.port, user: o.user ?? sshd.user },
    credentials: () => ({ privateKey: sshd.privateKey }),
    trustedFingerprint: () => sshd.hostFingerprint,
    ...(o.reads ? { reads: o.reads } : {}),
  })
}
