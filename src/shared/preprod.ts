// Preproduction copies are rebuilt daily from production: what would be lost, and saving it.
import type { JobRef } from './jobs'

export interface AtRiskChanges {
  root: string
  /** When the copy was rebuilt (ms), as detected or given. */
  rebuiltAt: number
  /** `restore` = the oldest change time in the tree (when the restore wrote it); `given` = the user's. */
  how: 'restore' | 'given'
  /** Files modified after the rebuild: lost at the next one unless saved. */
  files: { path: string; size: number; mtimeMs: number }[]
  scanned: number
  truncated: boolean
}

/** What the save job streams: one record per file, saved or not (and why). */
export interface SavedFile {
  path: string
  error?: string
}

/** The changes at risk on a preproduction copy, and saving them locally. */
export interface PreprodCalls {
  'preprod:changes': { req: { server: string; since?: number }; res: AtRiskChanges }
  'preprod:save': { req: { server: string; paths: string[] }; res: JobRef & { to: string } }
}

export interface PreprodJobs {
  'preprod:save': SavedFile
}
