// The public entry of renderer/src/features/rights: other capabilities and layers import it, never its files.
export * from './RightsDialog'
