// Server file names land on this computer's disk: a Linux name may hold `\` or `:`, or be
// `CON`, which on Windows turn into a path elsewhere (`x\..\..\AppData\…`), a drive or an
// alternate data stream, or a device. Every saved path is checked segment by segment, then
// resolved and required to stay inside its folder.
import path from 'node:path'
import { ServiceError } from './errors'

type PathApi = typeof path.posix

/** Characters Windows refuses in a name (and `/`, `\` that separate names everywhere). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what Windows refuses
const WINDOWS_FORBIDDEN = /[<>:"/\\|?*\x00-\x1f]/
/** Device names Windows reserves, with or without an extension (`NUL.txt` is the device too). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i

/** Why a name cannot be a file name on that platform, or null when it can. */
export function badSegment(name: string, api: PathApi = path): string | null {
  if (name === '' || name === '.' || name === '..') return `"${name}" is not a file name`
  if (name.includes('\0')) return 'it contains a NUL byte'
  if (name.includes('/')) return 'it contains "/"'
  if (api === path.win32) {
    const bad = WINDOWS_FORBIDDEN.exec(name)
    if (bad)
      return `it contains "${bad[0] < ' ' ? `\\x${bad[0].charCodeAt(0).toString(16)}` : bad[0]}", which Windows does not allow in a name`
    if (WINDOWS_RESERVED.test(name)) return `"${name}" is a device name on Windows`
    if (/[. ]$/.test(name)) return 'Windows drops a trailing dot or space from a name'
  }
  return null
}

/**
 * The path under `dir` for these relative segments (as the server names them): refused with a
 * clear error when a segment cannot be a name here, or when the result would leave `dir`.
 */
export function pathInside(dir: string, segments: string[], api: PathApi = path): string {
  for (const s of segments) {
    const why = badSegment(s, api)
    if (why)
      throw new ServiceError(
        'BAD_REQUEST',
        `${segments.join('/')} cannot be saved on this computer: ${why}.`,
      )
  }
  const root = api.resolve(dir)
  const full = api.resolve(root, ...segments)
  const rel = api.relative(root, full)
  if (rel === '' || rel.startsWith('..') || api.isAbsolute(rel))
    throw new ServiceError('OUTSIDE_ROOT', `${segments.join('/')} would be saved outside ${root}.`)
  return full
}

/**
 * A name that can be saved here, for a single download the user asked for by name: what the
 * platform refuses becomes `_` (and a device name gets a `_` suffix) instead of failing.
 */
export function saveableName(name: string, api: PathApi = path): string {
  let out = name.replace(/[\0/]/g, '_')
  if (api === path.win32) {
    out = out.replace(new RegExp(WINDOWS_FORBIDDEN.source, 'g'), '_').replace(/[. ]+$/, '')
    if (WINDOWS_RESERVED.test(out)) out = `_${out}`
  }
  return out === '' || out === '.' || out === '..' ? 'download' : out
}
