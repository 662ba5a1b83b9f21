// A server's files: browse, read, edit, upload, download.
import type { JobRef } from './jobs'
import type { ReadCost } from './logs'

export type FileType = 'file' | 'dir' | 'link' | 'other'

export interface FileEntry {
  name: string
  /** Absolute path as the server sees it (inside the jail). */
  path: string
  type: FileType
  size: number
  mtimeMs: number
  /** Permission bits, e.g. 0o644. */
  mode: number
  uid?: number
  gid?: number
  owner?: string
  group?: string
}

export interface FileChunk {
  path: string
  /** Total size of the file when it was read. */
  size: number
  start: number
  end: number
  text: string
  /** True when the range did not reach the end of the file. */
  truncated: boolean
  /** Modification time when read: an edit is saved only if the file has not changed since. */
  mtimeMs: number
  /** Binary (a NUL byte): `text` is then a hex dump of the range (`hexdump -C`), never editable. */
  binary: boolean
}

/** What a download job streams: the file, once written in full. */
export interface DownloadedFile {
  path: string
  to: string
  /** What it cost on the wire (a server's file; none for the demo's). */
  cost?: ReadCost
}

/** Files of a server. Writes are explicit user actions, refused on the demo and confirmed on production. */
export interface FilesCalls {
  'files:list': { req: { server: string; path: string }; res: FileEntry[] }
  'files:read': {
    req: { server: string; path: string; start?: number; length?: number }
    res: FileChunk
  }
  'files:write': {
    req: {
      server: string
      path: string
      text: string
      expectedMtimeMs: number
      confirmProduction?: boolean
    }
    res: { backup: string; entry: FileEntry }
  }
  'files:upload-begin': {
    req: {
      server: string
      path: string
      size: number
      overwrite?: boolean
      confirmProduction?: boolean
    }
    res: { upload: string }
  }
  'files:upload-chunk': { req: { upload: string; position: number; data: string }; res: null }
  'files:upload-end': { req: { upload: string; abort?: boolean }; res: FileEntry | null }
  'files:download': { req: { server: string; path: string }; res: JobRef & { to: string } }
}

/** Records of the files jobs. */
export interface FilesJobs {
  'files:download': DownloadedFile
}
