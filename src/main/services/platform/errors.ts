import type { ApiError, ErrorCode } from '../../../shared/api'

/** An expected failure of a service, carrying a code and a message for the user. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, string>,
  ) {
    super(message)
    this.name = 'ServiceError'
  }
}

/** Maps a Node system error about `path` to a message a user can act on. */
export function fromSystemError(err: unknown, path: string): ServiceError {
  if (err instanceof ServiceError) return err
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return new ServiceError('NOT_FOUND', `${path}: no such file or directory.`)
    case 'EACCES':
    case 'EPERM':
      return new ServiceError(
        'PERMISSION_DENIED',
        `${path}: permission denied. The login cannot read it; "Reset rights" may fix files of the site.`,
      )
    case 'ENOTDIR':
      return new ServiceError('NOT_A_DIRECTORY', `${path}: not a directory.`)
    case 'EISDIR':
      return new ServiceError('NOT_A_FILE', `${path}: is a directory, not a file.`)
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return new ServiceError('IO', `${path}: the compressed file is corrupt or truncated.`)
    default:
      return new ServiceError(
        'IO',
        `${path}: ${(err as Error | undefined)?.message ?? String(err)}`,
      )
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ServiceError) {
    return {
      code: err.code,
      message: err.message,
      ...(err.details ? { details: err.details } : {}),
    }
  }
  return {
    code: 'INTERNAL',
    message: `Internal error: ${(err as Error | undefined)?.message ?? String(err)}`,
  }
}
