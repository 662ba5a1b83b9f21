// Real Xdebug profiles: a PHP script run by the CLI with Debian's php-xdebug in profile mode.
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Runs `script` with Xdebug profiling every request; returns the profiles written in `outDir`. */
export function profileScript(script: string, args: string[], outDir: string): string[] {
  execFileSync(
    'php',
    [
      '-d',
      'xdebug.mode=profile',
      '-d',
      'xdebug.start_with_request=yes',
      '-d',
      `xdebug.output_dir=${outDir}`,
      '-d',
      'xdebug.profiler_output_name=cachegrind.out.%p',
      script,
      ...args,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }, // a failure carries PHP's message
  )
  return readdirSync(outDir)
    .filter((f) => f.startsWith('cachegrind.out.'))
    .map((f) => join(outDir, f))
}
