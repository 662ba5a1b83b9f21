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
  'rights.request.subject': {
    en: 'Files of {server} its login does not own',
    fr: 'Des fichiers de {server} n’appartiennent pas à son identifiant',
  },
  'rights.request.more': { en: 'and {n} more', fr: 'et {n} de plus' },
  'rights.request.body': {
    en: 'Hello,\n\nUnder {root} on {server} ({address}), {n} files do not belong to the login {login}, which cannot chmod or chown them (the supervisor’s reset_rights did not give them back):\n\n{list}\n\nCould you give them back to {login} (a recursive chown on {root})?\n\nThank you.',
    fr: 'Bonjour,\n\nSous {root} sur {server} ({address}), {n} fichiers n’appartiennent pas à l’identifiant {login}, qui ne peut pas en changer les droits (le reset_rights du superviseur ne les lui a pas rendus) :\n\n{list}\n\nPourriez-vous les lui rendre (un chown récursif sur {root}) ?\n\nMerci.',
  },
} satisfies Catalogue
