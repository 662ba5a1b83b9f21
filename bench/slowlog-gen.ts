// A PHP-FPM slow log for the benchmarks, built from the real sample's entries.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { APP_ROOT } from '../test/harness/app'
import { writeLines } from './access-gen'

/**
 * Builds a slow log from the real sample's entry shapes: other pids, times, scripts, and the
 * frame addresses of 40 different children.
 */
export function writeSlowlog(file: string, sizeMb: number): void {
  const sample = readFileSync(join(APP_ROOT, 'resources/demo/var/log/php/www.slow'), 'utf8')
  const entries = sample
    .split('\n\n')
    .map((e) => e.trim())
    .filter(Boolean)
  let n = 0
  const scripts = [
    'index.php',
    'tb-slow.php',
    'wp-cron.php',
    'admin-ajax.php',
    'modules/shop/cart.php',
  ]
  writeLines(file, sizeMb << 20, () => {
    const base = entries[n % entries.length]!
    const second = n % 60
    const minute = Math.floor(n / 60) % 60
    const text = base
      .replace(
        /^\[[^\]]+\]/,
        `[28-Nov-2026 ${String(10 + (Math.floor(n / 3600) % 12)).padStart(2, '0')}:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}]`,
      )
      .replace(/pid \d+/, `pid ${10000 + (n % 5000)}`)
      // Each php-fpm child has its own VM stack: the frame addresses differ between children.
      .replace(/\[0x00007f5360a1/g, `[0x00007f53${(0x60a1 + ((n % 5000) % 40)).toString(16)}`)
      .replace(/site\/[a-z-]+\.php\n/, `site/${scripts[n % scripts.length]}\n`)
    n++
    // An entry starts after a blank line.
    return '\n' + text
  })
}
