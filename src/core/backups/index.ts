// The public entry of core/backups: other capabilities and layers import it, never its files.
export * from './policy'
