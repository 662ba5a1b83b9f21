// Fast paths for the two formats that make most of the bytes (nginx/Apache combined, HAProxy
// httplog): a line is checked field by field on its bytes, without a string or a regular
// expression. A scanner only accepts a line its format's pattern reads the same way (same
// fields); anything else (non-ASCII or control bytes, odd spacing, a missing field) answers
// false and the line goes to the pattern, which stays the definition of the format.

/** Where the fields the counts need are in a line's bytes (offsets into the chunk). */
export interface ScannedLine {
  ip0: number
  ip1: number
  time0: number
  time1: number
  /** The RFC 3339 header's zone (HAProxy), or zone0 === zone1 when none. */
  zone0: number
  zone1: number
  req0: number
  req1: number
  status: number
}

export type AccessScanner = (b: Uint8Array, s: number, e: number, out: ScannedLine) => boolean

const SP = 0x20
const QUOTE = 0x22
const BACKSLASH = 0x5c
const LBRACKET = 0x5b
const RBRACKET = 0x5d
const COLON = 0x3a

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39

/** The end of a token of visible ASCII bytes (`\S+` without non-ASCII), or -1 if it has none. */
function token(b: Uint8Array, i: number, e: number): number {
  const from = i
  while (i < e) {
    const c = b[i]!
    if (c <= SP || c >= 0x80) break
    i++
  }
  return i > from ? i : -1
}

/** The end of `\d+` from i, or -1. */
function digits(b: Uint8Array, i: number, e: number): number {
  const from = i
  while (i < e && isDigit(b[i])) i++
  return i > from ? i : -1
}

/** `[time]` from i (at the bracket): the index after `]`, with the time's bounds; -1 if not. */
function bracketTime(b: Uint8Array, i: number, e: number, out: ScannedLine): number {
  if (b[i] !== LBRACKET) return -1
  const from = i + 1
  let j = from
  while (j < e && b[j] !== RBRACKET) {
    if (b[j]! >= 0x80) return -1
    j++
  }
  if (j === e || j === from) return -1
  out.time0 = from
  out.time1 = j
  return j + 1
}

/** ASCII in [from, to): keys are read as Latin-1, which is only right for ASCII. */
function ascii(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i]! >= 0x80) return false
  return true
}

/** The three-digit status at i followed by a space, or -1. */
function status(b: Uint8Array, i: number, out: ScannedLine): number {
  const c0 = b[i]
  const c1 = b[i + 1]
  const c2 = b[i + 2]
  if (!isDigit(c0) || !isDigit(c1) || !isDigit(c2) || b[i + 3] !== SP) return -1
  out.status = (c0! - 0x30) * 100 + (c1! - 0x30) * 10 + (c2! - 0x30)
  return i + 4
}

/**
 * `ip ident user [time] "request" status bytes` and, after it, nothing or a space and anything
 * (referer, agent, nginx timings): the `combined` definition.
 */
export const scanCombined: AccessScanner = (b, s, e, out) => {
  let i = token(b, s, e)
  if (i < 0 || b[i] !== SP) return false
  out.ip0 = s
  out.ip1 = i
  for (let t = 0; t < 2; t++) {
    const end = token(b, i + 1, e)
    if (end < 0 || b[end] !== SP) return false
    i = end
  }
  i = bracketTime(b, i + 1, e, out)
  if (i < 0 || b[i] !== SP || b[i + 1] !== QUOTE) return false
  i += 2
  out.req0 = i
  while (i < e) {
    const c = b[i]!
    if (c === QUOTE) break
    if (c === BACKSLASH) i++
    i++
  }
  if (i >= e) return false
  out.req1 = i
  if (b[i + 1] !== SP) return false
  i = status(b, i + 2, out)
  if (i < 0) return false
  if (b[i] === 0x2d) i++
  else {
    i = digits(b, i, e)
    if (i < 0) return false
  }
  out.zone0 = out.zone1 = 0
  return i === e || b[i] === SP
}

