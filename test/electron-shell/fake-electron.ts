// A recording fake of the `electron` module: just enough of app, BrowserWindow, session,
// ipcMain/ipcRenderer, contextBridge, safeStorage and shell for the built main and preload
// bundles to run on plain Node, every call recorded for the tests to check. The two IPC ends are
// wired to each other as Electron wires them: ipcRenderer.invoke reaches ipcMain.handle with an
// event whose sender and frame the test chooses; webContents.send reaches ipcRenderer.on.
import { EventEmitter } from 'node:events'
import { createRequire } from 'node:module'
import { dirname, join, sep } from 'node:path'

type Handler = (event: unknown, ...args: unknown[]) => unknown

export interface FakeFrame {
  url: string
}

export interface FakeElectronOptions {
  /** What safeStorage says: null = not available at all. */
  safeStorage: { available: boolean; backend: string } | null
  packaged?: { resourcesPath: string } | null
  paths: { userData: string; downloads: string }
  locale?: string
  /** What the native file dialog answers: the file the user chose, or null (cancelled). */
  dialogAnswer?: string | null
}

export interface Recorded {
  exposed: { key: string; api: Record<string, unknown> }[]
  windows: { options: Record<string, unknown>; contents: FakeWebContents; loaded: string[] }[]
  handlers: Map<string, Handler>
  permissionRequest?: (contents: unknown, permission: string, cb: (ok: boolean) => void) => void
  permissionCheck?: (...args: unknown[]) => boolean
  openedExternally: string[]
  /** The options of every native open dialog shown, and over which window. */
  dialogs: { window: unknown; options: Record<string, unknown> }[]
  appEvents: Map<string, ((...args: unknown[]) => void)[]>
}

export class FakeWebContents extends EventEmitter {
  private static next = 1
  readonly id = FakeWebContents.next++
  readonly mainFrame: FakeFrame = { url: '' }
  windowOpenHandler?: (details: { url: string }) => { action: string }
  destroyed = false
  constructor(private readonly renderer: EventEmitter) {
    super()
  }
  send(channel: string, ...args: unknown[]): void {
    this.renderer.emit(channel, { sender: this }, ...args)
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h
  }
}

