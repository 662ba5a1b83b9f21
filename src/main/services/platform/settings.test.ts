import { mkdirSync, mkdtempSync, writeFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkLogFormats, SettingsStore } from './settings'
import { defaultDataDir, systemLocale } from './data-dir'

describe('settings and data directory', () => {
  it('stores settings privately and survives a corrupt file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'twb-set-')), 'home')
    const store = new SettingsStore(dir)
    const defaults = { locale: 'system', theme: 'system', clock: 'server', logFormats: [] }
    expect(await store.get()).toEqual(defaults)
    expect(await store.set({ theme: 'dark', locale: 'fr', clock: 'utc' })).toEqual({
      locale: 'fr',
      theme: 'dark',
      clock: 'utc',
      logFormats: [],
    })
    expect(await new SettingsStore(dir).get()).toEqual({
      locale: 'fr',
      theme: 'dark',
      clock: 'utc',
      logFormats: [],
    })
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600)
    writeFileSync(join(dir, 'settings.json'), '{not json')
    expect(await store.get()).toEqual(defaults)
  })

  it('keeps only the saved log formats that can be used, and refuses bad ones with a reason', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'twb-set-')), 'home')
    const fields = [
      { name: 'time', type: 'time' },
      { name: 'status', type: 'status' },
    ]
    const good = { name: 'mine', pattern: '^\\[(?<time>[^\\]]+)\\] (?<status>\\d{3})$', fields }
    mkdirSync(dir, { recursive: true })
    // Edited by hand: a broken pattern, a field type that does not exist, not a format at all.
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        logFormats: [
          good,
          { ...good, name: 'broken', pattern: '(?<time>[' },
          { ...good, name: 'odd', fields: [{ name: 'time', type: 'colour' }] },
          'nope',
        ],
      }),
    )
    expect((await new SettingsStore(dir).get()).logFormats).toEqual([good])
    expect(checkLogFormats([good])).toEqual([good])
    expect(() => checkLogFormats([good, good])).toThrow(/mine: that name is already taken/)
    expect(() => checkLogFormats([{ ...good, name: 'combined' }])).toThrow(/already taken/)
    expect(() => checkLogFormats([{ ...good, fields: [] }])).toThrow(
      /mine: A field must be the time/,
    )
    expect(() => checkLogFormats('x')).toThrow(/expected a list/)
  })

  it('honours TWB_HOME, else the platform folder', () => {
    expect(defaultDataDir({ TWB_HOME: '/x/y' }, 'linux', '/home/u')).toBe('/x/y')
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/tw-workbench')
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe(
      '/cfg/tw-workbench',
    )
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe(
      '/Users/u/Library/Application Support/tw-workbench',
    )
    expect(defaultDataDir({ APPDATA: 'C:\\AppData' }, 'win32', 'C:\\u')).toContain('tw-workbench')
  })

  it('speaks French on a French system', () => {
    expect(systemLocale({ LANG: 'fr_FR.UTF-8' }, 'en-US')).toBe('fr')
    expect(systemLocale({ LANG: 'C.UTF-8' }, 'en-US')).toBe('en')
    expect(systemLocale({}, 'fr-BE')).toBe('fr')
  })
})
