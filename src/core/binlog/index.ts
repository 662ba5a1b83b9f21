// The public entry of core/binlog: other capabilities and layers import it, never its files.
export * from './binlog-times'
export * from './mysqlbinlog-text'
export * from './reverse-sql'
export * from './decode'
export * from './writer-verdict'
export * from './prefilter'
