// The public entry of renderer/src/features/http: other capabilities and layers import it, never its files.
export * from './HttpView'
