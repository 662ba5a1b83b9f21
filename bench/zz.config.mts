import { defineConfig } from 'vitest/config'

// Benchmarks are scripts that measure and report; they run under vitest only to share the
// test harness (real sshd, MariaDB). They are not part of `npm test` and assert no timings.
export default defineConfig({
  test: {
    include: ['bench/zz-*.bench.ts'],
    globalSetup: ['test/harness/temp-root.ts', 'test/harness/global-setup.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    // global.gc(): memory is measured after a collection, not with the garbage of the moment.
    execArgv: ['--expose-gc', '--cpu-prof', '--cpu-prof-dir=/tmp/xb/prof2'],
  },
})
