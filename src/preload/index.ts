// Exposes the API contract as `window.twb` and nothing else: two channels, allow-listed.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { BridgeApi } from '../shared/api'

const CALL_CHANNEL = 'twb:call'
const EVENT_CHANNEL = 'twb:event'

const bridge: BridgeApi = {
  call: (name, req) => ipcRenderer.invoke(CALL_CHANNEL, name, req),
  onEvent: (listener) => {
    const wrapped = (_e: IpcRendererEvent, event: string, payload: unknown): void =>
      listener(event, payload)
    ipcRenderer.on(EVENT_CHANNEL, wrapped)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped)
  },
}

contextBridge.exposeInMainWorld('twb', bridge)
