// File rights in the jail: the supervisor's reset, and what the login cannot fix itself.
import type { FileType } from './files'
import type { JobRef } from './jobs'

export interface ForeignFile {
  path: string
  owner: string
  group: string
  mode: number
  type: FileType
}

export interface RightsAudit {
  root: string
  /** The login's user name and uid on the server. */
  login: string
  uid: number
  /** Files under the root the login does not own, so cannot chmod/chown. */
  files: ForeignFile[]
  /** More were found than listed. */
  truncated: boolean
  /** How the tree was walked: the server's `find`, or SFTP when `find` is missing. */
  via: 'find' | 'sftp'
}

/** What the reset job streams: each step of the supervisor's handling, as facts. */
export type RightsStep =
  /** `flag` already existed: an earlier reset is pending, and is watched. */
  | { step: 'pending'; flag: string }
  | { step: 'created'; flag: string }
  | { step: 'done'; flag: string; seconds: number }

/** Rights: the supervisor's reset (a job) and the audit of foreign files. */
export interface RightsCalls {
  'rights:reset': { req: { server: string; timeoutSec?: number }; res: JobRef }
  'rights:audit': { req: { server: string }; res: RightsAudit }
}

export interface RightsJobs {
  'rights:reset': RightsStep
}
