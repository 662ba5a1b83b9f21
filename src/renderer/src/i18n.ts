import { createContext, useContext } from 'react'
import type { Locale } from '../../shared/api'

const en = {
  'app.title': 'TW Workbench',
  'servers.title': 'Servers',
  'servers.demo.hint': 'Built-in demo: real logs, profiles and binlogs from a test server.',
  'section.logs': 'Logs',
  'section.slow': 'Slow PHP',
  'section.profiles': 'Profiles',
  'section.binlogs': 'Binlogs',
  'section.schema': 'Schema',
  'section.http': 'HTTP',
  'section.files': 'Files',
  'section.terminal': 'Terminal',
  'section.clone': 'Clone',
  'state.connected': 'connected',
  'state.connecting': 'connecting…',
  'state.disconnected': 'disconnected',
  'state.failed': 'connection failed',
  'status.service.up': 'Service reachable',
  'status.service.down': 'Service unreachable: reconnecting…',
  'status.jobs': '{n} running',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.cancel': 'Cancel',
  'common.size': 'Size',
  'common.modified': 'Modified',
  'common.name': 'Name',
  'common.filter': 'Filter…',
  'common.empty': 'Nothing here.',
  'common.error': 'Error',
  'theme.light': 'Light theme',
  'theme.dark': 'Dark theme',
  'theme.system': 'System theme',
  'locale.label': 'Language',
  'locale.system': 'System',
  'logs.pick': 'Pick a log on the left to read it.',
  'logs.none': 'No readable log under /var/log.',
  'logs.follow': 'Follow',
  'logs.pause': 'Pause',
  'logs.resume': 'Resume',
  'logs.stop': 'Stop',
  'logs.lines': '{n} lines',
  'logs.shown': '{shown} of {n} lines',
  'logs.live': 'live',
  'logs.ended': 'ended',
  'logs.stopped': 'stopped',
  'logs.history': 'Lines of history',
  'logs.compressed': 'compressed',
  'slow.title': 'PHP-FPM slow logs',
  'slow.none': 'No slow log (/var/log/php/*.slow) on this server.',
  'profiles.title': 'Xdebug profiles in /var/log/php/profiler',
  'profiles.none':
    'No profile yet. Profiling starts when a request carries the XDEBUG_TRIGGER cookie.',
  'profiles.request': 'Profiled script',
  'binlogs.title': 'MySQL / MariaDB binary logs',
  'binlogs.none': 'No binary log readable in /var/log/mysql.',
  'binlogs.note':
    'Binary logs are decoded on the server with "mysqlbinlog --no-defaults": --no-defaults must come first, or a default-character-set client option breaks mysqlbinlog (MDEV-15835).',
  'schema.title': 'Schema integrity log',
  'schema.none': 'No /var/log/mysql/btws_integrity.log on this server.',
  'files.up': 'Up',
  'files.open': 'Open',
  'files.viewer.empty': 'Pick a file to view it.',
  'files.viewer.partial': 'Showing the first {shown} of {size}.',
  'files.more': 'Load more',
  'terminal.demo': 'The demo server has no shell. Add an SSH server to open a terminal.',
  'http.soon':
    'Redirect tracing, cache diagnosis, ban check and GeoIP rules are not available in this version yet.',
  'clone.soon': 'The clone and migration wizard is not available in this version yet.',
}

export type MessageKey = keyof typeof en

