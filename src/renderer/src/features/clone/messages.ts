// Messages of the clone screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'clone.demo': {
    en: 'The demo server has no SSH login: add a server to clone its site.',
    fr: 'Le serveur de démo n’a pas d’accès SSH : ajoutez un serveur pour cloner son site.',
  },
  'clone.title': {
    en: 'Clone {name}',
    fr: 'Cloner {name}',
  },
  'clone.intro': {
    en: 'Copies the site under {root} to this computer: files with rsync over SSH (resumable; caches, sessions and logs of the CMS skipped), the database with mysqldump run on the server. Nothing is written to the server.',
    fr: 'Copie le site sous {root} sur cet ordinateur : les fichiers avec rsync sur SSH (reprise possible ; caches, sessions et journaux du CMS ignorés), la base avec mysqldump lancé sur le serveur. Rien n’est écrit sur le serveur.',
  },
  'clone.toServer': {
    en: 'Destination',
    fr: 'Destination',
  },
  'clone.toLocal': {
    en: 'This computer',
    fr: 'Cet ordinateur',
  },
  'clone.toFolderOn': {
    en: 'Folder on {name}',
    fr: 'Dossier sur {name}',
  },
  'clone.confirmProduction': {
    en: '{name} is a production server: its files will be replaced by the copy. Continue?',
    fr: '{name} est un serveur de production : ses fichiers seront remplacés par la copie. Continuer ?',
  },
  'clone.url.title': {
    en: 'Site URL in the copied database',
    fr: 'URL du site dans la base copiée',
  },
  'clone.url.from': {
    en: 'Old URL (https://www.example.com)',
    fr: 'Ancienne URL (https://www.exemple.fr)',
  },
  'clone.url.to': {
    en: 'New URL',
    fr: 'Nouvelle URL',
  },
  'clone.url.review': {
    en: 'Review',
    fr: 'Examiner',
  },
  'clone.url.apply': {
    en: 'Apply',
    fr: 'Appliquer',
  },
  'clone.url.need': {
    en: 'Give the database URL, the old URL and the new URL.',
    fr: 'Indiquez l’URL de la base, l’ancienne et la nouvelle URL.',
  },
  'clone.url.planned': {
    en: 'Values that would change: {n} (nothing written yet)',
    fr: 'Valeurs qui changeraient : {n} (rien n’est encore écrit)',
  },
  'clone.url.applied': {
    en: 'Values rewritten: {n}.',
    fr: 'Valeurs réécrites : {n}.',
  },
  'clone.to': {
    en: 'Destination folder',
    fr: 'Dossier de destination',
  },
  'clone.toDefault': {
    en: 'Downloads/tw-workbench/<server>/site',
    fr: 'Téléchargements/tw-workbench/<serveur>/site',
  },
  'clone.db': {
    en: 'Database',
    fr: 'Base de données',
  },
  'clone.db.dump': {
    en: 'Into a .sql.gz file',
    fr: 'Dans un fichier .sql.gz',
  },
  'clone.db.mysql': {
    en: 'Into a MySQL database (URL)',
    fr: 'Dans une base MySQL (URL)',
  },
  'clone.db.none': {
    en: 'Files only',
    fr: 'Fichiers seulement',
  },
  'clone.nonEmpty.title': {
    en: 'The destination is not empty',
    fr: 'La destination n’est pas vide',
  },
  'clone.nonEmpty.type': {
    en: 'To replace its content, type {path}',
    fr: 'Pour remplacer son contenu, tapez {path}',
  },
  'clone.nonEmpty.replace': {
    en: 'Replace its content',
    fr: 'Remplacer son contenu',
  },
  'clone.nonEmpty.cancel': {
    en: 'Cancel',
    fr: 'Annuler',
  },
  'clone.needDump': {
    en: 'Which file should the dump be written to?',
    fr: 'Dans quel fichier écrire le dump ?',
  },
  'clone.needUrl': {
    en: 'Which database: mysql://USER:PASSWORD@HOST:PORT/DATABASE?',
    fr: 'Quelle base : mysql://UTILISATEUR:MOTDEPASSE@HÔTE:PORT/BASE ?',
  },
  'clone.excludeImages': {
    en: 'Leave the images out (uploads, product pictures)',
    fr: 'Laisser les images (uploads, photos produits)',
  },
  'clone.bwlimit': {
    en: 'Bandwidth limit',
    fr: 'Limite de débit',
  },
  'clone.analyse': {
    en: 'Analyse (dry run)',
    fr: 'Analyser (à blanc)',
  },
  'clone.analysing': {
    en: 'Analysing…',
    fr: 'Analyse…',
  },
  'clone.run': {
    en: 'Clone',
    fr: 'Cloner',
  },
  'clone.running': {
    en: 'Copying…',
    fr: 'Copie…',
  },
  'clone.stop': {
    en: 'Stop (resume later)',
    fr: 'Arrêter (reprendre plus tard)',
  },
  'clone.verify': {
    en: 'Verify the copy',
    fr: 'Vérifier la copie',
  },
  'clone.verifying': {
    en: 'Verifying…',
    fr: 'Vérification…',
  },
  'clone.analysis': {
    en: 'What would be copied',
    fr: 'Ce qui serait copié',
  },
  'clone.analysis.files': {
    en: '{files} files, {size} ({cms}).',
    fr: '{files} fichiers, {size} ({cms}).',
  },
  'clone.cms.unknown': {
    en: 'no CMS recognised',
    fr: 'aucun CMS reconnu',
  },
  'clone.skipped': {
    en: 'Skipped:',
    fr: 'Ignorés :',
  },
  'clone.analysis.db': {
    en: 'Database {name}: {n} tables, {size} (largest first)',
    fr: 'Base {name} : {n} tables, {size} (les plus grosses d’abord)',
  },
  'clone.progress': {
    en: 'Copy',
    fr: 'Copie',
  },
  'clone.cancelled': {
    en: 'Stopped. Clone again to resume where it stopped.',
    fr: 'Arrêté. Clonez à nouveau pour reprendre là où la copie s’est arrêtée.',
  },
  'clone.verify.same': {
    en: 'The copy is identical.',
    fr: 'La copie est identique.',
  },
  'clone.verify.differs': {
    en: 'The copy differs:',
    fr: 'La copie diffère :',
  },
  'clone.verify.files': {
    en: '{n} files checked by checksum, {d} different',
    fr: '{n} fichiers vérifiés par somme de contrôle, {d} différents',
  },
  'clone.verify.tables': {
    en: '{n} tables checked (rows and CHECKSUM TABLE), {d} different',
    fr: '{n} tables vérifiées (lignes et CHECKSUM TABLE), {d} différentes',
  },
  'clone.lastReport': {
    en: 'Last clone, {when}',
    fr: 'Dernier clonage, {when}',
  },
  'clone.report.files': {
    en: '{files} files ({size}, {sent} sent) in {s} s into {to}',
    fr: '{files} fichiers ({size}, {sent} envoyés) en {s} s dans {to}',
  },
  'clone.report.compressed': {
    en: 'Compressed on the wire by rsync: the link was measured slow.',
    fr: 'Compressés sur le réseau par rsync : le lien a été mesuré lent.',
  },
  'clone.report.db': {
    en: 'Database: {n} tables, {size} dumped into {into} in {s} s',
    fr: 'Base : {n} tables, {size} exportées vers {into} en {s} s',
  },
  'clone.transfer': { en: '{mb} MB · {rate} · ETA {eta}', fr: '{mb} Mo · {rate} · reste {eta}' },
  'clone.step.files': { en: 'Files: {from} → {to}', fr: 'Fichiers : {from} → {to}' },
  'clone.step.files.dry': {
    en: 'Files: {from} → {to} (dry run)',
    fr: 'Fichiers : {from} → {to} (simulation)',
  },
  'clone.step.push': {
    en: 'Files: staging copy → {to}',
    fr: 'Fichiers : copie intermédiaire → {to}',
  },
  'clone.step.database': { en: 'Database: {database} → {into}', fr: 'Base : {database} → {into}' },
  'clone.step.table': { en: '  table {index}: {table}', fr: '  table {index} : {table}' },
  'clone.step.done': {
    en: 'Done in {seconds} s. Report: {file}',
    fr: 'Terminé en {seconds} s. Rapport : {file}',
  },
} satisfies Catalogue
