// The backups capability: the host's policy, the restore planner, the weight audit.
export * from './plan'
export * from './weight'
export * from './handlers'
export * from './snapshots'
