import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { APP_ROOT } from './app'

export interface CliRun {
  code: number | null
  out: string
  err: string
}

/** Runs the built `twb` as a user would, with its data in `home`. */
export function cliRunner(
  home: string,
  env: NodeJS.ProcessEnv = {},
): (...args: string[]) => CliRun {
  return (...args) => {
    const r = spawnSync(process.execPath, [join(APP_ROOT, 'bin', 'twb.js'), ...args], {
      env: { ...process.env, TWB_HOME: home, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    })
    return { code: r.status, out: r.stdout, err: r.stderr }
  }
}

/**
 * The same, without blocking this process: for a CLI that talks to something this process
 * serves (the test link shaper), which a synchronous run would stall.
 */
export function cliRunnerAsync(
  home: string,
  env: NodeJS.ProcessEnv = {},
): (...args: string[]) => Promise<CliRun> {
  return (...args) =>
    new Promise<CliRun>((resolve, reject) => {
      const child = spawn(process.execPath, [join(APP_ROOT, 'bin', 'twb.js'), ...args], {
        env: { ...process.env, TWB_HOME: home, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      let err = ''
      child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t))
      child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t))
      child.once('error', reject)
      child.once('close', (code) => resolve({ code, out, err }))
    })
}

/** `twb server add NAME` for the test sshd with its client key, plus any further options. */
export function addTestServer(
  twb: (...args: string[]) => CliRun,
  name: string,
  sshd: { port: number; user: string; privateKeyPath: string },
  ...options: string[]
): CliRun {
  return twb(...addServerArgs(name, sshd, ...options))
}

/** The arguments of that `twb server add` (for the asynchronous runner). */
export function addServerArgs(
  name: string,
  sshd: { port: number; user: string; privateKeyPath: string },
  ...options: string[]
): string[] {
  return [
    'server',
    'add',
    name,
    '--host',
    '127.0.0.1',
    '--port',
    String(sshd.port),
    '--user',
    sshd.user,
    '--key',
    sshd.privateKeyPath,
    ...options,
  ]
}
