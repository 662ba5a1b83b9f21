// Messages of the rights screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'rights.button': {
    en: 'Rights',
    fr: 'Droits',
  },
  'rights.title': {
    en: 'Rights of the site',
    fr: 'Droits du site',
  },
  'rights.explain': {
    en: '“Reset rights” creates {flag}; the host’s supervisor then restores the expected owners and modes within a minute. The workbench watches until it is done.',
    fr: '« Réinitialiser les droits » crée {flag} ; le superviseur de l’hébergeur rétablit alors propriétaires et modes en moins d’une minute. L’atelier surveille jusqu’à la fin.',
  },
  'rights.reset': {
    en: 'Reset rights',
    fr: 'Réinitialiser les droits',
  },
  'rights.waiting': {
    en: 'Waiting for the supervisor…',
    fr: 'En attente du superviseur…',
  },
  'rights.audit': {
    en: 'Audit permissions',
    fr: 'Auditer les permissions',
  },
  'rights.audit.none': {
    en: 'Every file under the CMS root belongs to {login}.',
    fr: 'Tous les fichiers sous la racine du CMS appartiennent à {login}.',
  },
  'rights.audit.some': {
    en: '{n} files are not owned by {login}: only a file’s owner can change its mode or owner (the web server, running as another user, created them). Reset rights to fix them.',
    fr: '{n} fichiers n’appartiennent pas à {login} : seul le propriétaire d’un fichier peut changer son mode ou son propriétaire (le serveur web, qui tourne sous un autre utilisateur, les a créés). Réinitialisez les droits pour les corriger.',
  },
  'rights.owner': {
    en: 'Owner',
    fr: 'Propriétaire',
  },
  'rights.confirm.production': {
    en: 'Reset the rights of the production site {name}?',
    fr: 'Réinitialiser les droits du site de production {name} ?',
  },
  'rights.step.pending': {
    en: 'A reset is already pending ({flag} exists): watching it.',
    fr: 'Une réinitialisation est déjà en attente ({flag} existe) : suivie.',
  },
  'rights.step.created': {
    en: 'Created {flag}; the supervisor handles it within a minute.',
    fr: '{flag} créé ; le superviseur le traite dans la minute.',
  },
  'rights.step.done': {
    en: 'Done: the supervisor reset the rights after {seconds} s.',
    fr: 'Terminé : le superviseur a réinitialisé les droits en {seconds} s.',
  },
} satisfies Catalogue
