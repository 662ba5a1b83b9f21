// The public entry of renderer/src/features/clone: other capabilities and layers import it, never its files.
export * from './CloneView'
