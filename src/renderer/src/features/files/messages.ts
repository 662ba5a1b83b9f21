// Messages of the files screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'files.owner': {
    en: 'Owner',
    fr: 'Propriétaire',
  },
  'files.binary': {
    en: 'A binary file ({size}): shown as hex (as hexdump -C), read-only. Download it to open it with its own program.',
    fr: 'Un fichier binaire ({size}) : affiché en hexadécimal (comme hexdump -C), en lecture seule. Téléchargez-le pour l’ouvrir avec son programme.',
  },
  'files.up': {
    en: 'Up',
    fr: 'Remonter',
  },
  'files.uploaded': {
    en: 'Uploaded {name}',
    fr: 'Envoyé : {name}',
  },
  'files.upload': {
    en: 'Upload',
    fr: 'Envoyer',
  },
  'files.overwrite': {
    en: '{path} already exists. Replace it?',
    fr: '{path} existe déjà. Le remplacer ?',
  },
  'files.confirmUpload': {
    en: 'Upload {path} to the production server {name}?',
    fr: 'Envoyer {path} sur le serveur de production {name} ?',
  },
  'files.edit': {
    en: 'Edit',
    fr: 'Modifier',
  },
  'files.saved': {
    en: 'Saved. The previous version is kept as {backup}.',
    fr: 'Enregistré. La version précédente est conservée sous {backup}.',
  },
  'files.confirmProduction': {
    en: 'Save {path} on the production server {name}? The previous version is kept beside it.',
    fr: 'Enregistrer {path} sur le serveur de production {name} ? La version précédente est conservée à côté.',
  },
  'files.download': {
    en: 'Download',
    fr: 'Télécharger',
  },
  'files.downloaded': {
    en: 'Saved to {to}',
    fr: 'Enregistré dans {to}',
  },
  'files.path': {
    en: 'Folder',
    fr: 'Dossier',
  },
  'files.viewer.empty': {
    en: 'Pick a file to view it.',
    fr: 'Choisissez un fichier pour l’afficher.',
  },
  'files.viewer.partial': {
    en: 'Showing the first {shown} of {size}.',
    fr: 'Affichage des {shown} premiers sur {size}.',
  },
  'files.more': {
    en: 'Load more',
    fr: 'Charger la suite',
  },
} satisfies Catalogue
