// Files of a clone: the system rsync over the system ssh, pinned to the host key the workbench
// trusts; progress from --info=progress2; checksums for verification.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { quoteArg } from '../../../core/text'
import { ServiceError } from '../platform'
import type { SystemSshLogin } from '../platform'
import type { FileProgress } from '../../../shared/clone'
import type { SshTarget } from '../platform'

/** The `ssh` command rsync runs, pinned to the host key the workbench verified, and its env. */
export interface Rsh {
  command: string
  env: NodeJS.ProcessEnv
  remote: string
  cleanup(): void
}

export async function systemSsh(target: SshTarget, login: SystemSshLogin): Promise<Rsh> {
  if (login.problem) throw new ServiceError('AUTH_FAILED', login.problem)
  if (login.jump) {
    throw new ServiceError(
      'BAD_REQUEST',
      'Copying files through a jump host is not supported yet: clone from a server reached directly.',
    )
  }
  await target.connect() // verifies the host key against the one trusted
  const blob = target.hostKeyBlob
  if (!blob) throw new ServiceError('CONNECTION_LOST', 'The server did not show its host key.')
  const type = blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('latin1')
  const dir = mkdtempSync(join(tmpdir(), 'twb-ssh-'))
  const alias = `twb-${target.id}`
  const knownHosts = join(dir, 'known_hosts')
  writeFileSync(knownHosts, `${alias} ${type} ${blob.toString('base64')}\n`, { mode: 0o600 })
  const options = [
    'ssh',
    '-p',
    String(login.port),
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    `HostKeyAlias=${alias}`,
    '-o',
    'ServerAliveInterval=15',
    '-o',
    'ConnectTimeout=20',
    ...(login.keyFile ? ['-o', 'IdentitiesOnly=yes', '-i', login.keyFile] : []),
    '-l',
    login.user,
  ]
  return {
    command: options.map(quoteArg).join(' '),
    env: {
      ...process.env,
      ...(login.agentSocket ? { SSH_AUTH_SOCK: login.agentSocket } : { SSH_AUTH_SOCK: '' }),
    },
    remote: login.host,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export interface RsyncResult {
  /** Lines rsync printed on stdout (itemized changes, stats). */
  lines: string[]
  stats: Record<string, string>
}

/** Runs the system rsync; progress from `--info=progress2`; a clear error when it fails. */
export async function runRsync(
  args: string[],
  env: NodeJS.ProcessEnv,
  onProgress?: (p: FileProgress) => void,
  signal?: AbortSignal,
): Promise<RsyncResult> {
  const child = spawn('rsync', args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const onAbort = (): void => void child.kill('SIGTERM')
  signal?.addEventListener('abort', onAbort, { once: true })
  const lines: string[] = []
  let err = ''
  let pending = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (text: string) => {
    pending += text
    const parts = pending.split(/[\r\n]/)
    pending = parts.pop() ?? ''
    for (const part of parts) {
      const m = /^\s*([\d,]+)\s+(\d+)%\s+(\S+)\s+(\d+:\d+:\d+)/.exec(part)
      if (m) {
        onProgress?.({
          bytes: Number(m[1]!.replaceAll(',', '')),
          percent: Number(m[2]),
          rate: m[3]!,
          eta: m[4]!,
        })
      } else if (part.trim()) lines.push(part)
    }
  })
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (text: string) => (err = (err + text).slice(-8000)))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        reject(
          new ServiceError(
            'MISSING_TOOL',
            'rsync is not installed on this computer (Debian/Ubuntu: apt-get install rsync).',
          ),
        )
      } else reject(e)
    })
    child.once('close', resolve)
  })
  signal?.removeEventListener('abort', onAbort)
  if (pending.trim()) lines.push(pending)
  if (signal?.aborted)
    throw new ServiceError('CANCELLED', 'Copy cancelled: run it again to resume.')
  if (code !== 0) {
    if (/rsync: (command )?not found|rsync: No such file/.test(err) || code === 127) {
      throw new ServiceError(
        'MISSING_TOOL',
        'rsync is missing on the server: the host must provide it in the jail to copy files.',
      )
    }
    if (/Host key verification failed|REMOTE HOST IDENTIFICATION/.test(err)) {
      throw new ServiceError(
        'HOST_KEY_CHANGED',
        'ssh refused the host key: it is not the one the workbench trusts for this server.',
      )
    }
    if (/Permission denied \(/.test(err)) {
      throw new ServiceError('AUTH_FAILED', "The server refused the key for rsync's ssh login.")
    }
    throw new ServiceError(
      'IO',
      `rsync stopped (exit code ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`,
    )
  }
  const stats: Record<string, string> = {}
  for (const l of lines) {
    const m = /^([A-Z][A-Za-z ]+?): (.+)$/.exec(l)
    if (m) stats[m[1]!] = m[2]!
  }
  return { lines, stats }
}

