// Results and errors as data: every call answers a Result, never a thrown error across the API.

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_CALL'
  | 'UNKNOWN_SERVER'
  | 'UNKNOWN_JOB'
  | 'NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'OUTSIDE_ROOT'
  | 'NOT_A_FILE'
  | 'NOT_A_DIRECTORY'
  | 'MISSING_TOOL'
  | 'CONNECTION_LOST'
  | 'AUTH_FAILED'
  | 'HOST_KEY_UNKNOWN'
  | 'HOST_KEY_CHANGED'
  | 'TIMEOUT'
  | 'CONFLICT'
  | 'CONFIRM_REQUIRED'
  | 'READ_ONLY'
  | 'CANCELLED'
  | 'IO'
  /** The file is not in the expected format (corrupt profile, ...): the message names the line. */
  | 'BAD_FORMAT'
  | 'INTERNAL'

export interface ApiError {
  code: ErrorCode
  /** A sentence the user can act on; never contains a secret. */
  message: string
  /** Machine-readable facts for the UI (e.g. `fingerprint`, `expected` for host keys). */
  details?: Record<string, string>
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } }
}
