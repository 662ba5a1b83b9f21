// The public entry of renderer/src/features/timeline: other capabilities and layers import it, never its files.
export * from './TimelineView'
