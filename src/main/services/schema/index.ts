// The public entry of main/services/schema: other capabilities and layers import it, never its files.
export * from './schema'
export * from './snapshots'
export * from './database'
export * from './handlers'
