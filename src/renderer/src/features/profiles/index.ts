// The public entry of renderer/src/features/profiles: other capabilities and layers import it, never its files.
export * from './ProfilesView'
