import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

export function findChromium(path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    for (const name of CANDIDATES) {
      const file = join(dir, name)
      if (existsSync(file)) return file
    }
  }
  return null
}

/** Opens the URL in a Chromium `--app` window with its own profile; false when none is installed. */
export function openAppWindow(url: string, profileDir: string): boolean {
  const chromium = findChromium()
  if (!chromium) return false
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ]
  // Chromium refuses to start as root unless its sandbox is off.
  if (process.getuid?.() === 0) args.push('--no-sandbox')
  const child = spawn(chromium, args, { detached: true, stdio: 'ignore' })
  child.on('error', () => undefined)
  child.unref()
  return true
}
