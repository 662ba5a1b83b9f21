// Timing of whole commands for the benchmarks: wall time and peak memory (GNU time's %M).
import { spawnSync } from 'node:child_process'

export interface Timed {
  secs: number
  maxRssMb: number
}

/** grep stops at the first match when its output is /dev/null, so output is piped by default. */
export function timed(
  cmd: string,
  args: string[],
  output: 'ignore' | 'pipe' = 'pipe',
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Timed {
  const started = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    stdio: ['ignore', output, 'pipe'],
    maxBuffer: 1 << 28,
    ...options,
  })
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.toString()}`)
  const kb = r.stderr.toString().trim().split('\n').at(-1)!.split(' ')[1]
  return { secs: elapsed, maxRssMb: Number(kb) / 1024 }
}

/** The median of `rounds` runs, by wall time. */
export function medianOf(rounds: number, run: () => Timed): Timed {
  const runs = Array.from({ length: rounds }, run)
  return runs.sort((a, b) => a.secs - b.secs)[Math.floor(rounds / 2)]!
}

/** Memory that grows with what a process keeps: its JS heap and what typed arrays hold outside it. */
export function held(): number {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}
