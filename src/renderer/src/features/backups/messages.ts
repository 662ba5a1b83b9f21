// Messages of the backups: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'section.backups': { en: 'Backups', fr: 'Sauvegardes' },
  'backups.demo': {
    en: 'The demo has no host backups: the planner and the audit work on an SSH server.',
    fr: 'La démo n’a pas de sauvegardes d’hébergeur : le planificateur et l’audit fonctionnent sur un serveur SSH.',
  },
  'backups.pane.plan': { en: 'Restore planner', fr: 'Planifier une restauration' },
  'backups.pane.weight': { en: 'Backup weight', fr: 'Poids des sauvegardes' },
  'backups.intro': {
    en: 'The host keeps the backups and restores them on request by e-mail (about 15 minutes): files every day, kept 2, 4 or 10 days by contract plus the first day of the previous month(s); databases every day for 60 days; HA contracts also every half hour. Whole restores only: a fragment of a table is not restored by the host.',
    fr: 'L’hébergeur garde les sauvegardes et les restaure sur demande par e-mail (environ 15 minutes) : fichiers chaque jour, gardés 2, 4 ou 10 jours selon le contrat plus le premier jour du ou des mois précédents ; bases chaque jour pendant 60 jours ; toutes les demi-heures en plus sur un contrat HA. Restaurations complètes seulement : l’hébergeur ne restaure pas un fragment de table.',
  },
  'backups.contract': { en: 'Contract', fr: 'Contrat' },
  'backups.days': { en: '{n} days of files', fr: '{n} jours de fichiers' },
  'backups.ha': { en: 'High availability', fr: 'Haute disponibilité' },
  'backups.hour': {
    en: 'Daily backup at (server time)',
    fr: 'Sauvegarde quotidienne à (heure du serveur)',
  },
  'backups.save': { en: 'Save for this server', fr: 'Enregistrer pour ce serveur' },
  'backups.saved': { en: 'Saved.', fr: 'Enregistré.' },
  'backups.at': { en: 'Just before (UTC)', fr: 'Juste avant (UTC)' },
  'backups.plan': { en: 'Plan the restore', fr: 'Planifier la restauration' },
  'backups.planning': {
    en: 'Counting the writes since the backup in the binlogs…',
    fr: 'Décompte des écritures depuis la sauvegarde dans les binlogs…',
  },
  'backups.files': { en: 'Files', fr: 'Fichiers' },
  'backups.database': { en: 'Database', fr: 'Base de données' },
  'backups.point': {
    en: '{time} ({kind}), kept until {kept}',
    fr: '{time} ({kind}), gardée jusqu’au {kept}',
  },
  'backups.none': {
    en: 'none that old (the oldest kept: {oldest})',
    fr: 'aucune aussi ancienne (la plus ancienne gardée : {oldest})',
  },
  'backups.changed': {
    en: 'files of the site changed since: {n}',
    fr: 'fichiers du site modifiés depuis : {n}',
  },
  'backups.lost': {
    en: 'A database restore loses the writes since its backup ({n} tables):',
    fr: 'Une restauration de la base perd les écritures depuis sa sauvegarde ({n} tables) :',
  },
  'backups.col.table': { en: 'Table', fr: 'Table' },
  'backups.col.inserts': { en: 'Inserted', fr: 'Insérées' },
  'backups.col.updates': { en: 'Updated', fr: 'Modifiées' },
  'backups.col.deletes': { en: 'Deleted', fr: 'Supprimées' },
  'backups.undo': {
    en: 'Instead of a whole restore, undo only the bad change: its reverse SQL is in its binlog detail — review it, apply it to a clone or the preprod first, check there.',
    fr: 'Plutôt qu’une restauration complète, annulez seulement la mauvaise modification : son SQL inverse est dans son détail binlog — relisez-le, appliquez-le d’abord à un clone ou à la préprod, vérifiez-y.',
  },
  'backups.openBinlogs': {
    en: 'Open Binlogs at this moment',
    fr: 'Ouvrir les binlogs à ce moment',
  },
  'backups.support': { en: 'Host support address', fr: 'Adresse du support de l’hébergeur' },
  'backups.minMb': { en: 'Files of at least (MB)', fr: 'Fichiers d’au moins (Mo)' },
  'backups.audit': { en: 'Audit the site', fr: 'Auditer le site' },
  'backups.auditing': { en: 'Looking on the server…', fr: 'Recherche sur le serveur…' },
  'backups.weightTotal': {
    en: '{n} found: {size} in {root}, {min} to {max} of the host’s backups ({scanned} files looked at).',
    fr: '{n} trouvés : {size} dans {root}, {min} à {max} de sauvegardes chez l’hébergeur ({scanned} fichiers examinés).',
  },
  'backups.col.size': { en: 'Size', fr: 'Taille' },
  'backups.col.kind': { en: 'Kind', fr: 'Nature' },
  'backups.col.path': { en: 'Path', fr: 'Chemin' },
  'backups.col.weight': { en: 'In the backups', fr: 'Dans les sauvegardes' },
  'backups.col.action': { en: 'What to do', fr: 'Que faire' },
  'backups.exclude.subject': {
    en: 'Exclude folders of {server} from the backups',
    fr: 'Exclure des dossiers de {server} des sauvegardes',
  },
  'backups.exclude.body': {
    en: 'Hello,\n\nPlease exclude these folders of {server} ({address}) from the backups: they hold caches rebuilt by the site.\n\n{list}\n\nThank you.',
    fr: 'Bonjour,\n\nMerci d’exclure ces dossiers de {server} ({address}) des sauvegardes : ce sont des caches que le site reconstruit.\n\n{list}\n\nMerci.',
  },
  'backups.restoreBefore': {
    en: 'Plan a restore to just before',
    fr: 'Planifier une restauration juste avant',
  },
  'backups.pane.snapshots': { en: 'Safety snapshots', fr: 'Instantanés de sécurité' },
  'snapshots.intro': {
    en: 'Before a risky deploy, a copy on this computer: the site’s files (an unchanged file is a hard link to the previous snapshot: it costs no space) and its database. Tell the host too, so that it forces a backup.',
    fr: 'Avant un déploiement risqué, une copie sur cet ordinateur : les fichiers du site (un fichier inchangé est un lien physique vers l’instantané précédent : il ne coûte pas de place) et sa base. Prévenez aussi l’hébergeur, pour qu’il force une sauvegarde.',
  },
  'snapshots.keep': { en: 'Keep the newest', fr: 'Garder les plus récents' },
  'snapshots.take': { en: 'Take a snapshot', fr: 'Prendre un instantané' },
  'snapshots.taking': {
    en: 'Copying the files and dumping the database…',
    fr: 'Copie des fichiers et export de la base…',
  },
  'snapshots.none': {
    en: 'No snapshot of this server yet.',
    fr: 'Aucun instantané de ce serveur.',
  },
  'snapshots.col.taken': { en: 'Taken', fr: 'Pris' },
  'snapshots.col.files': { en: 'Files', fr: 'Fichiers' },
  'snapshots.col.copied': { en: 'Copied', fr: 'Copié' },
  'snapshots.col.database': { en: 'Database', fr: 'Base' },
  'snapshots.tables': { en: '{db}: {n} tables', fr: '{db} : {n} tables' },
  'snapshots.noDb': { en: 'no database', fr: 'pas de base' },
  'snapshots.restore': { en: 'Restore a table…', fr: 'Restaurer une table…' },
  'snapshots.table': { en: 'Table', fr: 'Table' },
  'snapshots.into': {
    en: 'Into the database (a clone or the preprod first)',
    fr: 'Dans la base (d’abord un clone ou la préprod)',
  },
  'snapshots.confirm': {
    en: 'Type {table} to replace it there',
    fr: 'Tapez {table} pour la remplacer là-bas',
  },
  'snapshots.restoreTable': { en: 'Replace {table}', fr: 'Remplacer {table}' },
  'snapshots.restored': {
    en: '{table} restored into {into}.',
    fr: '{table} restaurée dans {into}.',
  },
  'snapshots.force': {
    en: 'Ask the host to force a backup before the deploy',
    fr: 'Demander à l’hébergeur de forcer une sauvegarde avant le déploiement',
  },
  'snapshots.force.when': { en: 'Deploy at', fr: 'Déploiement le' },
  'snapshots.force.what': { en: 'What changes', fr: 'Ce qui change' },
  'snapshots.force.soon': { en: 'as soon as you confirm', fr: 'dès votre confirmation' },
  'snapshots.force.subject': {
    en: 'Please force a backup of {server} before a deploy',
    fr: 'Merci de forcer une sauvegarde de {server} avant un déploiement',
  },
  'snapshots.force.body': {
    en: 'Hello,\n\nWe will deploy on {server} ({address}, site {root}) {when}: {what}.\n\nCould you force a backup of its files and database before, and tell us when it is done?\n\nThank you.',
    fr: 'Bonjour,\n\nNous allons déployer sur {server} ({address}, site {root}) {when} : {what}.\n\nPourriez-vous forcer une sauvegarde de ses fichiers et de sa base avant, et nous dire quand c’est fait ?\n\nMerci.',
  },
  'request.subject': { en: 'Subject:', fr: 'Objet :' },
  'request.copy': { en: 'Copy the request', fr: 'Copier la demande' },
  'request.copied': { en: 'Copied', fr: 'Copié' },
  'request.mail': { en: 'Open in the mail client', fr: 'Ouvrir dans la messagerie' },
  'request.noAddress': {
    en: 'No support address set: add it above, or fill it in the mail.',
    fr: 'Pas d’adresse de support : ajoutez-la ci-dessus, ou saisissez-la dans le message.',
  },
} satisfies Catalogue
