// The public entry of renderer/src/features/files: other capabilities and layers import it, never its files.
export * from './FilesView'
