// The fleet capability: every server at once.
export * from './overview'
export * from './handlers'
