import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `twb-${prefix}-`))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export interface Daemon {
  pid: number
  output(): string
  stop(): Promise<void>
}

/**
 * Starts a foreground daemon, keeps its output for error messages, stops it by PID. The output
 * goes to a file, not a pipe: a test that blocks its event loop (spawnSync of the CLI) cannot
 * drain a pipe, and a daemon that logs every connection (sshd -e) then blocks on a full pipe
 * and stalls every client.
 */
export function startDaemon(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Daemon {
  const logDir = tempDir('daemon-log')
  const log = join(logDir.path, 'output.log')
  const fd = openSync(log, 'a')
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', fd, fd], env })
  closeSync(fd)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  if (child.pid === undefined) throw new Error(`${cmd} did not start`)
  const output = (): string => {
    try {
      return readFileSync(log, 'utf8').slice(-20_000)
    } catch {
      return ''
    }
  }
  return {
    pid: child.pid,
    output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid!, 'SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      logDir.remove()
    },
  }
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
  daemon?: Daemon,
): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}${daemon ? `\n${daemon.output()}` : ''}`)
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
