import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { tempDir } from './process'

export const APP_ROOT = join(__dirname, '..', '..')

export interface ServedApp {
  url: string
  origin: string
  token: string
  home: string
  child: ChildProcess
  output(): string
  stop(): Promise<void>
}

/** Starts web mode exactly as a user would: `twb serve --no-open`, reading the URL it prints. */
export async function serveApp(env: NodeJS.ProcessEnv = {}): Promise<ServedApp> {
  const home = tempDir('home')
  const child = spawn(
    process.execPath,
    [join(APP_ROOT, 'bin', 'twb.js'), 'serve', '--no-open', '--port', '0'],
    {
      env: { ...process.env, TWB_HOME: home.path, LANG: 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let buf = ''
    child.stdout!.on('data', (b: Buffer) => {
      buf += b.toString()
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)$/m.exec(buf)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`twb serve exited with ${code}: ${out}`)))
    setTimeout(() => reject(new Error(`twb serve printed no URL: ${buf} ${out}`)), 15_000)
  })
  const parsed = new URL(url)
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    home: home.path,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      home.remove()
    },
  }
}