/** `Number of files: 1,234 (reg: 1,000, dir: 234)` → 1234. */
export function statNumber(stats: Record<string, string>, key: string): number {
  const m = /^([\d,]+)/.exec(stats[key] ?? '')
  return m ? Number(m[1]!.replaceAll(',', '')) : 0
}

export interface FileCopyOptions {
  /** The folder on the server (its CMS root when pulling, the destination when pushing). */
  cmsRoot: string
  /** Send the local folder `to` to the server instead of fetching. */
  push?: boolean
  to: string
  excludes: string[]
  bwlimitKBps?: number
  dryRun?: boolean
  /**
   * Compress on the wire (`-z`; rsync leaves images and archives as they are): for a slow link,
   * measured, never a guess — on a fast one it would only cost both ends' CPU.
   */
  compress?: boolean
  /** A previous copy: an unchanged file is a hard link to it (a snapshot costs what changed). */
  linkDest?: string
}

export function rsyncArgs(rsh: Rsh, o: FileCopyOptions, extra: string[]): string[] {
  const remote = `${rsh.remote}:${o.cmsRoot.replace(/\/?$/, '/')}`
  const local = `${o.to.replace(/\/?$/, '/')}`
  return [
    '-a',
    // The remote path goes to the remote rsync as data, not through its shell: a CMS root with
    // spaces or shell characters is safe with rsync builds older than 3.2.4 too.
    '--protect-args',
    '--delete', // the destination becomes an exact copy (excluded paths are left alone)
    ...o.excludes.map((e) => `--exclude=${e}`),
    ...(o.bwlimitKBps ? [`--bwlimit=${o.bwlimitKBps}`] : []),
    ...(o.compress ? ['--compress'] : []),
    ...(o.linkDest ? [`--link-dest=${o.linkDest}`] : []),
    ...extra,
    '-e',
    rsh.command,
    // Pull from the server, or push to it (a clone to another server, from the staging copy).
    ...(o.push ? [local, remote] : [remote, local]),
  ]
}

export async function copyFiles(
  rsh: Rsh,
  o: FileCopyOptions,
  onProgress?: (p: FileProgress) => void,
  signal?: AbortSignal,
): Promise<{ files: number; bytes: number; transferred: number; stats: Record<string, string> }> {
  if (!o.dryRun && !o.push) mkdirSync(o.to, { recursive: true })
  const r = await runRsync(
    rsyncArgs(rsh, o, [
      '--partial', // an interrupted copy resumes where it stopped
      '--info=progress2,stats2',
      '--no-inc-recursive',
      ...(o.dryRun ? ['--dry-run'] : []),
    ]),
    rsh.env,
    onProgress,
    signal,
  )
  // "Number of files: 3 (reg: 1, dir: 2)": the regular files, not the folders and links.
  const regular = /reg: ([\d,]+)/.exec(r.stats['Number of files'] ?? '')
  return {
    files: regular
      ? Number(regular[1]!.replaceAll(',', ''))
      : statNumber(r.stats, 'Number of files'),
    bytes: statNumber(r.stats, 'Total file size'),
    transferred: statNumber(r.stats, 'Total transferred file size'),
    stats: r.stats,
  }
}

/** Files that differ (content by checksum, or missing on either side): none after a good copy. */
export async function verifyFiles(
  rsh: Rsh,
  o: FileCopyOptions,
  signal?: AbortSignal,
): Promise<{ checked: number; differences: string[] }> {
  const r = await runRsync(
    rsyncArgs(rsh, { ...o, dryRun: true }, [
      '--dry-run',
      '--checksum',
      '--itemize-changes',
      '--out-format=%i %n',
      '--stats',
    ]),
    rsh.env,
    undefined,
    signal,
  )
  const differences = r.lines
    .filter((l) => /^([<>ch.*][fdLDS]|\*deleting)/.test(l))
    .map((l) => l.replace(/^\S+\s+/, ''))
  return { checked: statNumber(r.stats, 'Number of files'), differences }
}

// ---------------------------------------------------------------------------------------------
// Database
