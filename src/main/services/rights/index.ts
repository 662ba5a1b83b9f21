// The public entry of main/services/rights: other capabilities and layers import it, never its files.
export * from './rights'
export * from './handlers'
