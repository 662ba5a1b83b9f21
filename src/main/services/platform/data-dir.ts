import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where profiles, known hosts, snapshots and settings live: `TWB_HOME` when set, else the
 * platform's app-data folder (the same folder Electron's `userData` points to).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.TWB_HOME) return env.TWB_HOME
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'tw-workbench')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'tw-workbench')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'tw-workbench')
}

/** `fr` when the system speaks French, else `en`. */
export function systemLocale(env: NodeJS.ProcessEnv = process.env, intl?: string): 'en' | 'fr' {
  // ICU is asked only when the environment does not say (it costs tens of milliseconds).
  const tag =
    env.LC_ALL ||
    env.LC_MESSAGES ||
    env.LANG ||
    (intl ?? Intl.DateTimeFormat().resolvedOptions().locale)
  return /^fr\b|^fr[_-]/i.test(tag) ? 'fr' : 'en'
}
