import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { createApiSession, type ApiSession, type Services } from '../services/api'

export const CALL_CHANNEL = 'twb:call'
export const EVENT_CHANNEL = 'twb:event'

/**
 * Serves the API over IPC. Only the app's own top frame may call it (sender checked on every
 * call); each window gets its own session, disposed with the window.
 */
export function registerIpc(services: Services, isTrustedUrl: (url: string) => boolean): void {
  const sessions = new Map<number, ApiSession>()

  const sessionFor = (contents: WebContents): ApiSession => {
    let session = sessions.get(contents.id)
    if (!session) {
      const created = createApiSession(services, 'electron', (event, payload) => {
        if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload)
      })
      sessions.set(contents.id, created)
      contents.once('destroyed', () => {
        created.dispose()
        sessions.delete(contents.id)
      })
      // A reload starts a new renderer: its jobs end with the old page.
      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) created.dispose()
      })
      session = created
    }
    return session
  }

  ipcMain.handle(CALL_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, req: unknown) => {
    const frame = event.senderFrame
    if (!frame || frame !== event.sender.mainFrame || !isTrustedUrl(frame.url)) {
      return {
        ok: false,
        error: { code: 'BAD_REQUEST', message: 'Refused: the caller is not the app.' },
      }
    }
    return sessionFor(event.sender).handle(name, req)
  })
}
