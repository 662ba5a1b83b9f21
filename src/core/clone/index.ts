// The public entry of core/clone: other capabilities and layers import it, never its files.
export * from './serialized-replace'
export * from './transfer-estimate'
