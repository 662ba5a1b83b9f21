// Worker thread: analyses the second part of a big local file (a slow log, an access log) while
// the main thread reads the first, and answers with its counts (merged by the main thread).
import { parentPort, workerData } from 'node:worker_threads'
import { accessWorkerPart, exploreWorkerPart } from '../services/logs'
import { slowlogWorkerPart } from '../services/slowlog'
import type { PartReply, PartRequest } from './protocol'

const port = parentPort
if (port) {
  const request = workerData as PartRequest
  const part: Promise<unknown> =
    request.kind === 'slowlog'
      ? slowlogWorkerPart(request)
      : request.kind === 'access'
        ? accessWorkerPart(request)
        : exploreWorkerPart(request)
  part.then(
    (partial) => port.postMessage({ partial } satisfies PartReply<unknown>),
    (err: NodeJS.ErrnoException) =>
      port.postMessage({
        error: err.message,
        ...(err.code ? { code: err.code } : {}),
      } satisfies PartReply<unknown>),
  )
}
