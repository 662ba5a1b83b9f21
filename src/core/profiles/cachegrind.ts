// Streaming parser for callgrind profiles as Xdebug 2 and 3 write them, and the model built
// from them: per function self and inclusive costs, callers and callees, and the exact call
// tree. Spec: https://valgrind.org/docs/manual/cl-format.html
//
// It works on bytes, not strings: a profile is tens of millions of short numeric lines, and
// only names (`fn=(12) name`, once per function) are ever decoded.
//
// Xdebug writes one block per finished call (`fn=` then its self cost line, then one
// `cfn=`/`calls=`/cost entry per direct child, in call order), children before their parent.
// The pending finished calls therefore form a stack: a block with k call entries takes the
// last k of them as its children. That rebuilds the real tree, merged by call path as it
// goes, so memory follows the distinct call paths, not the file size. When the entries do not
// match the stack (a file written by another tool, or aggregated), the tree is dropped and
// the flame graph falls back to the caller/callee edges.

import type { ProfileEdgeRow, ProfileFunctionRow } from '../../shared/profiles'

import { CachegrindParserImpl } from './cachegrind-parser'
export type ProfileFunction = Omit<ProfileFunctionRow, 'internal'>
export type ProfileEdge = ProfileEdgeRow

export interface ProfileTreeNode {
  fn: number
  calls: number
  self: number[]
  inclusive: number[]
  children: ProfileTreeNode[]
}

export interface ProfileIssue {
  line: number
  message: string
}

export interface ProfileModel {
  version?: string
  creator?: string
  cmd?: string
  events: string[]
  /** `summary:`/`totals:` when the file has them, else the sum of all self costs. */
  totals: number[]
  functions: ProfileFunction[]
  edges: ProfileEdge[]
  /** The call tree merged by path, rooted at a synthetic node (fn -1); null when not exact. */
  tree: ProfileTreeNode | null
  /** Why the tree could not be rebuilt, when it could not. */
  treeIssue?: string
  /** Profiling runs in the file (`==== NEW PROFILING FILE` separates appended runs). */
  runs: number
  lines: number
  bytes: number
  /** Set when the file ends inside a run (cut while being written, or copied half-way). */
  truncated?: ProfileIssue
}

export class ProfileFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`)
    this.name = 'ProfileFormatError'
  }
}

export interface CachegrindParser {
  /** Feeds the next bytes of the file. Throws ProfileFormatError on a corrupt line. */
  push(chunk: Uint8Array): void
  /** Ends the input and returns the model. */
  end(): ProfileModel
}

export function createCachegrindParser(): CachegrindParser {
  return new CachegrindParserImpl()
}

/** Parses a whole profile held in memory (tests, small files). */
export function parseCachegrind(bytes: Uint8Array): ProfileModel {
  const parser = createCachegrindParser()
  parser.push(bytes)
  return parser.end()
}
