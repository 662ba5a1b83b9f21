// Messages of the fleet: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'fleet.title': { en: 'All servers', fr: 'Tous les serveurs' },
  'fleet.intro': {
    en: 'A row per server, each computed on its server (its logs of the last hour and day, du, its binlogs), eight at once, filled as they answer. A row opens its server.',
    fr: 'Une ligne par serveur, calculée sur chaque serveur (ses journaux de la dernière heure et du dernier jour, du, ses binlogs), huit à la fois, remplie à mesure des réponses. Une ligne ouvre son serveur.',
  },
  'fleet.group': { en: 'Group', fr: 'Groupe' },
  'fleet.group.all': { en: 'Every group', fr: 'Tous les groupes' },
  'fleet.refresh': { en: 'Refresh', fr: 'Actualiser' },
  'fleet.progress': {
    en: '{done} of {total} servers answered',
    fr: '{done} serveurs sur {total} ont répondu',
  },
  'fleet.failed': { en: '{n} failed', fr: '{n} en échec' },
  'fleet.none': {
    en: 'No SSH server yet: add one to see it here.',
    fr: 'Aucun serveur SSH pour l’instant : ajoutez-en un pour le voir ici.',
  },
  'fleet.col.server': { en: 'Server', fr: 'Serveur' },
  'fleet.col.requests': { en: 'Requests 1 h', fr: 'Requêtes 1 h' },
  'fleet.col.5xx': { en: '5xx 1 h', fr: '5xx 1 h' },
  'fleet.col.408': { en: '408 1 h (IDS?)', fr: '408 1 h (IDS ?)' },
  'fleet.col.slow': { en: 'Slow 24 h', fr: 'Lentes 24 h' },
  'fleet.col.slowest': { en: 'Most slow in', fr: 'Le plus lent' },
  'fleet.col.fatal': { en: 'PHP fatal 24 h', fr: 'PHP fatal 24 h' },
  'fleet.col.site': { en: 'Site', fr: 'Site' },
  'fleet.col.logs': { en: 'Logs', fr: 'Journaux' },
  'fleet.col.binlogs': { en: 'Binlogs', fr: 'Binlogs' },
  'fleet.col.took': { en: 'Took', fr: 'Durée' },
  'fleet.pending': { en: 'asking…', fr: 'en cours…' },
  'fleet.open': { en: 'Open {server}', fr: 'Ouvrir {server}' },
} satisfies Catalogue
