// The public entry of renderer/src/features/binlog: other capabilities and layers import it, never its files.
export * from './BinlogsView'
