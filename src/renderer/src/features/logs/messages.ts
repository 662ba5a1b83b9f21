// Messages of the logs screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'errors.allMessages': {
    en: 'All messages',
    fr: 'Tous les messages',
  },
  'logsearch.empty': {
    en: 'Type the text to find first',
    fr: 'Tapez d’abord le texte à chercher',
  },
  'explore.badPattern': {
    en: 'Not a regular expression, nothing filtered by it: {why}',
    fr: 'Pas une expression régulière, rien n’est filtré : {why}',
  },
  'logs.pick': {
    en: 'Pick a log on the left to read it.',
    fr: 'Choisissez un journal à gauche pour le lire.',
  },
  'logs.none': {
    en: 'No readable log under /var/log.',
    fr: 'Aucun journal lisible sous /var/log.',
  },
  'logs.pause': {
    en: 'Pause',
    fr: 'Pause',
  },
  'logs.resume': {
    en: 'Resume',
    fr: 'Reprendre',
  },
  'logs.stop': {
    en: 'Stop',
    fr: 'Arrêter',
  },
  'logs.lines': {
    en: '{n} lines',
    fr: '{n} lignes',
  },
  'logs.shown': {
    en: '{shown} of {n} lines',
    fr: '{shown} sur {n} lignes',
  },
  'logs.live': {
    en: 'live',
    fr: 'en direct',
  },
  'logs.paused': {
    en: 'paused: new lines held on the server',
    fr: 'en pause : les nouvelles lignes attendent sur le serveur',
  },
  'logs.ended': {
    en: 'ended',
    fr: 'terminé',
  },
  'logs.history.read': {
    en: 'History read at once:',
    fr: 'Historique lu d’un bloc :',
  },
  'logs.outage.read': {
    en: 'Reconnected; the lines written meanwhile read at once:',
    fr: 'Reconnecté ; les lignes écrites entre-temps lues d’un bloc :',
  },
  'logs.reconnected': {
    en: 'Reconnected: the lines resume where they stopped (none lost, none twice).',
    fr: 'Reconnecté : les lignes reprennent où elles s’étaient arrêtées (aucune perdue, aucune en double).',
  },
  'logs.stopped': {
    en: 'stopped',
    fr: 'arrêté',
  },
  'logs.compressed': {
    en: 'compressed',
    fr: 'compressé',
  },
  'logs.tab.tail': {
    en: 'Tail',
    fr: 'Suivi',
  },
  'logs.tab.search': {
    en: 'Search all rotations',
    fr: 'Chercher dans les rotations',
  },
  'logsearch.pattern': {
    en: 'Text to find in the log and its rotations',
    fr: 'Texte à trouver dans le journal et ses rotations',
  },
  'logsearch.regex': {
    en: 'regular expression',
    fr: 'expression régulière',
  },
  'logsearch.ignoreCase': {
    en: 'ignore case',
    fr: 'sans tenir compte de la casse',
  },
  'logsearch.run': {
    en: 'Search on the server',
    fr: 'Chercher sur le serveur',
  },
  'logsearch.running': {
    en: '{n} found so far…',
    fr: '{n} trouvées pour l’instant…',
  },
  'logsearch.found': {
    en: '{n} found',
    fr: '{n} trouvées',
  },
  'logsearch.results': {
    en: 'Search results',
    fr: 'Résultats de la recherche',
  },
  'logs.tab.explore': {
    en: 'Explore',
    fr: 'Explorer',
  },
  'errors.summary': {
    en: '{format}: {n} entries, {first} → {last}.',
    fr: '{format} : {n} entrées, {first} → {last}.',
  },
  'errors.zoneless': {
    en: 'Its times have no zone: placed with the server’s.',
    fr: 'Ses heures n’ont pas de fuseau : placées avec celui du serveur.',
  },
  'errors.histogram': {
    en: 'Entries over time: errors, warnings, the rest (click a bar to keep its time)',
    fr: 'Entrées dans le temps : erreurs, avertissements, le reste (cliquez une barre pour garder sa période)',
  },
  'errors.traces': {
    en: 'Stack traces',
    fr: 'Piles d’appels',
  },
  'errors.count': {
    en: '{n} of {total} entries',
    fr: '{n} entrées sur {total}',
  },
  'errors.entries': {
    en: 'Entries',
    fr: 'Entrées',
  },
  'errors.top': {
    en: 'Repeated messages',
    fr: 'Messages répétés',
  },
  'format.title': {
    en: 'Define the format of this log',
    fr: 'Définir le format de ce journal',
  },
  'format.hint': {
    en: 'No known format reads this log. A definition is proposed from a line: name and type its fields, correct the pattern if needed, then save it. It is kept with your settings and used for every log it reads.',
    fr: 'Aucun format connu ne lit ce journal. Une définition est proposée à partir d’une ligne : nommez et typez ses champs, corrigez le motif au besoin, puis enregistrez-la. Elle est gardée avec vos réglages et sert pour tout journal qu’elle lit.',
  },
  'format.sample': {
    en: 'Sample line',
    fr: 'Ligne d’exemple',
  },
  'format.field': {
    en: 'Field',
    fr: 'Champ',
  },
  'format.type': {
    en: 'Type',
    fr: 'Type',
  },
  'format.value': {
    en: 'In the sample',
    fr: 'Dans l’exemple',
  },
  'format.pattern': {
    en: 'Pattern (a regular expression, one named group per field)',
    fr: 'Motif (une expression régulière, un groupe nommé par champ)',
  },
  'format.zone': {
    en: 'Zone of times without one',
    fr: 'Fuseau des heures qui n’en ont pas',
  },
  'format.reads': {
    en: 'Reads {read} of {of} lines',
    fr: 'Lit {read} lignes sur {of}',
  },
  'format.unread': {
    en: 'First line not read:',
    fr: 'Première ligne non lue :',
  },
  'format.save': {
    en: 'Save and explore',
    fr: 'Enregistrer et explorer',
  },
  'format.pick': {
    en: 'Format',
    fr: 'Format',
  },
  'format.auto': {
    en: 'Detected',
    fr: 'Détecté',
  },
  'format.define': {
    en: 'Define a format…',
    fr: 'Définir un format…',
  },
  'explore.summary': {
    en: '{format}: {parsed} requests ({unparsed} lines not read as requests), {first} → {last}.',
    fr: '{format} : {parsed} requêtes ({unparsed} lignes non lues comme requêtes), {first} → {last}.',
  },
  'explore.read': {
    en: 'Read',
    fr: 'Lire',
  },
  'explore.lastMb': {
    en: 'the last {mb} MB',
    fr: 'les {mb} derniers Mo',
  },
  'explore.vhost': {
    en: 'Virtual host',
    fr: 'Hôte virtuel',
  },
  'explore.anyVhost': {
    en: 'Any virtual host',
    fr: 'Tout hôte virtuel',
  },
  'explore.termination': {
    en: 'HAProxy termination state',
    fr: 'État de fin HAProxy',
  },
  'explore.anyTermination': {
    en: 'Any termination state',
    fr: 'Tout état de fin',
  },
  'explore.empty': {
    en: 'Nothing to explore: this log is empty.',
    fr: 'Rien à explorer : ce journal est vide.',
  },
  'explore.partial': {
    en: 'The last {mb} MB of the file.',
    fr: 'Les {mb} derniers Mo du fichier.',
  },
  'explore.histogram': {
    en: 'Requests over time, by status class (click a bar to keep its time)',
    fr: 'Requêtes dans le temps, par classe de statut (cliquez une barre pour garder sa période)',
  },
  'explore.method': {
    en: 'Method',
    fr: 'Méthode',
  },
  'explore.anyMethod': {
    en: 'Any method',
    fr: 'Toute méthode',
  },
  'explore.ip': {
    en: 'IP',
    fr: 'IP',
  },
  'explore.path': {
    en: 'Path (regex)',
    fr: 'Chemin (regex)',
  },
  'explore.text': {
    en: 'Text',
    fr: 'Texte',
  },
  'explore.clearTime': {
    en: 'From {from} only: show all',
    fr: 'Depuis {from} seulement : tout montrer',
  },
  'explore.kept': {
    en: '(the table keeps the newest {kept} of the {parsed} requests read; counts and charts use them all)',
    fr: '(le tableau garde les {kept} requêtes les plus récentes sur {parsed} lues ; comptes et graphiques les utilisent toutes)',
  },
  'explore.count': {
    en: '{n} of {total} requests',
    fr: '{n} requêtes sur {total}',
  },
  'explore.rows': {
    en: 'Requests',
    fr: 'Requêtes',
  },
  'explore.topIps': {
    en: 'Top IPs',
    fr: 'IP les plus actives',
  },
  'explore.topPaths': {
    en: 'Top paths',
    fr: 'Chemins les plus demandés',
  },
  'explore.topAgents': {
    en: 'Top user agents',
    fr: 'Navigateurs et robots',
  },
  'explore.slowest': {
    en: 'Slowest',
    fr: 'Les plus lentes',
  },
  'explore.bans': {
    en: 'Ban helper',
    fr: 'Aide aux bannissements',
  },
  'explore.bans.none': {
    en: 'No IP with bursts or refused requests.',
    fr: 'Aucune IP avec des rafales ou des requêtes refusées.',
  },
  'explore.bans.advice': {
    en: 'Bursts of requests from one IP in 10 s, and 408/403/429 answers, are what the IDS micro-bans: whitelist your own IPs (offices, monitoring, crawlers you run) in the manager.',
    fr: 'Les rafales de requêtes d’une IP en 10 s et les réponses 408/403/429 sont ce que l’IDS bannit : mettez vos propres IP (bureaux, supervision, robots que vous lancez) en liste blanche dans le manager.',
  },
  'explore.bans.row': {
    en: 'up to {max} requests in 10 s (at {at}), {refused} refused',
    fr: 'jusqu’à {max} requêtes en 10 s (à {at}), {refused} refusées',
  },
} satisfies Catalogue
