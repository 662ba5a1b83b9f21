// The public entry of main/services/clone: other capabilities and layers import it, never its files.
export * from './clone'
export * from './clone-guard'
export * from './url-rewrite'
export * from './handlers'
export * from './database'
export * from './reports'
export * from './rsync'
