// The public entry of core/logs: other capabilities and layers import it, never its files.
export * from './access-explore'
export * from './access-log'
export * from './access-scan'
export * from './custom-format'
export * from './error-explore'
export * from './error-log'
export * from './format-proposal'
export * from './log-files'
