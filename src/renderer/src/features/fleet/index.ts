// The public entry of renderer/src/features/fleet: other capabilities and layers import it, never its files.
export * from './FleetView'
