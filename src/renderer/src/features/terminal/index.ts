// The public entry of renderer/src/features/terminal: other capabilities and layers import it, never its files.
export * from './TerminalView'
