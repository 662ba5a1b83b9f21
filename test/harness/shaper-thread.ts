// The link shaper (shaper.ts) in a worker thread of its own, as a kernel's network goes on while
// a process is busy: the benchmarks whose work is parsing on the main thread use it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { shaperHandle, type LinkProfile, type Shaper } from './shaper'

/**
 * The same shaper in a worker thread: the benchmark's own work (a parse on the main thread) no
 * longer holds the link's timers back, as a busy process does not stop the kernel's network.
 * The thread runs this file, made JavaScript by TypeScript's transpiler; the byte counts are
 * shared memory.
 */
export async function startShaperThread(targetPort: number, profile: LinkProfile): Promise<Shaper> {
  const ts = await import('typescript')
  const js = ts.transpileModule(
    readFileSync(fileURLToPath(new URL('./shaper.ts', import.meta.url)), 'utf8'),
    {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    },
  ).outputText
  const counts = new Float64Array(new SharedArrayBuffer(16))
  // A CommonJS file of its own (the package is ESM: an evaluated worker could not require).
  const file = join(mkdtempSync(join(tmpdir(), 'twb-shaper-')), 'shaper.cjs')
  writeFileSync(
    file,
    `${js}
const { parentPort, workerData } = require('node:worker_threads');
exports.startShaper(workerData.port, workerData.profile, new Float64Array(workerData.counts)).then((s) => {
  parentPort.on('message', () => s.stop().then(() => parentPort.postMessage('stopped')));
  parentPort.postMessage(s.port);
});
`,
  )
  const worker = new Worker(file, {
    workerData: { port: targetPort, profile, counts: counts.buffer },
  })
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  }).finally(() => rmSync(dirname(file), { recursive: true, force: true }))
  return shaperHandle(port, profile, counts, async () => {
    const stopped = new Promise((resolve) => worker.once('message', resolve))
    worker.postMessage('stop')
    await stopped
    await worker.terminate()
  })
}
