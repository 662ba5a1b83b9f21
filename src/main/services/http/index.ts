// The public entry of main/services/http: other capabilities and layers import it, never its files.
export * from './geoip'
export * from './http-probe'
export * from './site-url'
export * from './handlers'
