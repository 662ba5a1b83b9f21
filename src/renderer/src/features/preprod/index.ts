// The public entry of renderer/src/features/preprod: other capabilities and layers import it, never its files.
export * from './PreprodDialog'
