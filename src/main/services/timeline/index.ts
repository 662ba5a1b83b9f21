// The public entry of main/services/timeline: other capabilities and layers import it, never its files.
export * from './timeline'
export * from './handlers'
