// Worker thread: analyses the second part of a big local slow log while the main thread reads
// the first, and answers with its counts (merged by the main thread).
import { parentPort, workerData } from 'node:worker_threads'
import {
  slowlogWorkerPart,
  type SlowlogWorkerData,
  type SlowlogWorkerReply,
} from '../services/slowlog'

const port = parentPort
if (port) {
  slowlogWorkerPart(workerData as SlowlogWorkerData).then(
    (partial) => port.postMessage({ partial } satisfies SlowlogWorkerReply),
    (err: NodeJS.ErrnoException) =>
      port.postMessage({
        error: err.message,
        ...(err.code ? { code: err.code } : {}),
      } satisfies SlowlogWorkerReply),
  )
}
