// The public entry of main/services/profiles: other capabilities and layers import it, never its files.
export * from './cachegrind'
export * from './xdebug-profiles'
export * from './handlers'
