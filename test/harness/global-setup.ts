import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ensureRequirements } from './bootstrap'

export default function setup(): void {
  ensureRequirements()
  const root = join(__dirname, '..', '..')
  if (
    !existsSync(join(root, 'out', 'renderer', 'index.html')) ||
    !existsSync(join(root, 'out', 'main', 'cli.js'))
  ) {
    throw new Error('The app is not built: run "npm run build" (npm test does it first).')
  }
}
