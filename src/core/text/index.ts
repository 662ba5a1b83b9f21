// The public entry of core/text: other capabilities and layers import it, never its files.
export * from './byte-counter'
export * from './line-splitter'
export * from './line-time'
export * from './shell-quote'
export * from './tally'
export * from './clock'
export * from './hex-dump'
export * from './wildcard'
