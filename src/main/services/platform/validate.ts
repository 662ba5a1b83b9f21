import { ServiceError } from './errors'

// Requests cross a process (or network) boundary: check their shape before use.

export type Fields = Record<string, unknown>

export function object(req: unknown): Fields {
  if (req === undefined || req === null) return {}
  if (typeof req !== 'object' || Array.isArray(req)) {
    throw new ServiceError('BAD_REQUEST', 'The request must be an object.')
  }
  return req as Fields
}

export function text(req: Fields, key: string, max = 4096): string {
  const v = req[key]
  if (typeof v === 'string' && v.length > max) {
    // Said with the limit: a long pattern pasted by mistake is not "empty".
    throw new ServiceError(
      'BAD_REQUEST',
      `"${key}" is ${v.length.toLocaleString('en')} characters long: at most ${max.toLocaleString('en')} are accepted.`,
    )
  }
  if (typeof v !== 'string' || v.length === 0) {
    throw new ServiceError('BAD_REQUEST', `"${key}" must be a non-empty string.`)
  }
  return v
}

export function integer(
  req: Fields,
  key: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const v = req[key]
  if (v === undefined) return fallback
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ServiceError('BAD_REQUEST', `"${key}" must be an integer from ${min} to ${max}.`)
  }
  return v
}

export function flag(req: Fields, key: string, fallback: boolean): boolean {
  const v = req[key]
  if (v === undefined) return fallback
  if (typeof v !== 'boolean')
    throw new ServiceError('BAD_REQUEST', `"${key}" must be true or false.`)
  return v
}

export function oneOf<T extends string>(
  req: Fields,
  key: string,
  values: readonly T[],
): T | undefined {
  const v = req[key]
  if (v === undefined) return undefined
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new ServiceError('BAD_REQUEST', `"${key}" must be one of ${values.join(', ')}.`)
  }
  return v as T
}

export function optionalText(req: Fields, key: string, max = 4096): string | undefined {
  const v = req[key]
  if (v === undefined || v === null || v === '') return undefined
  if (typeof v !== 'string' || v.length > max)
    throw new ServiceError('BAD_REQUEST', `"${key}" must be a string.`)
  return v
}

export function textList(req: Fields, key: string, allowEmpty = false): string[] {
  const v = req[key]
  if (
    !Array.isArray(v) ||
    (!allowEmpty && v.length === 0) ||
    v.length > 1000 ||
    v.some((x) => typeof x !== 'string' || x.length === 0)
  ) {
    throw new ServiceError('BAD_REQUEST', `"${key}" must be a list of paths.`)
  }
  return v as string[]
}