/** `Dec  1 09:00:00 ` (RFC 3164) or `2026-11-28T14:22:35+01:00 ` (RFC 3339): index after it. */
function syslogHeader(b: Uint8Array, s: number, e: number, out: ScannedLine): number {
  out.zone0 = out.zone1 = s
  let i = s
  if (isDigit(b[i])) {
    // \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}
    const shape = '0000-00-00T00:00:00'
    for (let k = 0; k < shape.length; k++, i++) {
      const want = shape.charCodeAt(k)
      if (want === 0x30 ? !isDigit(b[i]) : b[i] !== want) return -1
    }
    if (b[i] === 0x2e) {
      i = digits(b, i + 1, e)
      if (i < 0) return -1
    }
    const z = i
    if (b[i] === 0x5a) i++
    else if (b[i] === 0x2b || b[i] === 0x2d) {
      if (!isDigit(b[i + 1]) || !isDigit(b[i + 2]) || b[i + 3] !== COLON) return -1
      if (!isDigit(b[i + 4]) || !isDigit(b[i + 5])) return -1
      i += 6
    } else return -1
    out.zone0 = z
    out.zone1 = i
  } else {
    // [A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}
    const c = b[i]!
    if (c < 0x41 || c > 0x5a) return -1
    for (let k = 1; k < 3; k++) if (!(b[i + k]! >= 0x61 && b[i + k]! <= 0x7a)) return -1
    i += 3
    if (b[i] !== SP) return -1
    while (b[i] === SP) i++
    const d = digits(b, i, e)
    if (d < 0 || d - i > 2) return -1
    i = d
    const shape = ' 00:00:00'
    for (let k = 0; k < shape.length; k++, i++) {
      const want = shape.charCodeAt(k)
      if (want === 0x30 ? !isDigit(b[i]) : b[i] !== want) return -1
    }
  }
  return i < e && b[i] === SP ? i + 1 : -1
}

const HAPROXY = [0x20, 0x68, 0x61, 0x70, 0x72, 0x6f, 0x78, 0x79, 0x5b] // " haproxy["

/** The `haproxy-http` definition: rsyslog header, `haproxy[pid]:`, then `option httplog`. */
export const scanHaproxy: AccessScanner = (b, s, e, out) => {
  let i = syslogHeader(b, s, e, out)
  if (i < 0) return false
  i = token(b, i, e) // host
  if (i < 0) return false
  for (let k = 0; k < HAPROXY.length; k++) if (b[i + k] !== HAPROXY[k]) return false
  i = digits(b, i + HAPROXY.length, e)
  if (i < 0 || b[i] !== RBRACKET || b[i + 1] !== COLON || b[i + 2] !== SP) return false
  // ip:port — the port after the last colon.
  const from = i + 3
  i = token(b, from, e)
  if (i < 0 || b[i] !== SP) return false
  let colon = i - 1
  while (colon > from && isDigit(b[colon])) colon--
  if (colon <= from || colon === i - 1 || b[colon] !== COLON) return false
  out.ip0 = from
  out.ip1 = colon
  i = bracketTime(b, i + 1, e, out)
  if (i < 0 || b[i] !== SP) return false
  for (let t = 0; t < 2; t++) {
    const end = token(b, i + 1, e) // frontend, backend/server
    if (end < 0 || b[end] !== SP) return false
    i = end
  }
  // (?:-?\d+\/){4}-?\d+
  i++
  for (let t = 0; t < 5; t++) {
    if (b[i] === 0x2d) i++
    i = digits(b, i, e)
    if (i < 0) return false
    if (t < 4) {
      if (b[i] !== 0x2f) return false
      i++
    }
  }
  if (b[i] !== SP) return false
  i = status(b, i + 1, out)
  if (i < 0) return false
  i = digits(b, i, e) // bytes
  if (i < 0 || b[i] !== SP) return false
  for (let t = 0; t < 2; t++) {
    const end = token(b, i + 1, e) // cookies
    if (end < 0 || b[end] !== SP) return false
    i = end
  }
  // The termination state: exactly four visible characters.
  const term = i + 1
  if (token(b, term, e) !== term + 4 || b[term + 4] !== SP) return false
  // `.*?"(?<req>[^"]*)"$`: the request is between the line's last two quotes.
  if (e - 1 <= term + 5 || b[e - 1] !== QUOTE) return false
  let q = e - 2
  while (q >= term + 5 && b[q] !== QUOTE) q--
  if (q < term + 5) return false
  out.req0 = q + 1
  out.req1 = e - 1
  return true
}

/** The path of a request line's bytes, without its query: [start, end). */
export function requestPath(b: Uint8Array, r0: number, r1: number): [number, number] {
  let sp = r0
  while (sp < r1 && b[sp] !== SP) sp++
  if (sp === r1) return cutQuery(b, r0, r1)
  const rest = sp + 1
  let last = r1 - 1
  while (last >= rest && b[last] !== SP) last--
  // `rest.lastIndexOf(' ') > 0`, then `HTTP/` after it.
  let end = r1
  if (
    last > rest &&
    last + 5 < r1 &&
    b[last + 1] === 0x48 &&
    b[last + 2] === 0x54 &&
    b[last + 3] === 0x54 &&
    b[last + 4] === 0x50 &&
    b[last + 5] === 0x2f
  )
    end = last
  return cutQuery(b, rest, end)
}

function cutQuery(b: Uint8Array, from: number, to: number): [number, number] {
  for (let i = from; i < to; i++) if (b[i] === 0x3f) return [from, i]
  return [from, to]
}

export const ACCESS_SCANNERS: Record<string, AccessScanner> = {
  combined: scanCombined,
  'haproxy-http': scanHaproxy,
}

export { ascii as isAscii }
