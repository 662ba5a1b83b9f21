// `npm test`: typecheck, lint, build, then every vitest project (unit, integration against
// real sshd/MariaDB, the Electron shell against a recording electron and from file://, e2e in
// Chromium). Ends with one plain summary line that CI reads.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const results = join(root, 'test-results')
mkdirSync(results, { recursive: true })
const report = join(results, 'vitest.json')

function step(name, cmd, args) {
  const started = Date.now()
  process.stdout.write(`\n▶ ${name}\n`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env })
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  if (r.status !== 0) {
    process.stdout.write(`✖ ${name} failed (${secs} s)\n`)
    return false
  }
  process.stdout.write(`✔ ${name} (${secs} s)\n`)
  return true
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
let ok =
  step('typecheck', 'npm', ['run', '--silent', 'typecheck']) &&
  step('lint', 'npm', ['run', '--silent', 'lint']) &&
  step('build', 'npm', ['run', '--silent', 'build'])

let passed = 0
let failed = 0
let skipped = 0
if (ok) {
  ok = step('tests (unit, integration, electron-shell, e2e)', npx, [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ])
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'))
    passed = json.numPassedTests ?? 0
    failed = json.numFailedTests ?? 0
    skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0)
    if (json.numTotalTestSuites > 0 && json.numFailedTestSuites > 0 && failed === 0)
      failed = json.numFailedTestSuites
  }
  if (!ok && failed === 0) failed = 1
  if (passed === 0) ok = false
} else {
  failed = 1
}

process.stdout.write(
  `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
)
process.exit(ok && failed === 0 ? 0 : 1)
