// The public entry of main/services/logs: other capabilities and layers import it, never its files.
export * from './access-stats'
export * from './logs'
export * from './explore'
export * from './correlate'
export * from './handlers'
export * from './window'
