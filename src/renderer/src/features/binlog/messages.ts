// Messages of the binlog screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'binlogs.none': {
    en: 'No binary log readable in /var/log/mysql.',
    fr: 'Aucun journal binaire lisible dans /var/log/mysql.',
  },
  'binlogs.verdict.request': {
    en: 'Most likely written by {method} {path} ({offset} from it).',
    fr: 'Très probablement écrit par {method} {path} ({offset}).',
  },
  'binlogs.verdict.direct': {
    en: 'No web request could have written it: a direct connection (cron, CLI, another client).',
    fr: 'Aucune requête web n’a pu l’écrire : une connexion directe (cron, CLI, un autre client).',
  },
  'binlogs.verdict.confidence': {
    en: 'Confidence: {confidence}.',
    fr: 'Confiance : {confidence}.',
  },
  'binlogs.confidence.high': { en: 'high', fr: 'élevée' },
  'binlogs.confidence.medium': { en: 'medium', fr: 'moyenne' },
  'binlogs.confidence.low': { en: 'low', fr: 'faible' },
  'binlogs.evidence.write': {
    en: '{method} {path}, logged {offset} from the event, is the nearest write request that could have been running then.',
    fr: '{method} {path}, journalisée à {offset}, est la requête d’écriture la plus proche qui pouvait s’exécuter à ce moment.',
  },
  'binlogs.evidence.several': {
    en: '{n} write requests could have been running then: the nearest is named, the others are below.',
    fr: '{n} requêtes d’écriture pouvaient s’exécuter à ce moment : la plus proche est nommée, les autres sont ci-dessous.',
  },
  'binlogs.evidence.reads': {
    en: 'Only page views ({n}) could have been running then; a page view seldom writes (WordPress options, sessions and its cron can).',
    fr: 'Seules des pages vues ({n}) pouvaient s’exécuter à ce moment ; une page vue écrit rarement (options WordPress, sessions et son cron le peuvent).',
  },
  'binlogs.evidence.slow': {
    en: 'PHP-FPM’s slow log caught {script} running {offset} from it.',
    fr: 'Le slow log de PHP-FPM a saisi {script} en cours d’exécution ({offset}).',
  },
  'binlogs.evidence.none': {
    en: 'No request that could have been running at that second was logged ({window} s searched either side).',
    fr: 'Aucune requête qui pouvait s’exécuter à cette seconde n’a été journalisée ({window} s cherchées de part et d’autre).',
  },
  'binlogs.evidence.skipped': {
    en: 'Not placed on the timeline (a request there is not seen): {logs}.',
    fr: 'Non placés sur la chronologie (une requête y est invisible) : {logs}.',
  },
  'binlogs.around': {
    en: 'Web requests within 10 s of it ({n}), writes first',
    fr: 'Requêtes web à moins de 10 s ({n}), écritures d’abord',
  },
  'binlogs.around.none': {
    en: 'No request in the nginx or Apache access logs within 10 s: the change may come from a direct database connection, a cron or the command line.',
    fr: 'Aucune requête dans les journaux d’accès nginx ou Apache à moins de 10 s : le changement vient peut-être d’une connexion directe à la base, d’un cron ou de la ligne de commande.',
  },
  'binlogs.around.slow': {
    en: 'Slow PHP requests of that moment ({n}), from the PHP-FPM slow log',
    fr: 'Requêtes PHP lentes de ce moment ({n}), d’après le slow log PHP-FPM',
  },
  'binlogs.around.skipped': {
    en: 'Not searched (no time zone in their lines, or unreadable): {logs}',
    fr: 'Non cherchés (pas de fuseau horaire dans leurs lignes, ou illisibles) : {logs}',
  },
  'binlogs.span': {
    en: '{first} → {last}',
    fr: '{first} → {last}',
  },
  'binlogs.thread.hint': {
    en: 'thread —: MariaDB writes no connection id in ROW events (nor in their GTID); a statement-format event has one (thread_id=). To name the client: the web requests around the event (open it), or the general log / SHOW PROCESSLIST at that time.',
    fr: 'thread — : MariaDB n’écrit pas l’id de connexion dans les événements ROW (ni dans leur GTID) ; un événement au format STATEMENT en a un (thread_id=). Pour nommer le client : les requêtes web autour de l’événement (ouvrez-le), ou le general log / SHOW PROCESSLIST à ce moment.',
  },
  'binlogs.note': {
    en: 'Binary logs are decoded on the server with "mysqlbinlog --no-defaults": --no-defaults must come first, or a default-character-set client option breaks mysqlbinlog (MDEV-15835).',
    fr: 'Les binlogs sont décodés sur le serveur par « mysqlbinlog --no-defaults » : --no-defaults doit venir en premier, sinon une option client default-character-set casse mysqlbinlog (MDEV-15835).',
  },
  'binlogs.table': {
    en: 'db.table',
    fr: 'base.table',
  },
  'binlogs.value': {
    en: 'A value before or after',
    fr: 'Une valeur avant ou après',
  },
  'binlogs.since': {
    en: 'From ({zone})',
    fr: 'Depuis ({zone})',
  },
  'binlogs.until': {
    en: 'Until ({zone})',
    fr: 'Jusqu’à ({zone})',
  },
  'binlogs.find': {
    en: 'Find in {n} files',
    fr: 'Chercher dans {n} fichiers',
  },
  'binlogs.find.one': {
    en: 'Find in 1 file',
    fr: 'Chercher dans 1 fichier',
  },
  'binlogs.nothing': {
    en: 'No matching change.',
    fr: 'Aucun changement correspondant.',
  },
  'binlogs.count': {
    en: '{n} changes listed, newest first unless a column says otherwise; scroll for the rest',
    fr: '{n} changements listés, les plus récents d’abord sauf si une colonne dit autrement ; faites défiler pour le reste',
  },
  'binlogs.count.one': {
    en: '1 change listed',
    fr: '1 changement listé',
  },
  'binlogs.results': {
    en: 'Changes found',
    fr: 'Changements trouvés',
  },
  'binlogs.part': {
    en: 'part {n}',
    fr: 'partie {n}',
  },
  'binlogs.time': {
    en: 'Time',
    fr: 'Heure',
  },
  'binlogs.position': {
    en: 'File:position',
    fr: 'Fichier:position',
  },
  'binlogs.type': {
    en: 'Type',
    fr: 'Type',
  },
  'binlogs.tableCol': {
    en: 'Table',
    fr: 'Table',
  },
  'binlogs.rows': {
    en: 'Rows',
    fr: 'Lignes',
  },
  'binlogs.column': {
    en: 'Column',
    fr: 'Colonne',
  },
  'binlogs.reverse': {
    en: 'To undo it (review, then run it yourself on a copy first):',
    fr: 'Pour l’annuler (à relire, puis à exécuter vous-même, d’abord sur une copie) :',
  },
  'binlogs.undo.unnamed': {
    en: 'The column names are unknown: this SQL names columns by position (`@3`) and will not run as it is. Replace each @N with the table’s column name (SHOW CREATE TABLE as it was then), and check it on a copy first.',
    fr: 'Les noms des colonnes sont inconnus : ce SQL désigne les colonnes par leur position (`@3`) et ne s’exécutera pas tel quel. Remplacez chaque @N par le nom de la colonne (SHOW CREATE TABLE d’alors), et vérifiez-le d’abord sur une copie.',
  },
  'binlogs.undo.understood': {
    en: 'I will replace the positions with the column names before running it',
    fr: 'Je remplacerai les positions par les noms des colonnes avant de l’exécuter',
  },
  'binlogs.copy': {
    en: 'Copy',
    fr: 'Copier',
  },
  'binlogs.thread': {
    en: 'Thread id',
    fr: 'Id de thread',
  },
  'binlogs.thread.bad': {
    en: 'The thread id is a number (the connection id of the Query events).',
    fr: 'L’id de thread est un nombre (l’id de connexion des événements Query).',
  },
  'binlogs.text': {
    en: 'Text in the SQL',
    fr: 'Texte dans le SQL',
  },
  'binlogs.positions': {
    en: 'Positions from-to',
    fr: 'Positions de-à',
  },
  'binlogs.positions.hint': {
    en: 'Positions in one binlog file (# at N), e.g. 134000-140000.',
    fr: 'Positions dans un fichier binlog (# at N), par ex. 134000-140000.',
  },
  'binlogs.positions.bad': {
    en: 'Positions are written from-to, e.g. 134000-140000 (either side may be empty).',
    fr: 'Les positions s’écrivent de-à, par ex. 134000-140000 (un côté peut rester vide).',
  },
  'binlogs.selectAll': {
    en: 'Select all',
    fr: 'Tout sélectionner',
  },
  'binlogs.select': {
    en: 'Select {pos}',
    fr: 'Sélectionner {pos}',
  },
  'binlogs.selection': {
    en: 'To undo the {n} selected, newest first (review, then run it yourself on a copy first):',
    fr: 'Pour annuler les {n} sélectionnés, le plus récent d’abord (à relire, puis à exécuter vous-même, d’abord sur une copie) :',
  },
  'binlogs.selection.unnamed': {
    en: 'Some of these events give no column names (binlog without binlog_row_metadata=FULL): the columns are written @N; replace them with the names before running.',
    fr: 'Certains de ces événements ne donnent pas de noms de colonnes (binlog sans binlog_row_metadata=FULL) : les colonnes sont écrites @N ; remplacez-les par les noms avant d’exécuter.',
  },
  'binlogs.selection.skipped': {
    en: '{n} statement-format events cannot be undone from the binlog (no row images).',
    fr: '{n} événements au format STATEMENT ne peuvent pas être annulés depuis le binlog (pas d’images de lignes).',
  },
  'binlogs.transactionResults': {
    en: 'Every event of transaction {gtid}, whatever the filter',
    fr: 'Tous les événements de la transaction {gtid}, quel que soit le filtre',
  },
  'binlogs.transaction': {
    en: 'Find its whole transaction (GTID {gtid})',
    fr: 'Trouver toute sa transaction (GTID {gtid})',
  },
  'binlogs.committed': {
    en: 'Committed at {time} (to the microsecond)',
    fr: 'Validée le {time} (commit, à la microseconde)',
  },
  'binlogs.names.binlog': {
    en: 'Column names from the binlog itself (binlog_row_metadata=FULL): as the table was at that moment.',
    fr: 'Noms de colonnes tirés du binlog lui-même (binlog_row_metadata=FULL) : la table telle qu’elle était à ce moment.',
  },
  'binlogs.names.snapshot': {
    en: 'Column names from the structure snapshot of {time}, taken before this change.',
    fr: 'Noms de colonnes tirés de l’instantané de structure du {time}, pris avant ce changement.',
  },
  'binlogs.names.live': {
    en: 'Column names from today’s structure: if the table was altered since, values may sit under the wrong names.',
    fr: 'Noms de colonnes tirés de la structure actuelle : si la table a été modifiée depuis, des valeurs peuvent être sous le mauvais nom.',
  },
  'binlogs.names.none': {
    en: 'Column names unknown (no snapshot, no database access): values are listed by position.',
    fr: 'Noms de colonnes inconnus (ni instantané ni accès à la base) : valeurs listées par position.',
  },
  'binlogs.found': { en: '{found} found', fr: '{found} trouvés' },
  'binlogs.found.listed': {
    en: '{found} found; the first {listed} are listed',
    fr: '{found} trouvés ; les {listed} premiers sont listés',
  },
} satisfies Catalogue
