import type { BackupContract } from './backups'
// The application itself: its identity, the user's settings.
import type { CustomLogFormat } from './logs'
import type { ClockMode } from './servers'

export type Locale = 'en' | 'fr'

export type Theme = 'light' | 'dark' | 'system'

export type Transport = 'electron' | 'web'

export interface AppInfo {
  version: string
  transport: Transport
  /** Locale of the system the services run on; the renderer may override it. */
  systemLocale: Locale
  dataDir: string
  /** How secrets are sealed at rest: the OS keychain (Electron), or a key file in the data folder. */
  secrets: { kind: 'os-keychain' | 'key-file'; keyFile?: string }
  /** A native file dialog is there (Electron): `app:pick-file` answers. Not in web mode. */
  fileDialog: boolean
}

/** What a native file dialog is opened for (its title and starting folder follow). */
export type PickPurpose = 'ssh-key'

export interface Settings {
  locale: Locale | 'system'
  theme: Theme
  /** The zone every time is shown in (the server's by default). */
  clock: ClockMode
  /** The user's own access log formats (Logs › Explore › Define a format). */
  logFormats: CustomLogFormat[]
  /** The host's support address, for the requests the workbench prepares (never sent by it). */
  supportEmail?: string
  /** Each server's backup contract, by server id (the default when absent). */
  backupContracts?: Record<string, BackupContract>
}

/** The app's identity and the user's settings. */
export interface AppCalls {
  'app:info': { req: Record<string, never>; res: AppInfo }
  /** A file of this computer, chosen in the native dialog; `path` null when the user cancelled. */
  'app:pick-file': { req: { purpose: PickPurpose }; res: { path: string | null } }
  'settings:get': { req: Record<string, never>; res: Settings }
  'settings:set': { req: Partial<Settings>; res: Settings }
}
