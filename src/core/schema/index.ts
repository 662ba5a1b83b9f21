// The public entry of core/schema: other capabilities and layers import it, never its files.
export * from './cms-config'
export * from './integrity-log'
export * from './schema-diff'
