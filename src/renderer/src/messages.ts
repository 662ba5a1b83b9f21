// Messages of the app shell (sections, status, settings, common words): English and French side by side.
import type { Catalogue } from './i18n-types'

export const messages = {
  'clock.label': {
    en: 'Times',
    fr: 'Heures',
  },
  'clock.mode.server': {
    en: 'Server’s zone',
    fr: 'Fuseau du serveur',
  },
  'clock.mode.utc': {
    en: 'UTC',
    fr: 'UTC',
  },
  'clock.mode.local': {
    en: 'This computer’s zone',
    fr: 'Fuseau de cet ordinateur',
  },
  'clock.in.server': {
    en: 'Times: server, {zone}',
    fr: 'Heures : serveur, {zone}',
  },
  'clock.in.local': {
    en: 'Times: this computer, {zone}',
    fr: 'Heures : cet ordinateur, {zone}',
  },
  'clock.in.utc': {
    en: 'Times: UTC',
    fr: 'Heures : UTC',
  },
  'clock.in.unknown': {
    en: 'Times: UTC (the server’s zone is unknown)',
    fr: 'Heures : UTC (fuseau du serveur inconnu)',
  },
  'clock.server.read': {
    en: 'The server’s zone is {zone}, read from the server: times its logs write without a zone are placed in it.',
    fr: 'Le fuseau du serveur est {zone}, lu sur le serveur : les heures que ses journaux écrivent sans fuseau y sont placées.',
  },
  'clock.server.demo': {
    en: 'The demo server’s zone is {zone}, the zone its data was written in: times its logs write without a zone are placed in it.',
    fr: 'Le fuseau du serveur de démo est {zone}, celui de ses données : les heures que ses journaux écrivent sans fuseau y sont placées.',
  },
  'clock.server.unknown': {
    en: 'The server’s zone could not be read (`date` did not answer): times are shown in UTC, and times its logs write without a zone are taken as UTC.',
    fr: 'Le fuseau du serveur n’a pas pu être lu (`date` n’a pas répondu) : les heures sont affichées en UTC, et celles que ses journaux écrivent sans fuseau sont prises en UTC.',
  },
  'rows.shown': {
    en: '{n} of {total} shown',
    fr: '{n} sur {total} affichés',
  },
  'rows.more': {
    en: 'Show {n} more',
    fr: 'Afficher {n} de plus',
  },
  'rows.all': {
    en: 'Show all {total}',
    fr: 'Tout afficher ({total})',
  },
  'app.title': {
    en: 'TW Workbench',
    fr: 'TW Workbench',
  },
  'servers.title': {
    en: 'Servers',
    fr: 'Serveurs',
  },
  'servers.demo.hint': {
    en: 'Built-in demo: real logs, profiles and binlogs from a test server.',
    fr: 'Démo intégrée : vrais journaux, profils et binlogs d’un serveur de test.',
  },
  'section.logs': {
    en: 'Logs',
    fr: 'Journaux',
  },
  'section.slow': {
    en: 'Slow PHP',
    fr: 'PHP lent',
  },
  'section.timeline': {
    en: 'Timeline',
    fr: 'Chronologie',
  },
  'section.profiles': {
    en: 'Profiles',
    fr: 'Profils',
  },
  'section.binlogs': {
    en: 'Binlogs',
    fr: 'Binlogs',
  },
  'section.schema': {
    en: 'Schema',
    fr: 'Schéma',
  },
  'section.http': {
    en: 'HTTP',
    fr: 'HTTP',
  },
  'section.files': {
    en: 'Files',
    fr: 'Fichiers',
  },
  'section.terminal': {
    en: 'Terminal',
    fr: 'Terminal',
  },
  'section.clone': {
    en: 'Clone',
    fr: 'Clonage',
  },
  'state.connected': {
    en: 'connected',
    fr: 'connecté',
  },
  'state.connecting': {
    en: 'connecting…',
    fr: 'connexion…',
  },
  'state.disconnected': {
    en: 'disconnected',
    fr: 'déconnecté',
  },
  'state.failed': {
    en: 'connection failed',
    fr: 'échec de connexion',
  },
  'status.service.up': {
    en: 'Service reachable',
    fr: 'Service joignable',
  },
  'status.service.down': {
    en: 'Service unreachable: reconnecting…',
    fr: 'Service injoignable : reconnexion…',
  },
  'status.jobs': {
    en: '{n} running',
    fr: '{n} en cours',
  },
  'common.loading': {
    en: 'Loading…',
    fr: 'Chargement…',
  },
  'common.retry': {
    en: 'Retry',
    fr: 'Réessayer',
  },
  'common.cancel': {
    en: 'Cancel',
    fr: 'Annuler',
  },
  'common.size': {
    en: 'Size',
    fr: 'Taille',
  },
  'common.modified': {
    en: 'Modified',
    fr: 'Modifié',
  },
  'common.name': {
    en: 'Name',
    fr: 'Nom',
  },
  'cost.sftp': {
    en: '{bytes} read in {time} ({rate}/s), as they are: the link is fast enough',
    fr: '{bytes} lus en {time} ({rate}/s), tels quels : le lien est assez rapide',
  },
  'cost.gzip': {
    en: '{bytes} read in {time} ({rate}/s): {wire} on the wire, compressed by the server’s gzip ({ratio}×)',
    fr: '{bytes} lus en {time} ({rate}/s) : {wire} sur le réseau, compressés par le gzip du serveur ({ratio}×)',
  },
  'cost.ssh-zlib': {
    en: '{bytes} read in {time} ({rate}/s): {wire} on the wire, compressed by SSH (the server has no gzip; {ratio}×)',
    fr: '{bytes} lus en {time} ({rate}/s) : {wire} sur le réseau, compressés par SSH (le serveur n’a pas gzip ; {ratio}×)',
  },
  'common.filter': {
    en: 'Filter…',
    fr: 'Filtrer…',
  },
  'common.empty': {
    en: 'Nothing here.',
    fr: 'Rien ici.',
  },
  'theme.light': {
    en: 'Light theme',
    fr: 'Thème clair',
  },
  'theme.dark': {
    en: 'Dark theme',
    fr: 'Thème sombre',
  },
  'theme.system': {
    en: 'System theme',
    fr: 'Thème du système',
  },
  'secrets.keychain': {
    en: 'Secrets: OS keychain',
    fr: 'Secrets : trousseau du système',
  },
  'secrets.keychain.hint': {
    en: 'Passwords and passphrases are sealed by the operating system’s keychain.',
    fr: 'Les mots de passe et phrases de passe sont scellés par le trousseau du système.',
  },
  'secrets.keyFile': {
    en: 'Secrets: sealed key file',
    fr: 'Secrets : fichier de clé scellé',
  },
  'secrets.keyFile.hint': {
    en: 'Passwords and passphrases are sealed with AES-256-GCM by a key kept in {file} (mode 0600), apart from the data. Anyone who can read both files as you can read the secrets: protect your account and its backups.',
    fr: 'Les mots de passe et phrases de passe sont scellés en AES-256-GCM par une clé gardée dans {file} (mode 0600), à part des données. Qui peut lire ces deux fichiers avec vos droits peut lire les secrets : protégez votre compte et ses sauvegardes.',
  },
  'locale.label': {
    en: 'Language',
    fr: 'Langue',
  },
  'locale.system': {
    en: 'System',
    fr: 'Système',
  },
  'flame.totalValue': {
    en: '{v} in total',
    fr: '{v} au total',
  },
  'flame.zoomedValue': {
    en: '{v} of {total}',
    fr: '{v} sur {total}',
  },
  'flame.matchedValue': {
    en: '{v} of self time in highlighted functions',
    fr: '{v} de temps propre dans les fonctions surlignées',
  },
  'flame.hotPath': {
    en: 'hot path outlined',
    fr: 'chemin critique encadré',
  },
  'moment.goTo': {
    en: 'Go to the moment',
    fr: 'Aller à l’instant',
  },
  'window.find': {
    en: 'Find that moment in the whole file',
    fr: 'Trouver cet instant dans tout le fichier',
  },
  'window.finding': {
    en: 'Finding the moment…',
    fr: 'Recherche de l’instant…',
  },
  'window.found': {
    en: '{n} lines written in the 5 minutes from {from}, found in the whole file with {reads} reads ({bytes} read, {time}).',
    fr: '{n} lignes écrites dans les 5 minutes à partir de {from}, trouvées dans tout le fichier en {reads} lectures ({bytes} lus, {time}).',
  },
  'window.before': {
    en: 'The moment is before this file’s first line: an older rotation (.1, .2.gz…) has it.',
    fr: 'L’instant est avant la première ligne de ce fichier : une rotation plus ancienne (.1, .2.gz…) le contient.',
  },
  'window.after': {
    en: 'The moment is after this file’s last line.',
    fr: 'L’instant est après la dernière ligne de ce fichier.',
  },
  'window.truncated': {
    en: 'Cut at 32 MB: more lines follow.',
    fr: 'Coupé à 32 Mo : d’autres lignes suivent.',
  },
  'moment.before': {
    en: 'The moment is before the first line read: read more of the history, or search the rotations.',
    fr: 'L’instant est avant la première ligne lue : lisez plus d’historique, ou cherchez dans les rotations.',
  },
  'moment.after': {
    en: 'The moment is after the last line.',
    fr: 'L’instant est après la dernière ligne.',
  },
  'moment.noTime': {
    en: 'No line of this log has a time that can be read.',
    fr: 'Aucune ligne de ce journal n’a une heure lisible.',
  },
  'moment.label': {
    en: 'Moment on the shared timeline',
    fr: 'Instant sur la frise commune',
  },
  'moment.at': {
    en: 'Moment:',
    fr: 'Instant :',
  },
  'moment.open': {
    en: 'Open {view} at it',
    fr: 'Ouvrir {view} à cet instant',
  },
  'moment.clear': {
    en: 'Clear',
    fr: 'Effacer',
  },
  'moment.outside': {
    en: 'The moment ({moment}) is not within 10 s of what was read of this log: all its requests are shown. Another log or rotation may hold it.',
    fr: 'L’instant ({moment}) n’est pas à moins de 10 s de ce qui a été lu de ce journal : toutes ses requêtes sont affichées. Un autre journal ou une autre rotation peut le contenir.',
  },
  'moment.set': {
    en: 'Make this the moment of every view',
    fr: 'En faire l’instant de toutes les vues',
  },
  'common.save': {
    en: 'Save',
    fr: 'Enregistrer',
  },
  'tools.present': {
    en: 'available on the server',
    fr: 'disponible sur le serveur',
  },
  'tools.missing': {
    en: 'missing on the server: features that need it say so',
    fr: 'absent du serveur : les fonctions qui en ont besoin le signalent',
  },
  'common.close': {
    en: 'Close',
    fr: 'Fermer',
  },
} satisfies Catalogue
