// The host's schema integrity log (`/var/log/mysql/btws_integrity.log`). Its format is the host's
// own and unpublished, so nothing here may assume it: any text is cut into blocks where a line
// carries a recognisable timestamp, and each line is classified only for highlighting. A text
// with no timestamp at all is one block; nothing is dropped.

export type IntegrityLineKind = 'head' | 'drop' | 'key' | 'add' | 'del' | 'plain'

export interface IntegrityBlock {
  /** First line of the block (1-based). */
  line: number
  /** Epoch seconds of the block's timestamp, or null when it has none. */
  time: number | null
  header: string
  lines: { text: string; kind: IntegrityLineKind }[]
}

// 2026-11-28T13:23:15Z, 2026-11-28 13:23:15, with an optional zone; [28/Nov/2026:14:20:40 +0100].
const ISO = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)? ?(Z|[+-]\d{2}:?\d{2})?/
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const CLF = /(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})/

function zoneOffset(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0
  const m = /([+-])(\d{2}):?(\d{2})/.exec(zone)
  if (!m) return 0
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60)
}

/** The epoch seconds of the first timestamp in a line (UTC when it names no zone), or null. */
export function timestampOf(line: string): number | null {
  const iso = ISO.exec(line)
  if (iso) {
    const utc =
      Date.UTC(
        Number(iso[1]),
        Number(iso[2]) - 1,
        Number(iso[3]),
        Number(iso[4]),
        Number(iso[5]),
        Number(iso[6]),
      ) / 1000
    return Number.isFinite(utc) ? utc - zoneOffset(iso[7]) : null
  }
  const clf = CLF.exec(line)
  if (clf) {
    const month = MONTHS.indexOf(clf[2]!)
    if (month < 0) return null
    return (
      Date.UTC(
        Number(clf[3]),
        month,
        Number(clf[1]),
        Number(clf[4]),
        Number(clf[5]),
        Number(clf[6]),
      ) /
        1000 -
      zoneOffset(clf[7])
    )
  }
  return null
}

export function classifyIntegrityLine(line: string): IntegrityLineKind {
  if (/^(={3,}|#{3,}|-{5,})/.test(line) || /^\s*\[?\d{4}-\d{2}-\d{2}/.test(line)) return 'head'
  if (/\bDROP\b/i.test(line)) return 'drop'
  const changed = /^[-+](?![-+]{2} )/.test(line)
  // A key that goes away is what hurts; added keys are ordinary additions.
  if (changed && line.startsWith('-') && /\b(PRIMARY KEY|UNIQUE KEY|KEY|INDEX)\b/i.test(line))
    return 'key'
  if (changed) return line.startsWith('+') ? 'add' : 'del'
  return 'plain'
}

/**
 * Blocks start at a line that looks like a header and carries a timestamp. A header is a line
 * made to stand out (`====`, `###`, `----`) or one that starts with the timestamp itself.
 */
export function parseIntegrityLog(text: string): IntegrityBlock[] {
  const blocks: IntegrityBlock[] = []
  let current: IntegrityBlock | null = null
  const lines = text.split('\n')
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const kind = classifyIntegrityLine(line)
    const time = kind === 'head' ? timestampOf(line) : null
    if (time !== null || current === null) {
      current = { line: i + 1, time, header: time !== null ? line : '', lines: [] }
      blocks.push(current)
    }
    current.lines.push({ text: line, kind })
  })
  return blocks
}
