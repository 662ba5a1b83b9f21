import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BackupContract, Settings } from '../../../shared/api'
import { checkContract } from '../../../core/backups'
import { ACCESS_FORMATS } from '../../../core/logs'
import { customFormatProblem } from '../../../core/logs'
import { ServiceError } from './errors'
import { LOG_FIELD_TYPES, type CustomLogFormat } from '../../../shared/logs'

const DEFAULTS: Settings = { locale: 'system', theme: 'system', clock: 'server', logFormats: [] }

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
    clock: s.clock === 'utc' || s.clock === 'local' ? s.clock : 'server',
    // A hand-edited file may hold anything: only usable definitions are kept.
    logFormats: (Array.isArray(s.logFormats) ? s.logFormats : []).filter(usableFormat),
    ...(typeof s.supportEmail === 'string' && EMAIL.test(s.supportEmail)
      ? { supportEmail: s.supportEmail }
      : {}),
    ...(s.backupContracts ? { backupContracts: usableContracts(s.backupContracts) } : {}),
  }
}

/** An e-mail address, as far as a settings file or a form can be checked. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function usableContracts(x: unknown): Record<string, BackupContract> {
  const out: Record<string, BackupContract> = {}
  if (typeof x !== 'object' || x === null) return out
  for (const [id, c] of Object.entries(x)) {
    try {
      out[id] = checkContract(c)
    } catch {
      // a hand-edited contract that is not one: the default applies
    }
  }
  return out
}

const FIELD_TYPES = new Set<string>(LOG_FIELD_TYPES)
const BUILT_IN = new Set(ACCESS_FORMATS.map((f) => f.name))

function usableFormat(f: unknown): f is CustomLogFormat {
  return usableShape(f) && customFormatProblem(f) === null
}

function usableShape(f: unknown): f is CustomLogFormat {
  const d = f as CustomLogFormat
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.name === 'string' &&
    typeof d.pattern === 'string' &&
    Array.isArray(d.fields) &&
    d.fields.every((x) => typeof x?.name === 'string' && FIELD_TYPES.has(x?.type)) &&
    (d.zone === undefined || typeof d.zone === 'string')
  )
}

/** Formats sent by the UI: each usable, names unique; else a message saying which and why. */
export function checkLogFormats(value: unknown): CustomLogFormat[] {
  if (!Array.isArray(value)) throw new ServiceError('BAD_REQUEST', 'logFormats: expected a list.')
  const names = new Set<string>()
  return value.map((f: unknown) => {
    const d = f as CustomLogFormat
    const problem = usableShape(d)
      ? customFormatProblem(d)
      : 'expected { name, pattern, fields: [{ name, type }], zone? }'
    if (problem) throw new ServiceError('BAD_REQUEST', `Log format ${String(d?.name)}: ${problem}`)
    if (names.has(d.name) || BUILT_IN.has(d.name))
      throw new ServiceError('BAD_REQUEST', `Log format ${d.name}: that name is already taken.`)
    names.add(d.name)
    return {
      name: d.name,
      pattern: d.pattern,
      fields: d.fields.map((x) => ({ name: x.name, type: x.type })),
      ...(d.zone ? { zone: d.zone } : {}),
    }
  })
}
