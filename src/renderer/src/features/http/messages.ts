// Messages of the http screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'http.tracing.hops': {
    en: 'Tracing… {n} hops so far',
    fr: 'Traçage… {n} sauts pour l’instant',
  },
  'http.cancelled': {
    en: 'Cancelled: the hops found so far are shown.',
    fr: 'Annulé : les sauts trouvés jusque-là sont affichés.',
  },
  'http.tab.trace': {
    en: 'Redirects',
    fr: 'Redirections',
  },
  'http.tab.cache': {
    en: 'Stale content',
    fr: 'Contenu périmé',
  },
  'http.tab.ban': {
    en: 'Am I banned?',
    fr: 'Suis-je banni ?',
  },
  'http.cache.note': {
    en: 'The resource is fetched plainly, with ?t= (no cache has it), and with Accept: image/webp: the differences tell which cache serves an old copy.',
    fr: 'La ressource est demandée telle quelle, avec ?t= (aucun cache ne l’a), et avec Accept: image/webp : les différences disent quel cache sert une vieille copie.',
  },
  'http.cache.url': {
    en: 'URL of the page or file',
    fr: 'URL de la page ou du fichier',
  },
  'http.cache.run': {
    en: 'Diagnose',
    fr: 'Diagnostiquer',
  },
  'http.cache.media': {
    en: 'A MEDIA URL (media.DOMAIN); CDN: {cdn}.',
    fr: 'Une URL MEDIA (media.DOMAINE) ; CDN : {cdn}.',
  },
  'http.cache.fetches': {
    en: 'Fetches',
    fr: 'Requêtes',
  },
  'http.cache.browser': {
    en: 'Browser cache',
    fr: 'Cache du navigateur',
  },
  'http.cache.cdn': {
    en: 'CDN',
    fr: 'CDN',
  },
  'http.cache.server-cache': {
    en: 'Server cache',
    fr: 'Cache du serveur',
  },
  'http.cache.webp': {
    en: 'WebP substitution',
    fr: 'Substitution WebP',
  },
  'http.cache.not-found': {
    en: 'Not found',
    fr: 'Introuvable',
  },
  'http.cache.error': {
    en: 'An error',
    fr: 'Une erreur',
  },
  'http.cache.origin': {
    en: 'From the origin',
    fr: 'Depuis l’origine',
  },
  'http.cache.variant.plain': {
    en: 'Plain',
    fr: 'Telle quelle',
  },
  'http.cache.variant.busted': {
    en: 'With ?t=',
    fr: 'Avec ?t=',
  },
  'http.cache.variant.webp': {
    en: 'Accept WebP',
    fr: 'Accept WebP',
  },
  'http.cache.variant.webp-busted': {
    en: 'Accept WebP, with ?t=',
    fr: 'Accept WebP, avec ?t=',
  },
  'http.ban.note': {
    en: 'A 408 or a timeout usually means the IDS banned your IP: the site is asked from here, then from the server itself (curl over SSH).',
    fr: 'Un 408 ou un délai dépassé signifie souvent que l’IDS a banni votre IP : le site est interrogé d’ici, puis depuis le serveur lui-même (curl par SSH).',
  },
  'http.ban.url': {
    en: 'URL of the site',
    fr: 'URL du site',
  },
  'http.ban.run': {
    en: 'Check',
    fr: 'Vérifier',
  },
  'http.ban.banned': {
    en: 'Your IP is banned',
    fr: 'Votre IP est bannie',
  },
  'http.ban.not-banned': {
    en: 'Not banned',
    fr: 'Pas banni',
  },
  'http.ban.site-down': {
    en: 'The site is down',
    fr: 'Le site est en panne',
  },
  'http.ban.unknown': {
    en: 'Cannot tell',
    fr: 'Impossible de conclure',
  },
  'http.ban.here': {
    en: 'From here',
    fr: 'D’ici',
  },
  'http.ban.server': {
    en: 'From the server',
    fr: 'Depuis le serveur',
  },
  'http.ban.noServer': {
    en: 'not asked (no SSH)',
    fr: 'non interrogé (pas de SSH)',
  },
  'http.tab.geoip': {
    en: 'GeoIP rules',
    fr: 'Règles GeoIP',
  },
  'geoip.note': {
    en: 'Country rules use mod_maxminddb (MM_COUNTRY_CODE / GEOIP_COUNTRY_CODE). On this platform they must leave the MEDIA host (media.DOMAIN) alone and never catch the supervision probes (BTW_FORBIDDEN_GEOIP).',
    fr: 'Les règles par pays utilisent mod_maxminddb (MM_COUNTRY_CODE / GEOIP_COUNTRY_CODE). Sur cette plateforme elles doivent épargner l’hôte MEDIA (media.DOMAINE) et ne jamais toucher les sondes de supervision (BTW_FORBIDDEN_GEOIP).',
  },
  'geoip.lint': {
    en: 'Check the rules',
    fr: 'Vérifier les règles',
  },
  'geoip.load': {
    en: 'Read {path}',
    fr: 'Lire {path}',
  },
  'geoip.rules': {
    en: 'The .htaccess rules',
    fr: 'Les règles du .htaccess',
  },
  'geoip.paste': {
    en: 'Paste .htaccess rules here, or read the site’s .htaccess.',
    fr: 'Collez ici des règles .htaccess, ou lisez le .htaccess du site.',
  },
  'geoip.clean': {
    en: 'No problem found in its GeoIP rules.',
    fr: 'Aucun problème dans ses règles GeoIP.',
  },
  'geoip.at': {
    en: 'Line {line}:',
    fr: 'Ligne {line} :',
  },
  'geoip.lookup': {
    en: 'Country of an IP address',
    fr: 'Pays d’une adresse IP',
  },
  'geoip.ips': {
    en: 'IP addresses',
    fr: 'Adresses IP',
  },
  'geoip.mmdb': {
    en: 'The server’s MaxMind database',
    fr: 'Base MaxMind du serveur',
  },
  'geoip.lookup.run': {
    en: 'Look up',
    fr: 'Chercher',
  },
  'geoip.unknown': {
    en: 'not in the database',
    fr: 'absente de la base',
  },
  'geoip.builder': {
    en: 'Write a country rule',
    fr: 'Écrire une règle par pays',
  },
  'geoip.action': {
    en: 'Action',
    fr: 'Action',
  },
  'geoip.redirect': {
    en: 'Redirect',
    fr: 'Rediriger',
  },
  'geoip.block': {
    en: 'Block (403)',
    fr: 'Bloquer (403)',
  },
  'geoip.except': {
    en: 'every country except',
    fr: 'tous les pays sauf',
  },
  'geoip.countries': {
    en: 'Countries: FR, BE…',
    fr: 'Pays : FR, BE…',
  },
  'geoip.target': {
    en: 'Redirect to',
    fr: 'Rediriger vers',
  },
  'http.note': {
    en: 'Where a redirect comes from: each hop is requested several times without following it; under 50 ms to the first byte the front end (or an .htaccess) answered, over 250 ms the application. The .htaccess files along the path are read over SSH.',
    fr: 'D’où vient une redirection : chaque étape est demandée plusieurs fois sans la suivre ; sous 50 ms avant le premier octet, le frontal (ou un .htaccess) a répondu, au-delà de 250 ms l’application. Les .htaccess du chemin sont lus par SSH.',
  },
  'http.url': {
    en: 'URL to trace',
    fr: 'URL à suivre',
  },
  'http.repeat': {
    en: 'Requests per hop',
    fr: 'Requêtes par étape',
  },
  'http.insecure': {
    en: 'Accept an invalid certificate',
    fr: 'Accepter un certificat invalide',
  },
  'http.insecure.hint': {
    en: 'For a preproduction with a self-signed certificate.',
    fr: 'Pour une préproduction au certificat auto-signé.',
  },
  'http.trace': {
    en: 'Trace',
    fr: 'Suivre',
  },
  'http.tracing': {
    en: 'Tracing…',
    fr: 'En cours…',
  },
  'http.hops': {
    en: 'Hops',
    fr: 'Étapes',
  },
  'http.status': {
    en: 'Status',
    fr: 'Statut',
  },
  'http.total': {
    en: 'Total',
    fr: 'Total',
  },
  'http.origin': {
    en: 'Answered by',
    fr: 'Répondu par',
  },
  'http.evidence': {
    en: 'Evidence',
    fr: 'Indices',
  },
  'http.origin.frontend': {
    en: 'front end',
    fr: 'frontal',
  },
  'http.origin.htaccess': {
    en: '.htaccess',
    fr: '.htaccess',
  },
  'http.origin.application': {
    en: 'application',
    fr: 'application',
  },
  'http.origin.uncertain': {
    en: 'uncertain',
    fr: 'incertain',
  },
  'http.ban.request.subject': {
    en: 'Please whitelist {ip} (IDS ban) for {server}',
    fr: 'Merci de débannir {ip} (IDS) pour {server}',
  },
  'http.ban.request.ipUnknown': {
    en: '(our address: unknown to the server, please look it up)',
    fr: '(notre adresse : inconnue du serveur, merci de la relever)',
  },
  'http.ban.request.body': {
    en: 'Hello,\n\nOur address {ip} seems banned by the IDS on {server}.\n\nEvidence, measured at {when}:\n- {url} from our address: {here} after {ms} ms\n- the same URL from the server itself: {there}\n\nCould you remove the ban and whitelist this address?\n\nThank you.',
    fr: 'Bonjour,\n\nNotre adresse {ip} semble bannie par l’IDS sur {server}.\n\nConstat, mesuré le {when} :\n- {url} depuis notre adresse : {here} après {ms} ms\n- la même URL depuis le serveur lui-même : {there}\n\nPourriez-vous lever le bannissement et mettre cette adresse en liste blanche ?\n\nMerci.',
  },
  'http.cache.request.subject': {
    en: 'Please purge the cache of a stale URL on {server}',
    fr: 'Merci de purger le cache d’une URL périmée sur {server}',
  },
  'http.cache.request.cache': { en: 'the server’s cache', fr: 'le cache du serveur' },
  'http.cache.request.body': {
    en: 'Hello,\n\n{url} on {server} is served stale by {cdn}: the same URL with a cache-busting parameter gives the fresh content.\n\nMeasured at {when}:\nStale copy:\n{stale}\nFresh copy:\n{fresh}\n\nCould you purge it (CDN, mod_pagespeed cache)?\n\nThank you.',
    fr: 'Bonjour,\n\n{url} sur {server} est servie périmée par {cdn} : la même URL avec un paramètre anti-cache donne le contenu à jour.\n\nMesuré le {when} :\nCopie périmée :\n{stale}\nCopie à jour :\n{fresh}\n\nPourriez-vous la purger (CDN, cache mod_pagespeed) ?\n\nMerci.',
  },
} satisfies Catalogue