export function createFakeElectron(options: FakeElectronOptions): {
  module: Record<string, unknown>
  recorded: Recorded
  /** The renderer side of IPC (what the preload's ipcRenderer talks to). */
  renderer: EventEmitter
  /** ipcRenderer.invoke as if from `contents` and `frame` (the window's main frame by default). */
  invokeAs(
    contents: FakeWebContents,
    frame: FakeFrame,
    channel: string,
    ...args: unknown[]
  ): Promise<unknown>
} {
  const renderer = new EventEmitter()
  const recorded: Recorded = {
    exposed: [],
    windows: [],
    handlers: new Map(),
    openedExternally: [],
    dialogs: [],
    appEvents: new Map(),
  }
  const invokeAs = async (
    contents: FakeWebContents,
    frame: FakeFrame,
    channel: string,
    ...args: unknown[]
  ): Promise<unknown> => {
    const handler = recorded.handlers.get(channel)
    if (!handler) throw new Error(`No handler for '${channel}'`)
    return handler({ sender: contents, senderFrame: frame }, ...args)
  }
  class BrowserWindow extends EventEmitter {
    static all: BrowserWindow[] = []
    static getAllWindows(): BrowserWindow[] {
      return BrowserWindow.all
    }
    static getFocusedWindow(): BrowserWindow | null {
      return BrowserWindow.all[0] ?? null
    }
    readonly webContents = new FakeWebContents(renderer)
    private readonly record: Recorded['windows'][number]
    constructor(opts: Record<string, unknown>) {
      super()
      this.record = { options: opts, contents: this.webContents, loaded: [] }
      recorded.windows.push(this.record)
      BrowserWindow.all.push(this)
    }
    async loadFile(path: string): Promise<void> {
      this.record.loaded.push(path)
      this.webContents.mainFrame.url = `file://${path}`
    }
    async loadURL(url: string): Promise<void> {
      this.record.loaded.push(url)
      this.webContents.mainFrame.url = url
    }
    show(): void {}
  }
  const app = {
    isPackaged: options.packaged != null,
    whenReady: () => Promise.resolve(),
    getPath: (name: 'userData' | 'downloads') => options.paths[name],
    getLocale: () => options.locale ?? 'en-US',
    on: (event: string, cb: (...args: unknown[]) => void) => {
      recorded.appEvents.set(event, [...(recorded.appEvents.get(event) ?? []), cb])
      return app
    },
    quit: () => undefined,
  }
  const module = {
    app,
    BrowserWindow,
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Recorded['permissionRequest']) => {
          recorded.permissionRequest = h
        },
        setPermissionCheckHandler: (h: Recorded['permissionCheck']) => {
          recorded.permissionCheck = h
        },
      },
    },
    dialog: {
      showOpenDialog: async (...args: unknown[]) => {
        const [window, opts] = args.length > 1 ? args : [null, args[0]]
        recorded.dialogs.push({ window, options: opts as Record<string, unknown> })
        const answer = options.dialogAnswer ?? null
        return { canceled: answer === null, filePaths: answer === null ? [] : [answer] }
      },
    },
    shell: {
      openExternal: async (url: string) => {
        recorded.openedExternally.push(url)
      },
    },
    // Electron always has safeStorage; `null` is a system with no encryption at all.
    safeStorage: {
      isEncryptionAvailable: () => options.safeStorage?.available ?? false,
      getSelectedStorageBackend: () => options.safeStorage?.backend ?? 'unknown',
      encryptString: (s: string) => Buffer.from(`sealed:${s}`),
      decryptString: (b: Buffer) => b.toString().replace(/^sealed:/, ''),
    },
    ipcMain: {
      handle: (channel: string, h: Handler) => {
        if (recorded.handlers.has(channel)) throw new Error(`Handler for '${channel}' twice`)
        recorded.handlers.set(channel, h)
      },
    },
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) =>
        recorded.exposed.push({ key, api }),
    },
    ipcRenderer: {
      // The preload's calls come from the first window's top frame, as in the app.
      invoke: (channel: string, ...args: unknown[]) => {
        const win = recorded.windows[0]
        if (!win) throw new Error('No window yet')
        return invokeAs(win.contents, win.contents.mainFrame, channel, ...args)
      },
      on: (channel: string, l: (...args: unknown[]) => void) => renderer.on(channel, l),
      removeListener: (channel: string, l: (...args: unknown[]) => void) =>
        renderer.removeListener(channel, l),
    },
  }
  return { module, recorded, renderer, invokeAs }
}

const nodeRequire = createRequire(import.meta.url)

/**
 * Loads a built bundle (CommonJS) with `electron` resolved to `fake`, fresh: the bundle and its
 * chunks are dropped from the require cache first, so each load runs its top level again.
 */
export function loadWithFake(
  bundle: string,
  fake: Record<string, unknown>,
  /** Filled with the script of every worker thread the bundle starts. */
  workers: string[] = [],
): void {
  const Module = nodeRequire('node:module') as {
    _load: (request: string, parent: unknown, isMain: boolean) => unknown
  }
  const out = join(dirname(bundle), '..', sep)
  for (const key of Object.keys(nodeRequire.cache))
    if (key.startsWith(out)) delete nodeRequire.cache[key]
  const original = Module._load
  const threads = nodeRequire('node:worker_threads') as typeof import('node:worker_threads')
  // The real Worker, with the script it was given recorded.
  class RecordedWorker extends threads.Worker {
    constructor(script: string | URL, options?: import('node:worker_threads').WorkerOptions) {
      workers.push(String(script))
      super(script, options)
    }
  }
  const recordingThreads = { ...threads, Worker: RecordedWorker }
  Module._load = function (request, parent, isMain) {
    if (request === 'electron') return fake
    if (request === 'node:worker_threads' || request === 'worker_threads') return recordingThreads
    return original.call(this, request, parent, isMain)
  }
  try {
    nodeRequire(bundle)
  } finally {
    Module._load = original
  }
}
