// The public entry of main/services/api: other capabilities and layers import it, never its files.
export * from './services'
export * from './session'
