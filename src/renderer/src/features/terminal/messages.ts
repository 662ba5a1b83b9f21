// Messages of the terminal screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'terminal.production': {
    en: 'Production ({name}): every command runs on the live site.',
    fr: 'Production ({name}) : chaque commande s’exécute sur le site en ligne.',
  },
  'terminal.demo': {
    en: 'The demo server has no shell. Add an SSH server to open a terminal.',
    fr: 'Le serveur de démo n’a pas de shell. Ajoutez un serveur SSH pour ouvrir un terminal.',
  },
  'terminal.new': {
    en: 'New terminal',
    fr: 'Nouveau terminal',
  },
  'terminal.close': {
    en: 'Close terminal',
    fr: 'Fermer le terminal',
  },
  'terminal.none': {
    en: 'No terminal open on this server.',
    fr: 'Aucun terminal ouvert sur ce serveur.',
  },
  'terminal.search': {
    en: 'Search the scrollback…',
    fr: 'Chercher dans l’historique…',
  },
  'terminal.hint': {
    en: 'Ctrl+Shift+C / Ctrl+Shift+V: copy / paste',
    fr: 'Ctrl+Maj+C / Ctrl+Maj+V : copier / coller',
  },
} satisfies Catalogue
