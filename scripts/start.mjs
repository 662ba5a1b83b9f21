// `npm start`: the Electron window when its binary is available (fetched on first start on a
// machine with internet), else web mode in a Chromium --app window, with one line saying why.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const electronDir = join(root, 'node_modules', 'electron')
const forceWeb = process.argv.includes('--web') || process.env.TWB_WEB === '1'

function electronBinary() {
  try {
    const rel = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim()
    const bin = join(electronDir, 'dist', rel)
    return existsSync(bin) ? bin : null
  } catch {
    return null
  }
}

if (
  !existsSync(join(root, 'out', 'main', 'cli.js')) ||
  !existsSync(join(root, 'out', 'renderer', 'index.html'))
) {
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}

let bin = forceWeb ? null : electronBinary()
let why = forceWeb ? 'web mode requested' : ''
if (!bin && !forceWeb) {
  // Electron fetches its binary outside the npm registry; try once, quietly, with a time limit.
  const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: root,
    stdio: 'ignore',
    timeout: 120_000,
  })
  bin = fetched.status === 0 ? electronBinary() : null
  why = 'the Electron binary could not be downloaded on this machine'
}

if (bin) {
  const child = spawn(bin, ['.'], { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  process.stderr.write(`TW Workbench: starting web mode (${why}).\n`)
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'twb.js'), 'serve', ...process.argv.slice(2).filter((a) => a !== '--web')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
  const stop = () => child.kill('SIGTERM')
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  child.on('exit', (code) => process.exit(code ?? 0))
}
