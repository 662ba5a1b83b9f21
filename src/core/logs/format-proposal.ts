// A custom log format proposed from one sample line — the top support burden of log tools: the
// line is read left to right and what is recognised becomes a named field (IP, time, request,
// status, bytes, quoted strings, key=value pairs and durations); the rest stays literal. The
// result is a definition the user corrects (names, types) before saving it.

import type { LogFieldType } from '../../shared/logs'

export type FieldType = LogFieldType

export interface ProposedField {
  name: string
  type: FieldType
  /** What the sample had there. */
  sample: string
}

export interface FormatProposal {
  /** A regular expression with a named group per field, anchored on the whole line. */
  pattern: string
  fields: ProposedField[]
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** `name`, or `name2`, `name3`… when the line already has a field of that name. */
function unique(name: string, previous: ProposedField[]): string {
  const taken = new Set(previous.map((f) => f.name))
  if (!taken.has(name)) return name
  for (let k = 2; ; k++) if (!taken.has(`${name}${k}`)) return `${name}${k}`
}

interface Rule {
  re: RegExp
  make(m: RegExpExecArray, previous: ProposedField[]): { source: string; field?: ProposedField }
}

const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`
// An IPv6 address has `::` or a hex letter or eight groups: `14:22:35` (a time) is not one.
const IPV6 = String.raw`(?=[0-9a-fA-F:]*(?:::|[a-fA-F]|(?:[0-9a-fA-F]{1,4}:){7}))[0-9a-fA-F]*:[0-9a-fA-F:]+`

const RULES: Rule[] = [
  {
    // [28/Nov/2026:14:22:35 +0100] (CLF) or [28/Nov/2026:14:22:35.192] (HAProxy)
    re: /^\[\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [+-]\d{4})?\]/,
    make: (m, previous) => {
      const name = unique('time', previous)
      return {
        source: `\\[(?<${name}>[^\\]]+)\\]`,
        field: { name, type: 'time', sample: m[0].slice(1, -1) },
      }
    },
  },
  {
    // 2026-11-28T14:22:35+01:00, 2026-11-28 14:22:35
    re: /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/,
    make: (m, previous) => {
      const name = unique('time', previous)
      return {
        source: `(?<${name}>\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)`,
        field: { name, type: 'time', sample: m[0] },
      }
    },
  },
  {
    // "GET /path HTTP/1.1"
    re: /^"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE|PROPFIND) [^"]*"/,
    make: (m) => ({
      source: String.raw`"(?<request>(?:[^"\\]|\\.)*)"`,
      field: { name: 'request', type: 'request', sample: m[0].slice(1, -1) },
    }),
  },
  {
    // key=value and key="value" (nginx log_format extras: rt=0.023, ups="…")
    re: /^([A-Za-z_][\w-]*)=("(?:[^"\\]|\\.)*"|\S+)/,
    make: (m, previous) => {
      const key = unique(m[1]!.replace(/-/g, '_'), previous)
      const quoted = m[2]!.startsWith('"')
      const value = quoted ? m[2]!.slice(1, -1) : m[2]!
      const type: FieldType = /^\d+\.\d+$/.test(value)
        ? 'duration'
        : /^\d+$/.test(value)
          ? 'number'
          : /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:]+)$/i.test(value)
            ? 'ip'
            : 'text'
      return {
        source: quoted
          ? `${escape(m[1]!)}="(?<${key}>(?:[^"\\\\]|\\\\.)*)"`
          : `${escape(m[1]!)}=(?<${key}>\\S+)`,
        field: { name: key, type, sample: value },
      }
    },
  },
  {
    re: /^"(?:[^"\\]|\\.)*"/,
    make: (m, previous) => {
      const n = previous.filter((f) => /^quoted\d+$/.test(f.name)).length + 1
      // After status and bytes, a referer and a user agent — named so only when the value is
      // one: a URL (or "-") for the referer, a client's name/version for the agent.
      const value = m[0].slice(1, -1)
      const taken = new Set(previous.map((f) => f.name))
      const afterBytes = previous.some((f) => f.type === 'bytes')
      const name =
        afterBytes && !taken.has('referer') && /^(?:-|https?:\/\/\S*|\/\S*)$/.test(value)
          ? 'referer'
          : afterBytes &&
              !taken.has('agent') &&
              /^[\w.-]+\/\S+|bot|crawler|spider|curl|wget/i.test(value)
            ? 'agent'
            : `quoted${n}`
      return {
        source: `"(?<${name}>(?:[^"\\\\]|\\\\.)*)"`,
        field: { name, type: 'text', sample: m[0].slice(1, -1) },
      }
    },
  },
  {
    // A time of day alone (`14:22:35`, `14:22:35.192`): literal, never an address.
    re: /^\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?=\s|$)/,
    make: () => ({ source: String.raw`\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?` }),
  },
  {
    re: new RegExp(`^(?:${IPV4}|${IPV6})(?::\\d+)?(?=\\s|$)`),
    make: (m, previous) => {
      const name = previous.some((f) => f.type === 'ip') ? 'ip2' : 'ip'
      const port = /^(.*):(\d+)$/.exec(m[0])
      const isV4WithPort = port !== null && new RegExp(`^${IPV4}$`).test(port[1]!)
      return {
        source: isV4WithPort ? `(?<${name}>\\S+?):\\d+` : `(?<${name}>\\S+)`,
        field: { name, type: 'ip', sample: isV4WithPort ? port![1]! : m[0] },
      }
    },
  },
  {
    // A duration with its unit: 23ms, 0.5s
    re: /^\d+(?:\.\d+)?(?:ms|s|us)(?=\s|$)/,
    make: (m, previous) => {
      const name = previous.some((f) => f.name === 'duration') ? 'duration2' : 'duration'
      return {
        source: `(?<${name}>\\d+(?:\\.\\d+)?(?:ms|s|us))`,
        field: { name, type: 'duration', sample: m[0] },
      }
    },
  },
  {
    // A number: the status right after the request, the bytes right after the status.
    re: /^-?\d+(?:\.\d+)?(?=\s|$)/,
    make: (m, previous) => {
      const last = previous[previous.length - 1]
      const value = Number(m[0])
      if (last?.type === 'request' && value >= 100 && value < 600 && /^\d{3}$/.test(m[0]))
        return {
          source: String.raw`(?<status>\d{3})`,
          field: { name: 'status', type: 'status', sample: m[0] },
        }
      if (last?.type === 'status')
        return {
          source: String.raw`(?<bytes>\d+|-)`,
          field: { name: 'bytes', type: 'bytes', sample: m[0] },
        }
      const n = previous.filter((f) => /^number\d+$/.test(f.name)).length + 1
      return {
        source: String.raw`(?<number${n}>-?\d+(?:\.\d+)?)`,
        field: { name: `number${n}`, type: 'number', sample: m[0] },
      }
    },
  },
  {
    // "-" where bytes would be (nothing sent)
    re: /^-(?=\s|$)/,
    make: (m, previous) =>
      previous[previous.length - 1]?.type === 'status'
        ? {
            source: String.raw`(?<bytes>\d+|-)`,
            field: { name: 'bytes', type: 'bytes', sample: m[0] },
          }
        : { source: String.raw`\S+` },
  },
]

/** A definition for lines like `sample`: the fields it recognises, the rest literal. */
export function proposeFormat(sample: string): FormatProposal {
  const fields: ProposedField[] = []
  let source = '^'
  let rest = sample
  while (rest.length > 0) {
    const space = /^\s+/.exec(rest)
    if (space) {
      source += space[0] === ' ' ? ' ' : '\\s+'
      rest = rest.slice(space[0].length)
      continue
    }
    let matched = false
    for (const rule of RULES) {
      const m = rule.re.exec(rest)
      if (!m) continue
      const made = rule.make(m, fields)
      source += made.source
      if (made.field) fields.push(made.field)
      rest = rest.slice(m[0].length)
      matched = true
      break
    }
    if (matched) continue
    // A literal word (a bracketed one up to its closing bracket); its numbers vary from line to
    // line (a pid, a backend's timers), so they are matched as numbers.
    const word = /^\[[^\]]*\]|^\S+/.exec(rest)![0]
    source += escape(word).replace(/\d+/g, '-?\\d+')
    rest = rest.slice(word.length)
  }
  return { pattern: source + '$', fields }
}
