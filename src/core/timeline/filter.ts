// What a timeline's list keeps and where its keys jump: the same rules wherever the records are
// (the store in main filters a million of them; the tests check the rules on a few).
import { NESTED_REPEAT, nestedRepeat } from '../logs'
import type {
  TimelineKind,
  TimelineRecord,
  TimelineFilter,
  TimelineJump,
} from '../../shared/timeline'

export type Severity = 'bad' | 'warn' | 'write' | 'slow' | null

/** How a record reads at a glance: an error or a 5xx, a warning or a 4xx, a write, or neither. */
export function severity(r: Pick<TimelineRecord, 'level' | 'status' | 'kind'>): Severity {
  return severityOf(r.kind, r.level, r.status)
}

/** The same from the fields themselves (the store reads them from its columns). */
export function severityOf(
  kind: TimelineKind,
  level: TimelineRecord['level'],
  status: number | undefined,
): Severity {
  if (level === 'critical' || level === 'error') return 'bad'
  if (status !== undefined && status >= 500) return 'bad'
  if (level === 'warning') return 'warn'
  if (status !== undefined && status >= 400) return 'warn'
  if (kind === 'binlog' || kind === 'integrity') return 'write'
  if (kind === 'slow') return 'slow'
  return null
}

/** The records a jump stops at. */
export const JUMPS: Record<
  TimelineJump,
  (r: Pick<TimelineRecord, 'level' | 'status' | 'kind'>) => boolean
> = {
  any: () => true,
  error: (r) => severity(r) === 'bad',
  '5xx': (r) => r.status !== undefined && r.status >= 500,
  write: (r) => r.kind === 'binlog',
  slow: (r) => r.kind === 'slow',
}

export const NO_FILTER: TimelineFilter = {
  text: '',
  problems: false,
  status: null,
  level: null,
  table: '',
  hidden: [],
  narrow: null,
}

export const LEVEL_RANK = { critical: 0, error: 1, warning: 2, notice: 3, info: 4, debug: 5 }

/** What a filter asks of a record's fields, its texts aside (kept apart: they cost a read). */
export interface FieldsOf {
  time: number
  source: string
  kind: TimelineKind
  level?: TimelineRecord['level']
  status?: number
}

/** The part of a filter decided by a record's fields alone. */
export function passesFields(r: FieldsOf, f: TimelineFilter, hidden: ReadonlySet<string>): boolean {
  if (hidden.has(r.source)) return false
  if (f.narrow && (r.time < f.narrow[0] || r.time > f.narrow[1])) return false
  if (f.problems) {
    const sev = severity(r)
    if (sev !== 'bad' && sev !== 'warn') return false
  }
  if (f.status !== null && r.kind === 'access' && Math.floor((r.status ?? 0) / 100) !== f.status)
    return false
  if (f.level && r.level && LEVEL_RANK[r.level] > LEVEL_RANK[f.level]) return false
  return true
}

/** What the words of a filter look for: lowercased words or a pattern, in the text; the table. */
export interface FilterWords {
  text: string
  table: string
  /** The text as a regular expression, when the filter says it is one. */
  pattern: RegExp | null
}

/**
 * A filter's text as the regular expression it asks for (any case), or why it cannot be one: not
 * a valid pattern, or a group repeated with a repeat inside, which could run forever on a line.
 */
export function textPattern(text: string): RegExp | string {
  if (nestedRepeat(text)) return NESTED_REPEAT
  try {
    return new RegExp(text, 'i')
  } catch (err) {
    return `Not a regular expression: ${(err as Error).message}`
  }
}

export function filterWords(f: TimelineFilter): FilterWords {
  const text = f.text.trim()
  const pattern = f.regex && text ? textPattern(text) : null
  if (typeof pattern === 'string') throw new Error(pattern)
  return { text: text.toLowerCase(), table: f.table.trim().toLowerCase(), pattern }
}

/** The lowercased text a filter's words search: the record's text, then its table. */
export function searchText(r: Pick<TimelineRecord, 'text' | 'table'>): string {
  return `${r.text}\u0000${r.table ?? ''}`.toLowerCase()
}

/** The part of a filter decided by the words, on a record's `searchText`. */
export function passesWords(search: string, kind: TimelineKind, words: FilterWords): boolean {
  const end = search.lastIndexOf('\u0000')
  if (words.table && kind === 'binlog' && !search.slice(end + 1).includes(words.table)) return false
  // A pattern is any case: on the lowercased text, as on the text itself.
  if (words.pattern) return words.pattern.test(search.slice(0, end))
  return !words.text || search.includes(words.text)
}

/** Whether a record passes the whole filter (the store applies it in two steps, the same). */
export function recordPasses(r: TimelineRecord, f: TimelineFilter): boolean {
  return passesFields(r, f, new Set(f.hidden)) && passesWords(searchText(r), r.kind, filterWords(f))
}
