// The public entry of main/services/files: other capabilities and layers import it, never its files.
export * from './files'
export * from './uploads'
export * from './handlers'
