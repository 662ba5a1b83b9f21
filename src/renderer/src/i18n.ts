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
  'files.upload': 'Upload',
  'files.overwrite': '{path} already exists. Replace it?',
  'files.confirmUpload': 'Upload {path} to the production server {name}?',
  'files.edit': 'Edit',
  'files.saved': 'Saved. The previous version is kept as {backup}.',
  'files.confirmProduction':
    'Save {path} on the production server {name}? The previous version is kept beside it.',
  'files.download': 'Download',
  'files.downloaded': 'Saved to {to}',
  'files.path': 'Folder',
  'files.open': 'Open',
  'files.viewer.empty': 'Pick a file to view it.',
  'files.viewer.partial': 'Showing the first {shown} of {size}.',
  'files.more': 'Load more',
  'terminal.demo': 'The demo server has no shell. Add an SSH server to open a terminal.',
  'terminal.new': 'New terminal',
  'terminal.close': 'Close terminal',
  'terminal.none': 'No terminal open on this server.',
  'terminal.search': 'Search the scrollback…',
  'terminal.hint': 'Ctrl+Shift+C / Ctrl+Shift+V: copy / paste',
  'http.soon':
    'Redirect tracing, cache diagnosis, ban check and GeoIP rules are not available in this version yet.',
  'clone.soon': 'The clone and migration wizard is not available in this version yet.',
  'common.save': 'Save',
  'server.add': 'Add a server',
  'server.import': 'Import from ~/.ssh/config',
  'server.edit': 'Edit',
  'server.remove': 'Remove',
  'server.disconnect': 'Disconnect',
  'server.connect': 'Connect',
  'server.remove.confirm':
    'Remove the server "{name}"? Its profile and secrets are deleted; nothing changes on the server.',
  'server.name': 'Name',
  'server.host': 'Host',
  'server.port': 'Port',
  'server.user': 'User',
  'server.auth': 'Authentication',
  'server.auth.key': 'Private key',
  'server.auth.password': 'Password',
  'server.auth.agent': 'ssh-agent',
  'server.keyFile': 'Private key file',
  'server.passphrase': 'Passphrase (if any)',
  'server.password': 'Password',
  'server.secret.keep': '(unchanged)',
  'server.cmsRoot': 'CMS root in the jail',
  'server.role': 'Role',
  'server.role.production': 'production',
  'server.role.preprod': 'preprod',
  'server.role.demo': 'demo',
  'server.jump': 'Jump host (optional)',
  'server.productionUrl': 'Production URL (optional)',
  'server.preprodLink': 'Preprod secure link https://LOGIN:PASSWORD@host',
  'tools.present': 'available on the server',
  'tools.missing': 'missing on the server: features that need it say so',
  'preprod.guard':
    'Preproduction: destroyed and rebuilt every day from the production backup. Do not develop here: changes made on this server are lost at the next rebuild.',
  'trust.title': 'Trust this server?',
  'trust.unknown': '{where} is not known yet. Its host key fingerprint is:',
  'trust.how':
    'Compare it with the one your host gives you (ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub) before trusting it.',
  'trust.accept': 'Trust and connect',
  'trust.cancelled': 'Not connected: the host key was not trusted.',
  'trust.changed.title': 'Host key changed: connection refused',
  'trust.changed.stored': 'Stored key',
  'trust.changed.presented': 'Presented key',
  'trust.changed.confirm':
    'If the host confirmed the new key, type the server name ({name}) to replace the stored one:',
  'trust.changed.replace': 'Replace the stored key and connect',
  'common.close': 'Close',
  'rights.button': 'Rights',
  'rights.title': 'Rights of the site',
  'rights.explain':
    '“Reset rights” creates {flag}; the host’s supervisor then restores the expected owners and modes within a minute. The workbench watches until it is done.',
  'rights.reset': 'Reset rights',
  'rights.waiting': 'Waiting for the supervisor…',
  'rights.audit': 'Audit permissions',
  'rights.audit.none': 'Every file under the CMS root belongs to {login}.',
  'rights.audit.some':
    '{n} files are not owned by {login}: only a file’s owner can change its mode or owner (the web server, running as another user, created them). Reset rights to fix them.',
  'rights.owner': 'Owner',
  'rights.confirm.production': 'Reset the rights of the production site {name}?',
  'preprod.check': 'At-risk changes…',
  'preprod.title': 'Changes at risk on this preprod',
  'preprod.none': 'No file changed since the rebuild of {since} ({scanned} files scanned).',
  'preprod.some':
    '{n} files changed since the rebuild of {since}: they will be lost at the next rebuild unless saved.',
  'preprod.saveAll': 'Download them all',
  'preprod.saved': 'Saved to {to}',
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
  'files.upload': 'Envoyer',
  'files.overwrite': '{path} existe déjà. Le remplacer ?',
  'files.confirmUpload': 'Envoyer {path} sur le serveur de production {name} ?',
  'files.edit': 'Modifier',
  'files.saved': 'Enregistré. La version précédente est conservée sous {backup}.',
  'files.confirmProduction':
    'Enregistrer {path} sur le serveur de production {name} ? La version précédente est conservée à côté.',
  'files.download': 'Télécharger',
  'files.downloaded': 'Enregistré dans {to}',
  'files.path': 'Dossier',
  'files.open': 'Ouvrir',
  'files.viewer.empty': 'Choisissez un fichier pour l’afficher.',
  'files.viewer.partial': 'Affichage des {shown} premiers sur {size}.',
  'files.more': 'Charger la suite',
  'terminal.demo':
    'Le serveur de démo n’a pas de shell. Ajoutez un serveur SSH pour ouvrir un terminal.',
  'terminal.new': 'Nouveau terminal',
  'terminal.close': 'Fermer le terminal',
  'terminal.none': 'Aucun terminal ouvert sur ce serveur.',
  'terminal.search': 'Chercher dans l’historique…',
  'terminal.hint': 'Ctrl+Maj+C / Ctrl+Maj+V : copier / coller',
  'http.soon':
    'Traçage des redirections, diagnostic de cache, test de bannissement et règles GeoIP ne sont pas encore disponibles dans cette version.',
  'clone.soon':
    'L’assistant de clonage et de migration n’est pas encore disponible dans cette version.',
  'common.save': 'Enregistrer',
  'server.add': 'Ajouter un serveur',
  'server.import': 'Importer depuis ~/.ssh/config',
  'server.edit': 'Modifier',
  'server.remove': 'Supprimer',
  'server.disconnect': 'Déconnecter',
  'server.connect': 'Se connecter',
  'server.remove.confirm':
    'Supprimer le serveur « {name} » ? Son profil et ses secrets sont effacés ; rien ne change sur le serveur.',
  'server.name': 'Nom',
  'server.host': 'Hôte',
  'server.port': 'Port',
  'server.user': 'Utilisateur',
  'server.auth': 'Authentification',
  'server.auth.key': 'Clé privée',
  'server.auth.password': 'Mot de passe',
  'server.auth.agent': 'ssh-agent',
  'server.keyFile': 'Fichier de clé privée',
  'server.passphrase': 'Phrase de passe (le cas échéant)',
  'server.password': 'Mot de passe',
  'server.secret.keep': '(inchangé)',
  'server.cmsRoot': 'Racine du CMS dans la prison',
  'server.role': 'Rôle',
  'server.role.production': 'production',
  'server.role.preprod': 'préprod',
  'server.role.demo': 'démo',
  'server.jump': 'Hôte de rebond (facultatif)',
  'server.productionUrl': 'URL de production (facultatif)',
  'server.preprodLink': 'Lien sécurisé de préprod https://LOGIN:MOTDEPASSE@hôte',
  'tools.present': 'disponible sur le serveur',
  'tools.missing': 'absent du serveur : les fonctions qui en ont besoin le signalent',
  'preprod.guard':
    'Préproduction : détruite et reconstruite chaque jour depuis la sauvegarde de production. Ne développez pas ici : les modifications faites sur ce serveur sont perdues à la reconstruction suivante.',
  'trust.title': 'Faire confiance à ce serveur ?',
  'trust.unknown': '{where} n’est pas encore connu. L’empreinte de sa clé d’hôte est :',
  'trust.how':
    'Comparez-la avec celle que votre hébergeur vous donne (ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub) avant de l’accepter.',
  'trust.accept': 'Faire confiance et se connecter',
  'trust.cancelled': 'Non connecté : la clé d’hôte n’a pas été acceptée.',
  'trust.changed.title': 'Clé d’hôte changée : connexion refusée',
  'trust.changed.stored': 'Clé enregistrée',
  'trust.changed.presented': 'Clé présentée',
  'trust.changed.confirm':
    'Si l’hébergeur a confirmé la nouvelle clé, tapez le nom du serveur ({name}) pour remplacer l’ancienne :',
  'trust.changed.replace': 'Remplacer la clé enregistrée et se connecter',
  'common.close': 'Fermer',
  'rights.button': 'Droits',
  'rights.title': 'Droits du site',
  'rights.explain':
    '« Réinitialiser les droits » crée {flag} ; le superviseur de l’hébergeur rétablit alors propriétaires et modes en moins d’une minute. L’atelier surveille jusqu’à la fin.',
  'rights.reset': 'Réinitialiser les droits',
  'rights.waiting': 'En attente du superviseur…',
  'rights.audit': 'Auditer les permissions',
  'rights.audit.none': 'Tous les fichiers sous la racine du CMS appartiennent à {login}.',
  'rights.audit.some':
    '{n} fichiers n’appartiennent pas à {login} : seul le propriétaire d’un fichier peut changer son mode ou son propriétaire (le serveur web, qui tourne sous un autre utilisateur, les a créés). Réinitialisez les droits pour les corriger.',
  'rights.owner': 'Propriétaire',
  'rights.confirm.production': 'Réinitialiser les droits du site de production {name} ?',
  'preprod.check': 'Modifications en danger…',
  'preprod.title': 'Modifications en danger sur cette préprod',
  'preprod.none':
    'Aucun fichier modifié depuis la reconstruction du {since} ({scanned} fichiers examinés).',
  'preprod.some':
    '{n} fichiers modifiés depuis la reconstruction du {since} : ils seront perdus à la prochaine reconstruction s’ils ne sont pas sauvegardés.',
  'preprod.saveAll': 'Tout télécharger',
  'preprod.saved': 'Enregistré dans {to}',
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
