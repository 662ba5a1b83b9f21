// Reads the header of a callgrind file as Xdebug writes it (`version:`, `creator:`,
// `cmd:`, `part:`, `positions:`, `events:`), from its first few kilobytes.
// Spec: https://valgrind.org/docs/manual/cl-format.html

export interface CachegrindHeader {
  version?: string
  creator?: string
  cmd?: string
  events?: string[]
}

export function readCachegrindHeader(head: string): CachegrindHeader | null {
  const header: CachegrindHeader = {}
  let seen = 0
  for (const line of head.split('\n', 40)) {
    const m = /^(version|creator|cmd|events|part|positions):\s?(.*)$/.exec(line.trimEnd())
    if (!m) continue
    seen++
    const value = m[2] ?? ''
    if (m[1] === 'version') header.version = value
    else if (m[1] === 'creator') header.creator = value
    else if (m[1] === 'cmd') header.cmd = value
    else if (m[1] === 'events') header.events = value.split(/\s+/).filter(Boolean)
  }
  return seen > 0 && (header.events !== undefined || header.cmd !== undefined) ? header : null
}

/** What the hosting's profile file names say (`cachegrind.out.%t.%p.%R`, Xdebug's specifiers). */
export interface ProfileName {
  /** %t: the request's start, Unix ms. */
  startedMs: number
  /** %p: the PHP-FPM worker's pid. */
  pid: number
  /**
   * %R: the request URI as Xdebug writes it in a file name, `/`, `.`, `?` and `&` replaced by
   * `_` (`/tb-slow.php?mode=curl` → `_tb-slow_php_mode=curl`): not reversible, shown as written.
   */
  request: string
}

/** The parts of a profile's file name, or null when it does not follow the hosting's pattern. */
export function readProfileName(name: string): ProfileName | null {
  const m = /^cachegrind\.out\.(\d{9,11})\.(\d+)\.(.+?)(?:\.gz)?$/.exec(name)
  if (!m) return null
  return { startedMs: Number(m[1]) * 1000, pid: Number(m[2]), request: m[3]! }
}
