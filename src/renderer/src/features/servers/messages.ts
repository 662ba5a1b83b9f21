// Messages of the servers screens: English and French side by side.
import type { Catalogue } from '../../i18n-types'

export const messages = {
  'server.test': {
    en: 'Test connection',
    fr: 'Tester la connexion',
  },
  'server.test.running': {
    en: 'Connecting…',
    fr: 'Connexion…',
  },
  'server.test.ok': {
    en: 'Connected and logged in. Tools found: {tools}.',
    fr: 'Connecté et identifié. Outils trouvés : {tools}.',
  },
  'server.test.unknownKey': {
    en: 'Reachable. Its host key {fingerprint} is not trusted yet: you will be asked to compare and trust it when saving.',
    fr: 'Joignable. Sa clé d’hôte {fingerprint} n’est pas encore approuvée : il vous sera demandé de la comparer et de l’approuver à l’enregistrement.',
  },
  'server.keys.found': {
    en: 'Private keys found in ~/.ssh',
    fr: 'Clés privées trouvées dans ~/.ssh',
  },
  'server.add': {
    en: 'Add a server',
    fr: 'Ajouter un serveur',
  },
  'server.import': {
    en: 'Import from ~/.ssh/config',
    fr: 'Importer depuis ~/.ssh/config',
  },
  'server.edit': {
    en: 'Edit',
    fr: 'Modifier',
  },
  'server.remove': {
    en: 'Remove',
    fr: 'Supprimer',
  },
  'server.disconnect': {
    en: 'Disconnect',
    fr: 'Déconnecter',
  },
  'server.connect': {
    en: 'Connect',
    fr: 'Se connecter',
  },
  'server.remove.confirm': {
    en: 'Remove the server "{name}"? Its profile and secrets are deleted; nothing changes on the server.',
    fr: 'Supprimer le serveur « {name} » ? Son profil et ses secrets sont effacés ; rien ne change sur le serveur.',
  },
  'server.name': {
    en: 'Name',
    fr: 'Nom',
  },
  'server.host': {
    en: 'Host',
    fr: 'Hôte',
  },
  'server.port': {
    en: 'Port',
    fr: 'Port',
  },
  'server.user': {
    en: 'User',
    fr: 'Utilisateur',
  },
  'server.auth': {
    en: 'Authentication',
    fr: 'Authentification',
  },
  'server.auth.key': {
    en: 'Private key',
    fr: 'Clé privée',
  },
  'server.auth.password': {
    en: 'Password',
    fr: 'Mot de passe',
  },
  'server.auth.agent': {
    en: 'ssh-agent',
    fr: 'ssh-agent',
  },
  'server.keyFile': {
    en: 'Private key file',
    fr: 'Fichier de clé privée',
  },
  'server.keyFile.browse': {
    en: 'Browse…',
    fr: 'Parcourir…',
  },
  'server.passphrase': {
    en: 'Passphrase (if any)',
    fr: 'Phrase de passe (le cas échéant)',
  },
  'server.password': {
    en: 'Password',
    fr: 'Mot de passe',
  },
  'server.secret.keep': {
    en: '(unchanged)',
    fr: '(inchangé)',
  },
  'server.cmsRoot': {
    en: 'CMS root in the jail',
    fr: 'Racine du CMS dans la prison',
  },
  'server.role': {
    en: 'Role',
    fr: 'Rôle',
  },
  'server.role.production': {
    en: 'production',
    fr: 'production',
  },
  'server.role.preprod': {
    en: 'preprod',
    fr: 'préprod',
  },
  'server.role.demo': {
    en: 'demo',
    fr: 'démo',
  },
  'server.jump': {
    en: 'Jump host (optional)',
    fr: 'Hôte de rebond (facultatif)',
  },
  'server.productionUrl': {
    en: 'Production URL (optional)',
    fr: 'URL de production (facultatif)',
  },
  'server.preprodLink': {
    en: 'Preprod secure link https://LOGIN:PASSWORD@host',
    fr: 'Lien sécurisé de préprod https://LOGIN:MOTDEPASSE@hôte',
  },
  'trust.title': {
    en: 'Trust this server?',
    fr: 'Faire confiance à ce serveur ?',
  },
  'trust.unknown': {
    en: '{where} is not known yet. Its host key fingerprint is:',
    fr: '{where} n’est pas encore connu. L’empreinte de sa clé d’hôte est :',
  },
  'trust.how': {
    en: 'Compare it with the one your host gives you (ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub) before trusting it.',
    fr: 'Comparez-la avec celle que votre hébergeur vous donne (ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub) avant de l’accepter.',
  },
  'trust.accept': {
    en: 'Trust and connect',
    fr: 'Faire confiance et se connecter',
  },
  'trust.cancelled': {
    en: 'Not connected: the host key was not trusted.',
    fr: 'Non connecté : la clé d’hôte n’a pas été acceptée.',
  },
  'trust.changed.title': {
    en: 'Host key changed: connection refused',
    fr: 'Clé d’hôte changée : connexion refusée',
  },
  'trust.changed.stored': {
    en: 'Stored key',
    fr: 'Clé enregistrée',
  },
  'trust.changed.presented': {
    en: 'Presented key',
    fr: 'Clé présentée',
  },
  'trust.changed.confirm': {
    en: 'If the host confirmed the new key, type the server name ({name}) to replace the stored one:',
    fr: 'Si l’hébergeur a confirmé la nouvelle clé, tapez le nom du serveur ({name}) pour remplacer l’ancienne :',
  },
  'trust.changed.replace': {
    en: 'Replace the stored key and connect',
    fr: 'Remplacer la clé enregistrée et se connecter',
  },
} satisfies Catalogue
