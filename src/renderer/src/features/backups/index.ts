// The public entry of renderer/src/features/backups: other capabilities and layers import it, never its files.
export * from './BackupsView'
