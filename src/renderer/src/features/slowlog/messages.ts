// Messages of the slowlog screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'slow.title': {
    en: 'PHP-FPM slow logs',
    fr: 'Slow logs PHP-FPM',
  },
  'slow.none': {
    en: 'No slow log (/var/log/php/*.slow) on this server.',
    fr: 'Aucun slow log (/var/log/php/*.slow) sur ce serveur.',
  },
  'slow.tab.flame': {
    en: 'Flame graph',
    fr: 'Flame graph',
  },
  'slow.tab.inverted': {
    en: 'Inverted',
    fr: 'Inversé',
  },
  'slow.tab.timeline': {
    en: 'Timeline',
    fr: 'Chronologie',
  },
  'slow.tab.entries': {
    en: 'Entries',
    fr: 'Entrées',
  },
  'slow.tab.aggregates': {
    en: 'Aggregates',
    fr: 'Agrégats',
  },
  'slow.tab.raw': {
    en: 'Raw log',
    fr: 'Journal brut',
  },
  'slow.search': {
    en: 'Highlight a function…',
    fr: 'Surligner une fonction…',
  },
  'slow.live': {
    en: 'Live',
    fr: 'En direct',
  },
  'slow.stats': {
    en: '{n} slow requests from {first} to {last} ({failed} dumps failed)',
    fr: '{n} requêtes lentes du {first} au {last} ({failed} traces échouées)',
  },
  'slow.issues': {
    en: '{n} malformed lines skipped',
    fr: '{n} lignes malformées ignorées',
  },
  'slow.unreadable': {
    en: 'Nothing here reads as a php-fpm slow log ({n} lines not understood): entries like "[02-Dec-2026 14:08:11]  [pool www] pid 123", then script_filename = … and the stack frames, were expected.',
    fr: 'Rien ici ne se lit comme un slow log php-fpm ({n} lignes non comprises) : on attendait des entrées comme « [02-Dec-2026 14:08:11]  [pool www] pid 123 », puis script_filename = … et les frames de la pile.',
  },
  'slow.flame.root': {
    en: 'All slow requests',
    fr: 'Toutes les requêtes lentes',
  },
  'slow.flame.inverted': {
    en: 'Blocking functions (leaf first)',
    fr: 'Fonctions bloquantes (feuilles d’abord)',
  },
  'slow.flame.samples': {
    en: '{n} samples: each slow request is one',
    fr: '{n} échantillons : chaque requête lente en est un',
  },
  'slow.flame.zoomed': {
    en: '{n} of {total} samples',
    fr: '{n} échantillons sur {total}',
  },
  'slow.flame.matched': {
    en: '{n} end in a highlighted function',
    fr: '{n} finissent dans une fonction surlignée',
  },
  'slow.flame.zoomOut': {
    en: 'Zoom out',
    fr: 'Dézoomer',
  },
  'slow.timeline': {
    en: 'Slow requests per minute',
    fr: 'Requêtes lentes par minute',
  },
  'slow.col.time': {
    en: 'Time',
    fr: 'Heure',
  },
  'slow.col.script': {
    en: 'Script',
    fr: 'Script',
  },
  'slow.col.request': {
    en: 'Request',
    fr: 'Requête',
  },
  'slow.col.after': {
    en: 'Caught after',
    fr: 'Saisie après',
  },
  'slow.col.ran': {
    en: 'Ran',
    fr: 'A duré',
  },
  'slow.ran.access': {
    en: 'Whole duration, from the pool’s access log (HTTP {status})',
    fr: 'Durée totale, d’après le journal d’accès du pool (HTTP {status})',
  },
  'slow.ran.killed': {
    en: 'killed',
    fr: 'tuée',
  },
  'slow.ran.killedTitle': {
    en: 'php-fpm killed it after this time (request_terminate_timeout): it has no line in the access log',
    fr: 'php-fpm l’a tuée après ce temps (request_terminate_timeout) : elle n’a pas de ligne dans le journal d’accès',
  },
  'slow.ran.unknown': {
    en: 'Not in the pool’s access log: only known to have run longer than when it was caught',
    fr: 'Absente du journal d’accès du pool : on sait seulement qu’elle a duré plus que le moment de sa saisie',
  },
  'slow.col.total': {
    en: 'Total time',
    fr: 'Temps total',
  },
  'slow.total.part': {
    en: '{known} of {n} timed',
    fr: '{known} sur {n} mesurées',
  },
  'slow.timed': {
    en: '{timed} of {entries} entries timed by the pool’s access log (or php-fpm’s kill). A slow log only says a request passed the threshold; the total times come from there.',
    fr: '{timed} entrées sur {entries} mesurées par le journal d’accès du pool (ou l’arrêt par php-fpm). Un slow log dit seulement qu’une requête a dépassé le seuil ; les temps totaux viennent de là.',
  },
  'slow.untimed': {
    en: 'No entry timed: the pool’s access log (…/php/POOL.access.log, with %{mili}d) was not found, so only counts are shown. A slow log only says a request passed the threshold.',
    fr: 'Aucune entrée mesurée : le journal d’accès du pool (…/php/POOL.access.log, avec %{mili}d) est introuvable, seuls les comptes sont montrés. Un slow log dit seulement qu’une requête a dépassé le seuil.',
  },
  'slow.col.count': {
    en: 'Entries',
    fr: 'Entrées',
  },
  'slow.kept': {
    en: 'The first {n} of {total} entries are listed (the flame graphs and counts use all of them).',
    fr: 'Les {n} premières entrées sur {total} sont listées (les flammes et les comptes les utilisent toutes).',
  },
  'slow.col.top': {
    en: 'Stuck in',
    fr: 'Bloquée dans',
  },
  'slow.dumpFailed': {
    en: 'dump failed',
    fr: 'trace échouée',
  },
  'slow.openSource': {
    en: 'Open the source at this line',
    fr: 'Ouvrir le source à cette ligne',
  },
  'slow.by.script': {
    en: 'By script',
    fr: 'Par script',
  },
  'slow.by.uri': {
    en: 'By request',
    fr: 'Par requête',
  },
  'slow.by.top': {
    en: 'By top frame',
    fr: 'Par frame du haut',
  },
  'slow.by.stack': {
    en: 'By whole stack',
    fr: 'Par pile complète',
  },
} satisfies Catalogue
