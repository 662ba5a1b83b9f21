// What the UI gets of an Xdebug profile: everything needed to browse it without another call.

import type { FlameNode } from './slowlog'

export interface ProfileFunctionRow {
  name: string
  file: string
  line: number
  calls: number
  /** One value per event, in the file's units. */
  self: number[]
  inclusive: number[]
  internal: boolean
}

export interface ProfileEdgeRow {
  caller: number
  callee: number
  calls: number
  cost: number[]
  /** The caller's line the calls come from; -1 several lines, 0 unknown. */
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
}
