// The public entry of core/http: other capabilities and layers import it, never its files.
export * from './geoip-rules'
export * from './http-diag'
