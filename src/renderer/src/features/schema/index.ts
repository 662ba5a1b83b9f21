// The public entry of renderer/src/features/schema: other capabilities and layers import it, never its files.
export * from './SchemaView'
