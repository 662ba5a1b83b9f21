import type { BridgeApi } from '../shared/api'

declare global {
  interface Window {
    /** Present in the Electron app only; web mode talks WebSocket instead. */
    twb?: BridgeApi
  }
}
