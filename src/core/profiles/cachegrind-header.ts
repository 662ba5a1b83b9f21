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
