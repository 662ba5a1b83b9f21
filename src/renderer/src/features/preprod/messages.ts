// Messages of the preprod screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'preprod.guard': {
    en: 'Preproduction: destroyed and rebuilt every day from the production backup. Do not develop here: changes made on this server are lost at the next rebuild.',
    fr: 'Préproduction : détruite et reconstruite chaque jour depuis la sauvegarde de production. Ne développez pas ici : les modifications faites sur ce serveur sont perdues à la reconstruction suivante.',
  },
  'preprod.check': {
    en: 'At-risk changes…',
    fr: 'Modifications en danger…',
  },
  'preprod.title': {
    en: 'Changes at risk on this preprod',
    fr: 'Modifications en danger sur cette préprod',
  },
  'preprod.none': {
    en: 'No file changed since the rebuild of {since} ({scanned} files scanned).',
    fr: 'Aucun fichier modifié depuis la reconstruction du {since} ({scanned} fichiers examinés).',
  },
  'preprod.some': {
    en: '{n} files changed since the rebuild of {since}: they will be lost at the next rebuild unless saved.',
    fr: '{n} fichiers modifiés depuis la reconstruction du {since} : ils seront perdus à la prochaine reconstruction s’ils ne sont pas sauvegardés.',
  },
  'preprod.saveAll': {
    en: 'Download them all',
    fr: 'Tout télécharger',
  },
  'preprod.saved': {
    en: 'Saved to {to}',
    fr: 'Enregistré dans {to}',
  },
} satisfies Catalogue
