// Messages of the profiles screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'profiles.url.waiting': {
    en: 'Requesting the page with the profiling cookie… {s} s',
    fr: 'Requête de la page avec le cookie de profilage… {s} s',
  },
  'profiles.url.cancelled': {
    en: 'Cancelled: the request was stopped.',
    fr: 'Annulé : la requête a été arrêtée.',
  },
  'profiles.title': {
    en: 'Xdebug profiles in /var/log/php/profiler',
    fr: 'Profils Xdebug dans /var/log/php/profiler',
  },
  'profiles.none': {
    en: 'No profile yet. Profiling starts when a request carries the XDEBUG_TRIGGER cookie.',
    fr: 'Aucun profil. Le profilage démarre quand une requête porte le cookie XDEBUG_TRIGGER.',
  },
  'profiles.pick': {
    en: 'Pick a profile on the left, or profile a page: Xdebug writes one file per request that has its trigger cookie.',
    fr: 'Choisissez un profil à gauche, ou profilez une page : Xdebug écrit un fichier par requête portant son cookie de déclenchement.',
  },
  'profiles.parsing': {
    en: 'Reading the profile ({size})…',
    fr: 'Lecture du profil ({size})…',
  },
  'profiles.stats': {
    en: '{total} in total · {functions} functions · {size} read in {ms} ms',
    fr: '{total} au total · {functions} fonctions · {size} lus en {ms} ms',
  },
  'profiles.runs': {
    en: '{n} runs in this file',
    fr: '{n} exécutions dans ce fichier',
  },
  'profiles.truncated': {
    en: 'The profile stops early (line {line}: {message}): what it holds is shown, totals may be low.',
    fr: 'Le profil s’arrête avant la fin (ligne {line} : {message}) : son contenu est affiché, les totaux peuvent être bas.',
  },
  'profiles.tab.functions': {
    en: 'Functions',
    fr: 'Fonctions',
  },
  'profiles.tab.flame': {
    en: 'Call tree',
    fr: 'Arbre d’appels',
  },
  'profiles.tab.compare': {
    en: 'Compare',
    fr: 'Comparer',
  },
  'profiles.search': {
    en: 'Search functions or files',
    fr: 'Chercher fonctions ou fichiers',
  },
  'profiles.hideInternal': {
    en: 'Hide PHP internal functions',
    fr: 'Masquer les fonctions internes de PHP',
  },
  'profiles.request.hint': {
    en: 'The request as Xdebug writes it in the file name: / . ? & become _.',
    fr: 'La requête telle que Xdebug l’écrit dans le nom du fichier : / . ? & deviennent _.',
  },
  'profiles.compare.pick': {
    en: '— choose a profile —',
    fr: '— choisir un profil —',
  },
  'profiles.compare.noSame': {
    en: 'No earlier profile of this request: choose one to compare with.',
    fr: 'Aucun profil antérieur de cette requête : choisissez-en un à comparer.',
  },
  'profiles.rows': {
    en: '{n} functions',
    fr: '{n} fonctions',
  },
  'profiles.col.self': {
    en: 'Self',
    fr: 'Propre',
  },
  'profiles.col.inclusive': {
    en: 'Inclusive',
    fr: 'Inclusif',
  },
  'profiles.col.calls': {
    en: 'Calls',
    fr: 'Appels',
  },
  'profiles.col.selfMem': {
    en: 'Self mem',
    fr: 'Mém. propre',
  },
  'profiles.col.inclusiveMem': {
    en: 'Incl. mem',
    fr: 'Mém. incl.',
  },
  'profiles.col.function': {
    en: 'Function',
    fr: 'Fonction',
  },
  'profiles.callers': {
    en: 'Called by',
    fr: 'Appelée par',
  },
  'profiles.callees': {
    en: 'Calls',
    fr: 'Appelle',
  },
  'profiles.calls.line': {
    en: 'The line of the call in the caller',
    fr: 'La ligne de l’appel dans l’appelant',
  },
  'profiles.calls.none': {
    en: 'None.',
    fr: 'Aucune.',
  },
  'profiles.calls.navigate': {
    en: 'Double-click to go to this function',
    fr: 'Double-cliquez pour aller à cette fonction',
  },
  'profiles.trail': {
    en: 'Functions visited',
    fr: 'Fonctions parcourues',
  },
  'profiles.recursive': {
    en: 'calls itself {n} times (counted once in inclusive)',
    fr: 's’appelle elle-même {n} fois (comptée une fois en inclusif)',
  },
  'profiles.showInFlame': {
    en: 'Show in call tree',
    fr: 'Voir dans l’arbre',
  },
  'profiles.flame.root': {
    en: 'Whole request',
    fr: 'Requête entière',
  },
  'profiles.flame.exact': {
    en: 'Exact call tree rebuilt from the calls; boxes under {share}% of the total are left out. Click to zoom.',
    fr: 'Arbre d’appels exact reconstruit à partir des appels ; les cases sous {share} % du total sont omises. Cliquez pour zoomer.',
  },
  'profiles.flame.edges': {
    en: 'Call graph guessed from caller/callee totals (the exact tree could not be rebuilt: {why}).',
    fr: 'Graphe d’appels estimé à partir des totaux appelant/appelé (l’arbre exact n’a pas pu être reconstruit : {why}).',
  },
  'profiles.compare.none': {
    en: 'Only one profile here: profile the page again after a change to compare.',
    fr: 'Un seul profil ici : profilez la page à nouveau après une modification pour comparer.',
  },
  'profiles.compare.before': {
    en: 'Before',
    fr: 'Avant',
  },
  'profiles.compare.after': {
    en: 'after: {name}',
    fr: 'après : {name}',
  },
  'profiles.compare.afterCol': {
    en: 'After',
    fr: 'Après',
  },
  'profiles.compare.delta': {
    en: 'Change',
    fr: 'Écart',
  },
  'profiles.compare.totals': {
    en: 'Total before {before}, after {after}. Self time per function, biggest changes first.',
    fr: 'Total avant {before}, après {after}. Temps propre par fonction, plus grands écarts d’abord.',
  },
  'profiles.url.label': {
    en: 'URL to profile',
    fr: 'URL à profiler',
  },
  'profiles.url.run': {
    en: 'Profile this URL',
    fr: 'Profiler cette URL',
  },
  'profiles.url.done': {
    en: 'HTTP {status} in {ms} ms: profile opened.',
    fr: 'HTTP {status} en {ms} ms : profil ouvert.',
  },
  'profiles.url.noFile': {
    en: 'HTTP {status} in {ms} ms, but no new profile appeared in /var/log/php/profiler: is Xdebug enabled for this site with xdebug.mode=profile and start_with_request=trigger?',
    fr: 'HTTP {status} en {ms} ms, mais aucun nouveau profil n’est apparu dans /var/log/php/profiler : Xdebug est-il activé pour ce site avec xdebug.mode=profile et start_with_request=trigger ?',
  },
} satisfies Catalogue
