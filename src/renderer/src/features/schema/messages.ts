// Messages of the schema screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'schema.title': {
    en: 'Schema integrity log',
    fr: 'Journal d’intégrité du schéma',
  },
  'schema.none': {
    en: 'No /var/log/mysql/btws_integrity.log on this server.',
    fr: 'Pas de /var/log/mysql/btws_integrity.log sur ce serveur.',
  },
  'schema.drift': {
    en: 'Drift',
    fr: 'Dérive',
  },
  'schema.take': {
    en: 'Take a snapshot now',
    fr: 'Prendre un instantané',
  },
  'schema.from': {
    en: 'From',
    fr: 'Du',
  },
  'schema.to': {
    en: 'to',
    fr: 'au',
  },
  'schema.needTwo': {
    en: 'Snapshots are kept on this computer; with two of them the changes show here.',
    fr: 'Les instantanés sont gardés sur cet ordinateur ; avec deux d’entre eux, les changements s’affichent ici.',
  },
  'schema.noChange': {
    en: 'No structural change between these snapshots.',
    fr: 'Aucun changement de structure entre ces instantanés.',
  },
  'schema.demo': {
    en: 'The demo server has no database: add an SSH server to take snapshots. The integrity log is in the next tab.',
    fr: 'Le serveur de démo n’a pas de base de données : ajoutez un serveur SSH pour prendre des instantanés. Le journal d’intégrité est dans l’onglet suivant.',
  },
  'schema.sev.critical': {
    en: 'critical',
    fr: 'critique',
  },
  'schema.sev.warning': {
    en: 'warning',
    fr: 'attention',
  },
  'schema.sev.info': {
    en: 'info',
    fr: 'info',
  },
  'schema.restore': {
    en: 'To restore the earlier structure (review before running it yourself):',
    fr: 'Pour rétablir la structure précédente (à relire avant de l’exécuter vous-même) :',
  },
  'schema.before': {
    en: 'Before',
    fr: 'Avant',
  },
  'schema.after': {
    en: 'After',
    fr: 'Après',
  },
  'schema.openDiff': {
    en: 'Open the app’s diff of that moment',
    fr: 'Ouvrir le diff de l’atelier à ce moment',
  },
  'schema.noTime': {
    en: '(no timestamp)',
    fr: '(sans horodatage)',
  },
  'schema.logTruncated': {
    en: 'Only the first 4 MB of the log are shown.',
    fr: 'Seuls les 4 premiers Mo du journal sont affichés.',
  },
  'schema.exact': {
    en: 'Exact row counts',
    fr: 'Nombre exact de lignes',
  },
  'schema.compare': {
    en: 'Compare with',
    fr: 'Comparer avec',
  },
  'schema.manual': {
    en: 'No CMS configuration gave the database credentials: enter them (once they work, they are kept sealed with this server’s profile).',
    fr: 'Aucune configuration de CMS ne donne les accès à la base : saisissez-les (s’ils fonctionnent, ils sont gardés chiffrés avec le profil du serveur).',
  },
  'schema.database': {
    en: 'Database',
    fr: 'Base',
  },
  'schema.useCredentials': {
    en: 'Use these credentials, then take the snapshot again',
    fr: 'Utiliser ces accès, puis reprendre l’instantané',
  },
} satisfies Catalogue
