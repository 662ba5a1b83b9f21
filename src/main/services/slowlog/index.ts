// The public entry of main/services/slowlog: other capabilities and layers import it, never its files.
export * from './slowlog'
export * from './handlers'
