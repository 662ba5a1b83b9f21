// The public entry of renderer/src/features/logs: other capabilities and layers import it, never its files.
export * from './ErrorExplorer'
export * from './FormatBuilder'
export * from './LogExplorer'
export * from './LogList'
export * from './LogSearch'
export * from './LogsView'
