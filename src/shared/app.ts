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
}

export interface Settings {
  locale: Locale | 'system'
  theme: Theme
  /** The zone every time is shown in (the server's by default). */
  clock: ClockMode
  /** The user's own access log formats (Logs › Explore › Define a format). */
  logFormats: CustomLogFormat[]
}

/** The app's identity and the user's settings. */
export interface AppCalls {
  'app:info': { req: Record<string, never>; res: AppInfo }
  'settings:get': { req: Record<string, never>; res: Settings }
  'settings:set': { req: Partial<Settings>; res: Settings }
}
