// The public entry of renderer/src/features/slowlog: other capabilities and layers import it, never its files.
export * from './SlowView'
