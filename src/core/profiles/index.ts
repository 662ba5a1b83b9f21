// The public entry of core/profiles: other capabilities and layers import it, never its files.
export * from './cachegrind'
export * from './cachegrind-header'
export * from './cachegrind-view'
