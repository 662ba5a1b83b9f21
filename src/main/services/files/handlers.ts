// The files calls: browse, read, edit (a user action), upload, download.
import { existsSync } from 'node:fs'
import type { FilesCalls } from '../../../shared/api'
import {
  flag,
  integer,
  object,
  ServiceError,
  text,
  writableServer,
  type CallHandlers,
  type SessionContext,
} from '../platform'
import { downloadPath, readRange, runDownload, saveEdit } from './files'
import { MAX_UPLOAD_CHUNK, UploadManager } from './uploads'

export function filesHandlers(ctx: SessionContext): CallHandlers<FilesCalls> {
  const { servers, jobs } = ctx
  const uploads = new UploadManager()
  return {
    'files:list': async (req) => {
      const r = object(req)
      return servers.target(text(r, 'server')).list(text(r, 'path'))
    },
    'files:read': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      return readRange(
        target,
        text(r, 'path'),
        integer(r, 'start', 0),
        integer(r, 'length', 256 << 10),
      )
    },
    'files:write': async (req) => {
      const r = object(req)
      const server = writableServer(ctx, r, 'change')
      const content = r.text
      if (typeof content !== 'string') {
        throw new ServiceError('BAD_REQUEST', '"text" must be a string.')
      }
      return saveEdit(
        servers.target(server.id),
        text(r, 'path'),
        content,
        integer(r, 'expectedMtimeMs', 0),
      )
    },
    'files:upload-begin': async (req) => {
      const r = object(req)
      const server = writableServer(ctx, r, 'upload')
      const upload = await uploads.begin(
        servers.target(server.id),
        text(r, 'path'),
        integer(r, 'size', 0),
        flag(r, 'overwrite', false),
      )
      return { upload }
    },
    'files:upload-chunk': async (req) => {
      const r = object(req)
      await uploads.chunk(
        text(r, 'upload'),
        integer(r, 'position', 0),
        text(r, 'data', 2 * MAX_UPLOAD_CHUNK),
      )
      return null
    },
    'files:upload-end': async (req) => {
      const r = object(req)
      return uploads.end(text(r, 'upload'), flag(r, 'abort', false))
    },
    'files:download': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const path = text(r, 'path')
      const target = servers.target(server.id)
      const st = await target.stat(path)
      if (st.type === 'dir')
        throw new ServiceError('NOT_A_FILE', `${path}: is a folder; download files one by one.`)
      const to = downloadPath(ctx.downloadsDir, server.name, path, existsSync)
      const job = jobs.start('files:download', async (job) => {
        const cost = await runDownload(target, path, to, job)
        job.push({ path, to, ...(cost ? { cost } : {}) })
      })
      return { job, to }
    },
  }
}