const fr: Record<MessageKey, string> = {
  'app.title': 'TW Workbench',
  'servers.title': 'Serveurs',
  'servers.demo.hint': 'Démo intégrée : vrais journaux, profils et binlogs d’un serveur de test.',
  'section.logs': 'Journaux',
  'section.slow': 'PHP lent',
  'section.profiles': 'Profils',
  'section.binlogs': 'Binlogs',
  'section.schema': 'Schéma',
  'section.http': 'HTTP',
  'section.files': 'Fichiers',
  'section.terminal': 'Terminal',
  'section.clone': 'Clonage',
  'state.connected': 'connecté',
  'state.connecting': 'connexion…',
  'state.disconnected': 'déconnecté',
  'state.failed': 'échec de connexion',
  'status.service.up': 'Service joignable',
  'status.service.down': 'Service injoignable : reconnexion…',
  'status.jobs': '{n} en cours',
  'common.loading': 'Chargement…',
  'common.retry': 'Réessayer',
  'common.cancel': 'Annuler',
  'common.size': 'Taille',
  'common.modified': 'Modifié',
  'common.name': 'Nom',
  'common.filter': 'Filtrer…',
  'common.empty': 'Rien ici.',
  'common.error': 'Erreur',
  'theme.light': 'Thème clair',
  'theme.dark': 'Thème sombre',
  'theme.system': 'Thème du système',
  'locale.label': 'Langue',
  'locale.system': 'Système',
  'logs.pick': 'Choisissez un journal à gauche pour le lire.',
  'logs.none': 'Aucun journal lisible sous /var/log.',
  'logs.follow': 'Suivre',
  'logs.pause': 'Pause',
  'logs.resume': 'Reprendre',
  'logs.stop': 'Arrêter',
  'logs.lines': '{n} lignes',
  'logs.shown': '{shown} sur {n} lignes',
  'logs.live': 'en direct',
  'logs.ended': 'terminé',
  'logs.stopped': 'arrêté',
  'logs.history': 'Lignes d’historique',
  'logs.compressed': 'compressé',
  'slow.title': 'Slow logs PHP-FPM',
  'slow.none': 'Aucun slow log (/var/log/php/*.slow) sur ce serveur.',
  'profiles.title': 'Profils Xdebug dans /var/log/php/profiler',
  'profiles.none':
    'Aucun profil. Le profilage démarre quand une requête porte le cookie XDEBUG_TRIGGER.',
  'profiles.request': 'Script profilé',
  'binlogs.title': 'Journaux binaires MySQL / MariaDB',
  'binlogs.none': 'Aucun journal binaire lisible dans /var/log/mysql.',
  'binlogs.note':
    'Les binlogs sont décodés sur le serveur par « mysqlbinlog --no-defaults » : --no-defaults doit venir en premier, sinon une option client default-character-set casse mysqlbinlog (MDEV-15835).',
  'schema.title': 'Journal d’intégrité du schéma',
  'schema.none': 'Pas de /var/log/mysql/btws_integrity.log sur ce serveur.',
  'files.up': 'Remonter',
  'files.open': 'Ouvrir',
  'files.viewer.empty': 'Choisissez un fichier pour l’afficher.',
  'files.viewer.partial': 'Affichage des {shown} premiers sur {size}.',
  'files.more': 'Charger la suite',
  'terminal.demo':
    'Le serveur de démo n’a pas de shell. Ajoutez un serveur SSH pour ouvrir un terminal.',
  'http.soon':
    'Traçage des redirections, diagnostic de cache, test de bannissement et règles GeoIP ne sont pas encore disponibles dans cette version.',
  'clone.soon':
    'L’assistant de clonage et de migration n’est pas encore disponible dans cette version.',
}

const DICTS: Record<Locale, Record<MessageKey, string>> = { en, fr }

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

export function translator(locale: Locale): Translate {
  const dict = DICTS[locale]
  return (key, vars) => {
    let s = dict[key]
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v))
    return s
  }
}

export const I18nContext = createContext<{ locale: Locale; t: Translate }>({
  locale: 'en',
  t: translator('en'),
})

export function useI18n(): { locale: Locale; t: Translate } {
  return useContext(I18nContext)
}

export function formatBytes(n: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  const unit = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go', 'To'][u] : units[u]
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: u === 0 ? 0 : 1 }).format(v)} ${unit}`
}

export function formatTime(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(
    new Date(ms),
  )
}
