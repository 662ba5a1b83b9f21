// What the UI gets of an Xdebug profile: everything needed to browse it without another call.
import type { ReadCost } from './logs'
import type { JobRef } from './jobs'
import type { FileEntry } from './files'

import type { FlameNode } from './slowlog'

/** A function of a profile (the parser's model is this without `internal`). */
export interface ProfileFunctionRow {
  name: string
  file: string
  /** Line of its first self cost (where Xdebug puts the function's start), 0 when unknown. */
  line: number
  /** Number of calls (blocks) of this function. */
  calls: number
  /** One value per event, in the file's units. */
  self: number[]
  /** Cost of the outermost calls only: recursion is not counted twice. */
  inclusive: number[]
  /** A PHP built-in (`php::…`). */
  internal: boolean
}

/** Calls from one function to another, by function index. */
export interface ProfileEdgeRow {
  caller: number
  callee: number
  calls: number
  /** Inclusive cost of these calls. */
  cost: number[]
  /** The caller's line the calls are made from; -1 when from several lines, 0 when unknown. */
  line: number
}

export interface ProfileView {
  path: string
  size: number
  mtimeMs: number
  cmd?: string
  creator?: string
  events: string[]
  /** Nanoseconds per unit for a time event (10 for Xdebug 3, 1000 for Xdebug 2), else null. */
  timeUnitNs: (number | null)[]
  totals: number[]
  functions: ProfileFunctionRow[]
  edges: ProfileEdgeRow[]
  /** Call tree by path, values in the first event; nodes under `flameMinShare` of the total are cut. */
  flame: FlameNode
  flameExact: boolean
  flameMinShare: number
  treeIssue?: string
  truncated?: { line: number; message: string }
  runs: number
  lines: number
  parseMs: number
  /** What reading it cost over the link (absent for a local file: the demo). */
  cost?: ReadCost
}

export interface ProfileUrlResult {
  /** HTTP status of the profiled request, and how long it took. */
  status: number
  ms: number
  file: ProfileFile | null
}

export interface ProfileFile extends FileEntry {
  /** The profiled request, from the file's `cmd:` line (or its name when unreadable). */
  cmd: string
  compressed: boolean
  /** From the file name (`cachegrind.out.%t.%p.%R`) when it follows the hosting's pattern. */
  request?: string
  /** When the request started (Unix ms), from the same name. */
  startedMs?: number
}

/** Xdebug profiles: listed, parsed in a worker, or made on demand with the trigger cookie. */
export interface ProfilesCalls {
  'profiles:list': { req: { server: string }; res: ProfileFile[] }
  /** Parses a profile (in a worker thread) into everything the viewer shows. */
  'profiles:open': { req: { server: string; path: string }; res: ProfileView }
  /**
   * Requests a page with Xdebug's trigger cookie and returns the profile it wrote. Without
   * `url`, the server's site (the preprod link, with its login, or the production URL).
   */
  'profiles:profile-url': { req: { server: string; url?: string }; res: JobRef }
}

/** What the profile jobs stream: "Profile this URL"'s one result, once the request is done. */
export interface ProfilesJobs {
  'profiles:profile-url': ProfileUrlResult
}
