import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Settings } from '../../shared/api'

const DEFAULTS: Settings = { locale: 'system', theme: 'system' }

/** Preferences in `<data dir>/settings.json`; a corrupt file falls back to the defaults. */
export class SettingsStore {
  private readonly file: string

  constructor(dataDir: string) {
    this.file = join(dataDir, 'settings.json')
  }

  async get(): Promise<Settings> {
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as Partial<Settings>
      return sanitize({ ...DEFAULTS, ...raw })
    } catch {
      return { ...DEFAULTS }
    }
  }

  async set(patch: Partial<Settings>): Promise<Settings> {
    const next = sanitize({ ...(await this.get()), ...patch })
    await mkdir(join(this.file, '..'), { recursive: true, mode: 0o700 })
    const tmp = `${this.file}.${process.pid}.tmp`
    await writeFile(tmp, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 })
    await rename(tmp, this.file)
    return next
  }
}

function sanitize(s: Settings): Settings {
  return {
    locale: s.locale === 'en' || s.locale === 'fr' ? s.locale : 'system',
    theme: s.theme === 'light' || s.theme === 'dark' ? s.theme : 'system',
  }
}
