// The public entry of renderer/src/features/servers: other capabilities and layers import it, never its files.
export * from './ServerDialog'
export * from './ServerGate'
export * from './ServerHeader'
