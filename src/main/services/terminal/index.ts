// The public entry of main/services/terminal: other capabilities and layers import it, never its files.
export * from './terminals'
export * from './handlers'
