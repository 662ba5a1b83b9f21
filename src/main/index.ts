// Electron entry: window, hardened defaults and IPC. All logic lives in ./services, which
// never import electron, so that web mode and the CLI run the same code on plain Node.
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, safeStorage, session, shell } from 'electron'
import { registerIpc } from './ipc/register'
import { osKeychainCipher } from './services/platform'
import { createServices } from './services/api'

const appRoot = app.isPackaged ? process.resourcesPath : resolve(__dirname, '../..')
// The worker threads sit beside this bundle; in a packed app they are unpacked from the asar
// archive (electron.builder.yml: asarUnpack), since a worker thread cannot start from inside it.
const workersDir = __dirname.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
const rendererIndex = join(__dirname, '../renderer/index.html')
const rendererUrl = pathToFileURL(rendererIndex).href
const devUrl = process.env.ELECTRON_RENDERER_URL

function isTrustedUrl(url: string): boolean {
  return devUrl ? url.startsWith(devUrl) : url.split(/[?#]/)[0] === rendererUrl
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    title: 'TW Workbench',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  win.once('ready-to-show', () => win.show())
  win.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault()
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Documentation links open in the user's browser; nothing opens inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(rendererIndex)
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  )
  session.defaultSession.setPermissionCheckHandler(() => false)
  const dataDir = process.env.TWB_HOME ?? app.getPath('userData')
  const locale = app.getLocale().toLowerCase().startsWith('fr') ? 'fr' : 'en'
  // Secrets at rest: the OS keychain through safeStorage when it really encrypts (not Linux's
  // basic_text fallback), else the sealed key file; Settings says which.
  const cipher = osKeychainCipher(safeStorage)
  registerIpc(
    createServices({
      appRoot,
      dataDir,
      locale,
      downloadsDir: app.getPath('downloads'),
      workersDir,
      ...(cipher ? { cipher } : {}),
      // The native file dialog, over the window that asked (hidden files shown: ~/.ssh).
      pickFile: async ({ title, defaultPath }) => {
        const options: Electron.OpenDialogOptions = {
          title,
          defaultPath,
          properties: ['openFile', 'showHiddenFiles', 'dontAddToRecent'],
        }
        const win = BrowserWindow.getFocusedWindow()
        const r = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options))
        return r.canceled ? null : (r.filePaths[0] ?? null)
      },
    }),
    isTrustedUrl,
  )
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
