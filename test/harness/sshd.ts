// A real OpenSSH sshd on 127.0.0.1 with its own config, host key and authorized key, in a
// temp dir; started in the foreground (-D -e) so its PID is the daemon's, stopped by PID.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
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

export async function startSshd(): Promise<TestSshd> {
  const tmp = tempDir('sshd')
  const dir = tmp.path
  chmodSync(dir, 0o755)
  const keygen = (file: string): void => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'twb-test', '-f', file])
  }
  keygen(join(dir, 'host_key'))
  keygen(join(dir, 'client_key'))
  const authorized = join(dir, 'authorized_keys')
  writeFileSync(authorized, readFileSync(join(dir, 'client_key.pub')))
  chmodSync(authorized, 0o644)
  const port = await freePort()
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
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      `PidFile ${join(dir, 'sshd.pid')}`,
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
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
