// Worker thread: parses one profile from the chunks posted to it, answers with the view.
import { parentPort } from 'node:worker_threads'
import { createCachegrindParser, ProfileFormatError, toProfileView } from '../../core/profiles'
import type { ProfileWorkerReply, ProfileWorkerRequest } from './protocol'

const port = parentPort
if (port) {
  const parser = createCachegrindParser()
  let failed = false
  port.on('message', (msg: ProfileWorkerRequest) => {
    if (failed) return
    try {
      if ('chunk' in msg) {
        parser.push(msg.chunk)
        port.postMessage({ ack: msg.chunk.length } satisfies ProfileWorkerReply)
        return
      }
      port.postMessage({ view: toProfileView(parser.end()) } satisfies ProfileWorkerReply)
    } catch (err) {
      failed = true
      const format = err instanceof ProfileFormatError
      port.postMessage({
        error: {
          ...(format ? { line: err.line } : {}),
          message: (err as Error).message,
          format,
        },
      } satisfies ProfileWorkerReply)
    }
  })
}
