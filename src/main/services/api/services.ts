import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Services } from './session'
import { defaultDataDir, systemLocale } from '../platform'
import { ServerRegistry } from '../platform'
import { SettingsStore } from '../platform'
import { KeyFileCipher, type PickFile, type SecretCipher } from '../platform'
import { TerminalManager } from '../terminal'
import { SnapshotStore } from '../schema'

export interface ServicesOptions {
  /** The folder holding `resources/` and `package.json` (the app's root). */
  appRoot: string
  dataDir?: string
  locale?: 'en' | 'fr'
  /** Seals secrets at rest; a key file in `<data dir>/keys/` unless given (Electron: safeStorage). */
  cipher?: SecretCipher
  /** Where downloads land; `$TWB_DOWNLOADS`, else ~/Downloads. */
  downloadsDir?: string
  /** The folder of the built workers; `<appRoot>/out/main` unless given (a packed app's differs). */
  workersDir?: string
  /** The native file dialog (Electron's); web mode and the CLI have none. */
  pickFile?: PickFile
}

export function createServices(options: ServicesOptions): Services {
  const dataDir = options.dataDir ?? defaultDataDir()
  const pkg = JSON.parse(readFileSync(join(options.appRoot, 'package.json'), 'utf8')) as {
    version: string
  }
  const keyFile = join(dataDir, 'keys', 'secrets.key')
  const workersDir = options.workersDir ?? join(options.appRoot, 'out', 'main')
  const cipher = options.cipher ?? new KeyFileCipher(keyFile)
  return {
    servers: new ServerRegistry({
      resourcesDir: join(options.appRoot, 'resources'),
      dataDir,
      cipher,
    }),
    settings: new SettingsStore(dataDir),
    terminals: new TerminalManager(),
    snapshots: new SnapshotStore(dataDir),
    downloadsDir: options.downloadsDir ?? process.env.TWB_DOWNLOADS ?? join(homedir(), 'Downloads'),
    profileWorker: join(workersDir, 'cachegrind-worker.js'),
    partWorker: join(workersDir, 'part-worker.js'),
    info: {
      version: pkg.version,
      systemLocale: options.locale ?? systemLocale(),
      dataDir,
      secrets:
        cipher.kind === 'os-keychain' ? { kind: 'os-keychain' } : { kind: 'key-file', keyFile },
      fileDialog: options.pickFile !== undefined,
    },
    ...(options.pickFile ? { pickFile: options.pickFile } : {}),
  }
}
