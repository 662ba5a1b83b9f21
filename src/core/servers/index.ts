// The public entry of core/servers: other capabilities and layers import it, never its files.
export * from './ssh-address'
export * from './jail-path'
