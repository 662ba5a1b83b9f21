// The fleet capability: every server at once.
export * from './each-server'
export * from './overview'
export * from './grep'
export * from './binlog'
export * from './handlers'
