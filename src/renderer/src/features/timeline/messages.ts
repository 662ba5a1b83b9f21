// Messages of the timeline: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'timeline.intro': {
    en: 'Everything the server wrote around a moment, on one clock: web and error logs, slow PHP, binlog changes, schema deltas.',
    fr: 'Tout ce que le serveur a écrit autour d’un moment, sur une seule horloge : journaux web et d’erreurs, PHP lent, modifications du binlog, écarts de schéma.',
  },
  'timeline.from': { en: 'From', fr: 'De' },
  'timeline.minutes': { en: 'Minutes', fr: 'Minutes' },
  'timeline.show': { en: 'Show', fr: 'Afficher' },
  'timeline.sources': { en: 'Sources', fr: 'Sources' },
  'timeline.kind.access': { en: 'access', fr: 'accès' },
  'timeline.kind.error': { en: 'error', fr: 'erreur' },
  'timeline.kind.slow': { en: 'slow PHP', fr: 'PHP lent' },
  'timeline.kind.binlog': { en: 'binlog', fr: 'binlog' },
  'timeline.kind.integrity': { en: 'schema', fr: 'schéma' },
  'timeline.count': {
    en: '{shown} of {total} records, {sources} sources, read in {secs} s',
    fr: '{shown} sur {total} enregistrements, {sources} sources, lus en {secs} s',
  },
  'timeline.failed': { en: '{source}: {error}', fr: '{source} : {error}' },
  'timeline.truncated': {
    en: '{source}: cut at its limit, more records follow.',
    fr: '{source} : coupé à sa limite, d’autres enregistrements suivent.',
  },
  'timeline.empty': {
    en: 'Nothing written in this window by the chosen sources.',
    fr: 'Rien d’écrit dans cette fenêtre par les sources choisies.',
  },
  'timeline.noSource': { en: 'Pick at least one source.', fr: 'Choisissez au moins une source.' },
  'timeline.filter': { en: 'Filter the text', fr: 'Filtrer le texte' },
  'timeline.onlyProblems': { en: 'Problems only', fr: 'Problèmes seulement' },
  'timeline.narrowed': {
    en: 'Narrowed to {from} – {to}',
    fr: 'Restreint à {from} – {to}',
  },
  'timeline.widen': { en: 'Whole window', fr: 'Toute la fenêtre' },
  'timeline.strips': {
    en: 'Density per source over the window (drag to narrow; red: errors and 5xx)',
    fr: 'Densité par source sur la fenêtre (glisser pour restreindre ; rouge : erreurs et 5xx)',
  },
  'timeline.keys': {
    en: 'Keys: j/k next/previous, e/E next/previous error, 5 next 5xx, w next write, s next slow request, Enter folds.',
    fr: 'Touches : j/k suivant/précédent, e/E erreur suivante/précédente, 5 prochain 5xx, w prochaine écriture, s prochaine requête lente, Entrée plie.',
  },
  'timeline.records': { en: 'Records', fr: 'Enregistrements' },
  'timeline.time': { en: 'Time ({zone})', fr: 'Heure ({zone})' },
  'timeline.source': { en: 'Source', fr: 'Source' },
  'timeline.what': { en: 'What', fr: 'Quoi' },
  'timeline.text': { en: 'Text', fr: 'Texte' },
  'timeline.open.logs': {
    en: 'Open in Logs at this moment',
    fr: 'Ouvrir dans Journaux à ce moment',
  },
  'timeline.open.slow': {
    en: 'Open in Slow PHP at this moment',
    fr: 'Ouvrir dans PHP lent à ce moment',
  },
  'timeline.open.binlogs': {
    en: 'Open in Binlogs at this moment',
    fr: 'Ouvrir dans Binlogs à ce moment',
  },
  'timeline.open.schema': { en: 'Open Schema', fr: 'Ouvrir Schéma' },
  'timeline.file': { en: 'In {file}', fr: 'Dans {file}' },
  'timeline.mark': { en: 'Mark for the report', fr: 'Marquer pour le rapport' },
  'timeline.markNote': { en: 'Note on this record', fr: 'Note sur cet enregistrement' },
  'timeline.report': {
    en: 'Incident report ({n} marked)',
    fr: 'Rapport d’incident ({n} marqués)',
  },
  'timeline.report.title': {
    en: 'Incident on {server}, {at}',
    fr: 'Incident sur {server}, {at}',
  },
  'timeline.report.note': {
    en: 'What happened, what was done…',
    fr: 'Ce qui s’est passé, ce qui a été fait…',
  },
  'timeline.report.markdown': { en: 'Export Markdown', fr: 'Exporter en Markdown' },
  'timeline.report.html': { en: 'Export HTML', fr: 'Exporter en HTML' },
  'timeline.report.none': {
    en: 'Mark records (their box) to put them in the report.',
    fr: 'Marquez des enregistrements (leur case) pour les mettre dans le rapport.',
  },
  'timeline.filter.status': { en: 'Any status', fr: 'Tout statut' },
  'timeline.filter.level': { en: 'Any level', fr: 'Tout niveau' },
  'timeline.filter.warning': { en: 'Warnings and worse', fr: 'Avertissements et pire' },
  'timeline.filter.error': { en: 'Errors and worse', fr: 'Erreurs et pire' },
  'timeline.filter.table': { en: 'Table', fr: 'Table' },
  'timeline.hide': {
    en: 'click a source to hide or show its records',
    fr: 'cliquez une source pour masquer ou afficher ses enregistrements',
  },
  'timeline.follow': { en: 'Follow', fr: 'Suivre' },
  'timeline.follow.title': {
    en: 'The last minutes until now, then every new line of every source, in order',
    fr: 'Les dernières minutes jusqu’à maintenant, puis chaque nouvelle ligne de chaque source, dans l’ordre',
  },
  'timeline.following': {
    en: 'Following: read again every {every} s.',
    fr: 'Suivi : relu toutes les {every} s.',
  },
  'timeline.followed': {
    en: 'Following: read at {at}, {n} new records.',
    fr: 'Suivi : lu à {at}, {n} nouveaux enregistrements.',
  },
} satisfies Catalogue
