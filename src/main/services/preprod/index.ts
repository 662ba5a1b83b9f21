// The public entry of main/services/preprod: other capabilities and layers import it, never its files.
export * from './preprod'
export * from './handlers'
