import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { downloadFolder, downloadPath } from '../files'
import { badSegment, pathInside, saveableName } from './local-paths'

const win = path.win32
const never = (): boolean => false

describe('server names saved on this computer', () => {
  it('refuses on Windows what would leave the folder or name a device', () => {
    const dir = 'C:\\Users\\me\\Downloads\\tw-workbench\\shop\\preprod-1'
    for (const rel of [
      'x\\..\\..\\..\\AppData\\Roaming\\evil.exe',
      'wp-content/C:evil',
      'a:stream',
      'CON',
      'nul.txt',
      'LPT1',
      'com3.log',
      'uploads/trailing.',
      'uploads/trailing ',
      'ask?.php',
      'pipe|.txt',
      'tab\there',
    ]) {
      expect(() => pathInside(dir, rel.split('/'), win), rel).toThrow(/cannot be saved/)
    }
    // Fine on Linux and macOS, where those are ordinary names.
    expect(pathInside('/home/me/d', ['x\\..\\..\\AppData', 'a:b', 'CON'], path.posix)).toBe(
      '/home/me/d/x\\..\\..\\AppData/a:b/CON',
    )
  })

  it('refuses dot segments and anything resolving outside, on every platform', () => {
    for (const api of [path.posix, win]) {
      expect(() => pathInside('/d', ['..', 'etc', 'passwd'], api)).toThrow(/cannot be saved/)
      expect(() => pathInside('/d', ['a', '.', 'b'], api)).toThrow(/cannot be saved/)
      expect(() => pathInside('/d', [''], api)).toThrow(/cannot be saved/)
    }
    expect(() => pathInside('/d', ['a\0b'], path.posix)).toThrow(/NUL/)
    expect(pathInside('C:\\d', ['wp-content', 'uploads', 'é.jpg'], win)).toBe(
      'C:\\d\\wp-content\\uploads\\é.jpg',
    )
  })

  it('names a single download so that it stays in the downloads folder', () => {
    const got = downloadPath(
      'C:\\Users\\me\\Downloads',
      'Shop',
      '/var/www/x\\..\\..\\AppData\\a.exe',
      never,
      win,
    )
    expect(got).toBe('C:\\Users\\me\\Downloads\\tw-workbench\\Shop\\x_.._.._AppData_a.exe')
    expect(downloadPath('C:\\dl', 'Shop', '/srv/CON', never, win)).toBe(
      'C:\\dl\\tw-workbench\\Shop\\_CON',
    )
    expect(downloadPath('C:\\dl', 'Shop', '/srv/notes. ', never, win)).toBe(
      'C:\\dl\\tw-workbench\\Shop\\notes',
    )
    expect(downloadPath('/home/me/dl', 'Shop', '/srv/a:b\\c', never, path.posix)).toBe(
      '/home/me/dl/tw-workbench/Shop/a:b\\c',
    )
    // A server named ".." or "a/b" does not leave tw-workbench either.
    expect(downloadFolder('/dl', '..', path.posix)).toBe('/dl/tw-workbench/_')
    expect(downloadFolder('/dl', 'a/../b', path.posix)).toBe('/dl/tw-workbench/a_.._b')
    expect(saveableName('..', win)).toBe('download')
    expect(badSegment('ok.txt', win)).toBeNull()
  })

  it('never overwrites: a second download gets a number', () => {
    const taken = new Set(['C:\\dl\\tw-workbench\\Shop\\a.log'])
    expect(downloadPath('C:\\dl', 'Shop', '/var/log/a.log', (p) => taken.has(p), win)).toBe(
      'C:\\dl\\tw-workbench\\Shop\\a (2).log',
    )
  })
})
