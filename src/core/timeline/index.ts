// The public entry of core/timeline: other capabilities and layers import it, never its files.
export * from './records'
export * from './report'
export * from './filter'
