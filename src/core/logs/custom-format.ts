// A user's own access log format: a pattern with named groups and a type per field (as proposed
// from a sample line, then corrected), made into a format the counts and the explorer read like
// the built-in ones. A definition that cannot work says why, in words.
import type { AccessRecord, CustomLogFormat } from '../../shared/logs'
import { ACCESS_FORMATS, clfTime, offsetMinutes, type AccessFormat } from './access-log'

export type { CustomLogFormat } from '../../shared/logs'

/**
 * A time as logs write it: CLF (`28/Nov/2026:14:22:35 +0100`, with or without milliseconds or
 * zone) or ISO-like (`2026-11-28 14:22:35`, `2026-11-28T14:22:35.5+01:00`). A time without its
 * own zone is read in `zone` (UTC when none is set).
 */
export function readLogTime(text: string, zone = ''): number | null {
  const own = zone && offsetMinutes(zone) !== null ? zone : undefined
  const clf = clfTime(text, own)
  if (clf !== null) return clf
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text,
    )
  if (!m) return null
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0')),
  )
  const offset = offsetMinutes(m[8] ?? own ?? 'Z') ?? 0
  return ms - offset * 60_000
}

/** `23ms`, `0.5s`, `1500us`, or a bare number of seconds (nginx's `$request_time`): in ms. */
export function readDurationMs(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|us|µs)?$/.exec(text)
  if (!m) return null
  const n = Number(m[1])
  return m[2] === 'ms' ? n : m[2] === 'us' || m[2] === 'µs' ? n / 1000 : n * 1000
}

/** Why a pattern `nestedRepeat` finds is refused. */
export const NESTED_REPEAT =
  'A repeated group repeats inside (like (a+)+): on a long line it could take forever. Repeat the group or its content, not both.'

/**
 * A group that repeats without bound and holds an unbounded repeat itself (`(a+)+`, `(\\w+\\s?)*`,
 * `(.*){2,}`): the classic shape of catastrophic backtracking, refused since the pattern runs on
 * the service's thread. Read on the pattern's text, escapes and classes skipped.
 */
export function nestedRepeat(pattern: string): boolean {
  // For each open group: whether an unbounded repeat was seen inside it.
  const stack: boolean[] = []
  let closedWithRepeat = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '\\') {
      i++
      closedWithRepeat = false
      continue
    }
    if (c === '[') {
      // A class: to its closing bracket (an escaped one does not close it).
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++
      closedWithRepeat = false
      continue
    }
    const unbounded = c === '*' || c === '+' || (c === '{' && /^\{\d*,\}/.test(pattern.slice(i)))
    if (unbounded) {
      if (closedWithRepeat) return true
      if (stack.length > 0) stack[stack.length - 1] = true
    }
    if (c === '(') stack.push(false)
    else if (c === ')') {
      const inner = stack.pop() ?? false
      closedWithRepeat = inner
      if (inner && stack.length > 0) stack[stack.length - 1] = true
      continue
    }
    if (!unbounded && c !== '?') closedWithRepeat = false
  }
  return false
}

/** Why a definition cannot be used, or null when it can. */
export function customFormatProblem(def: CustomLogFormat): string | null {
  if (!/^[a-z0-9][a-z0-9_.-]{0,39}$/i.test(def.name))
    return 'The name is 1 to 40 letters, digits, dots, dashes or underscores.'
  let re: RegExp
  try {
    re = new RegExp(def.pattern)
  } catch (err) {
    return `The pattern is not a regular expression: ${(err as Error).message}`
  }
  const groups = new Set([...def.pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!))
  for (const f of def.fields)
    if (!groups.has(f.name)) return `The pattern has no group named "${f.name}" for that field.`
  const types = new Set(def.fields.map((f) => f.type))
  if (!types.has('time')) return 'A field must be the time (for the timeline and the histogram).'
  if (!types.has('status')) return 'A field must be the status (for the counts by status).'
  if (re.test('')) return 'The pattern matches an empty line: it would read anything.'
  if (nestedRepeat(def.pattern)) return NESTED_REPEAT
  if (def.zone && offsetMinutes(def.zone) === null)
    return `"${def.zone}" is not a zone like +01:00.`
  return null
}

/** The format a definition describes; throws with customFormatProblem's words. */
export function compileCustomFormat(def: CustomLogFormat): AccessFormat {
  const problem = customFormatProblem(def)
  if (problem) throw new Error(`${def.name}: ${problem}`)
  const of = (type: string): string | undefined => def.fields.find((f) => f.type === type)?.name
  const [time, status, ip, request, bytes, duration] = [
    'time',
    'status',
    'ip',
    'request',
    'bytes',
    'duration',
  ].map(of)
  const agent = def.fields.find((f) => f.name === 'agent')?.name
  const vhost = def.fields.find((f) => f.name === 'vhost' || f.name === 'host')?.name
  return {
    name: def.name,
    pattern: new RegExp(def.pattern),
    samples: [],
    read(m) {
      const g = m.groups ?? {}
      const req = request ? (g[request] ?? '') : ''
      const sp = req.indexOf(' ')
      const rest = sp < 0 ? req : req.slice(sp + 1)
      const sp2 = rest.lastIndexOf(' ')
      const path = sp2 > 0 && rest.slice(sp2 + 1).startsWith('HTTP/') ? rest.slice(0, sp2) : rest
      const d = duration ? readDurationMs(g[duration] ?? '') : null
      const b = bytes ? Number(g[bytes]) : 0
      const record: AccessRecord = {
        time: readLogTime(g[time!] ?? '', def.zone),
        ip: ip ? (g[ip] ?? '') : '',
        method: sp < 0 ? '' : req.slice(0, sp),
        path,
        status: Number(g[status!]) || 0,
        bytes: Number.isFinite(b) ? b : 0,
        ...(d !== null ? { durationMs: d } : {}),
        ...(agent && g[agent] && g[agent] !== '-' ? { agent: g[agent] } : {}),
        ...(vhost && g[vhost] ? { vhost: g[vhost] } : {}),
      }
      return record
    },
  }
}

/** How a definition reads sample lines: counts, the first line it does not read, a record. */
export function tryCustomFormat(
  def: CustomLogFormat,
  lines: readonly string[],
): { problem: string } | { read: number; of: number; unread?: string; first?: AccessRecord } {
  const problem = customFormatProblem(def)
  if (problem) return { problem }
  const format = compileCustomFormat(def)
  let read = 0
  let of = 0
  let unread: string | undefined
  let first: AccessRecord | undefined
  for (const line of lines) {
    if (line.length === 0) continue
    of++
    const m = format.pattern.exec(line)
    if (!m) {
      unread ??= line
      continue
    }
    read++
    first ??= format.read(m)
  }
  return { read, of, ...(unread !== undefined ? { unread } : {}), ...(first ? { first } : {}) }
}

/**
 * The formats a log is tried with: the built-in ones, then the user's own that compile (one
 * with a problem is left out; Settings shows why).
 */
export function accessFormats(custom: readonly CustomLogFormat[] = []): AccessFormat[] {
  return [
    ...ACCESS_FORMATS,
    ...custom.filter((f) => customFormatProblem(f) === null).map(compileCustomFormat),
  ]
}
