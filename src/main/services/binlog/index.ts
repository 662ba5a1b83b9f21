// The public entry of main/services/binlog: other capabilities and layers import it, never its files.
export * from './binlog'
export * from './handlers'
