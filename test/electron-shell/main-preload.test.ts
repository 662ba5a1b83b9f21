// The built Electron main and preload bundles, run on Node against a recording fake of
// `electron` (the binary cannot be downloaded here): the window's hardening, the IPC path from
// window.twb to a service and back, the refusals, and where secrets are sealed.
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallName, JobBatch } from '../../src/shared/api'
import { APP_ROOT } from '../harness/app'
import { tempDir } from '../harness/process'
import { createFakeElectron, loadWithFake, type FakeElectronOptions } from './fake-electron'

const MAIN = join(APP_ROOT, 'out/main/index.js')
const PRELOAD = join(APP_ROOT, 'out/preload/index.js')

// Every call of the contract, checked at compile time: a call added to it and not here fails
// the type check of this file.
const EVERY_CALL: { [K in CallName]: true } = {
  'app:info': true,
  'app:pick-file': true,
  'settings:get': true,
  'settings:set': true,
  'servers:list': true,
  'servers:clock': true,
  'servers:test': true,
  'servers:keys': true,
  'servers:add': true,
  'servers:update': true,
  'servers:remove': true,
  'servers:ssh-config': true,
  'servers:csv': true,
  'servers:import': true,
  'servers:connect': true,
  'servers:disconnect': true,
  'servers:trust': true,
  'files:list': true,
  'files:read': true,
  'files:write': true,
  'files:upload-begin': true,
  'files:upload-chunk': true,
  'files:upload-end': true,
  'files:download': true,
  'term:open': true,
  'term:list': true,
  'term:attach': true,
  'term:input': true,
  'term:resize': true,
  'term:close': true,
  'logs:discover': true,
  'logs:explore': true,
  'logs:window': true,
  'logs:search': true,
  'tail:start': true,
  'slowlog:analyze': true,
  'profiles:list': true,
  'profiles:open': true,
  'profiles:profile-url': true,
  'binlog:list': true,
  'binlog:correlate': true,
  'binlog:find': true,
  'binlog:columns': true,
  'schema:snapshots': true,
  'schema:take': true,
  'schema:diff': true,
  'http:trace': true,
  'http:cache': true,
  'http:ban': true,
  'geoip:lookup': true,
  'rights:reset': true,
  'rights:audit': true,
  'preprod:changes': true,
  'preprod:save': true,
  'clone:analyse': true,
  'clone:run': true,
  'clone:verify': true,
  'clone:reports': true,
  'clone:rewrite-url': true,
  'jobs:cancel': true,
  'timeline:sources': true,
  'timeline:build': true,
  'timeline:rows': true,
  'timeline:jump': true,
  'timeline:follow': true,
  'timeline:close': true,
  'fleet:overview': true,
  'fleet:grep': true,
  'fleet:binlog': true,
  'backup:plan': true,
  'backup:weight': true,
  'snapshot:take': true,
  'snapshot:list': true,
  'snapshot:restore-table': true,
  'snapshot:compare': true,
  'snapshot:restore-file': true,
  'jobs:ack': true,
}

let home: ReturnType<typeof tempDir>
let savedHome: string | undefined
beforeEach(() => {
  home = tempDir('electron-shell')
  savedHome = process.env.TWB_HOME
  delete process.env.TWB_HOME
})
afterEach(() => {
  if (savedHome === undefined) delete process.env.TWB_HOME
  else process.env.TWB_HOME = savedHome
  home.remove()
})

/** Loads main (then the preload) with a fake of these options; waits for the window. */
async function start(
  options: Partial<FakeElectronOptions> = {},
  bundle = MAIN,
  workers: string[] = [],
) {
  const fake = createFakeElectron({
    safeStorage: null,
    paths: { userData: join(home.path, 'user-data'), downloads: join(home.path, 'downloads') },
    ...options,
  })
  loadWithFake(bundle, fake.module, workers)
  // whenReady resolves on a microtask; the window follows it.
  for (let i = 0; i < 100 && fake.recorded.windows.length === 0; i++) await Promise.resolve()
  expect(fake.recorded.windows).toHaveLength(1)
  return fake
}

describe('the Electron main process, against a recording electron', () => {
  it('opens one hardened window on the built renderer, with a preload that exists', async () => {
    const { recorded } = await start()
    const [win] = recorded.windows
    const prefs = win!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(prefs.webSecurity).not.toBe(false)
    expect(existsSync(String(prefs.preload))).toBe(true)
    expect(win!.loaded).toEqual([join(APP_ROOT, 'out/renderer/index.html')])
    expect(existsSync(win!.loaded[0]!)).toBe(true)
  })

  it('refuses navigation, new windows, permissions and webviews', async () => {
    const { recorded } = await start()
    const contents = recorded.windows[0]!.contents
    const navigate = (url: string): boolean => {
      let prevented = false
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url)
      return prevented
    }
    expect(navigate('https://evil.example/')).toBe(true)
    expect(navigate('file:///etc/passwd')).toBe(true)
    expect(navigate(contents.mainFrame.url)).toBe(false)
    expect(contents.windowOpenHandler!({ url: 'https://docs.example/x' })).toEqual({
      action: 'deny',
    })
    expect(contents.windowOpenHandler!({ url: 'file:///tmp/x' })).toEqual({ action: 'deny' })
    expect(recorded.openedExternally).toEqual(['https://docs.example/x'])
    let granted: boolean | undefined
    recorded.permissionRequest!({}, 'media', (ok) => (granted = ok))
    expect(granted).toBe(false)
    expect(recorded.permissionCheck!({}, 'geolocation')).toBe(false)
    let webview = false
    for (const cb of recorded.appEvents.get('web-contents-created') ?? []) {
      const created = new (await import('node:events')).EventEmitter()
      cb({}, created)
      created.emit('will-attach-webview', { preventDefault: () => (webview = true) })
    }
    expect(webview).toBe(true)
  })

  it('exposes exactly window.twb, whose every call reaches a service and answers a Result', async () => {
    const fake = await start()
    loadWithFake(PRELOAD, fake.module)
    expect(fake.recorded.exposed.map((e) => e.key)).toEqual(['twb'])
    const twb = fake.recorded.exposed[0]!.api as {
      call(name: string, req: unknown): Promise<unknown>
      onEvent(l: (event: string, payload: unknown) => void): () => void
    }
    expect(Object.keys(twb).sort()).toEqual(['call', 'onEvent'])
    // The channels the preload uses are the ones main handles.
    expect([...fake.recorded.handlers.keys()]).toEqual(['twb:call'])
    const info = (await twb.call('app:info', {})) as { ok: boolean; value: { transport: string } }
    expect(info).toMatchObject({ ok: true, value: { transport: 'electron' } })
    for (const name of Object.keys(EVERY_CALL)) {
      // An empty request: each call answers (ok, or a coded error), none throws across IPC.
      const r = (await twb.call(name, {})) as { ok: boolean; error?: { code: string } }
      expect(typeof r.ok, name).toBe('boolean')
      if (!r.ok) expect(r.error?.code, name).not.toBe('UNKNOWN_CALL')
    }
    expect(await twb.call('no:such-call', {})).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CALL' },
    })
  })

  it('opens the native file dialog for a key, over the window, and answers the path or null', async () => {
    const chosen = join(home.path, 'id_ed25519')
    const fake = await start({ dialogAnswer: chosen })
    loadWithFake(PRELOAD, fake.module)
    const twb = fake.recorded.exposed[0]!.api as { call(n: string, r: unknown): Promise<unknown> }
    expect(await twb.call('app:info', {})).toMatchObject({ ok: true, value: { fileDialog: true } })
    expect(await twb.call('app:pick-file', { purpose: 'ssh-key' })).toEqual({
      ok: true,
      value: { path: chosen },
    })
    const [shown] = fake.recorded.dialogs
    expect(shown!.window).toBeTruthy()
    expect(shown!.options).toMatchObject({
      properties: expect.arrayContaining(['openFile', 'showHiddenFiles']),
    })
    expect(String(shown!.options.defaultPath)).toMatch(/[\\/]\.ssh$/)
    // Cancelled: no path, not an error.
    const cancelled = await start({ dialogAnswer: null })
    loadWithFake(PRELOAD, cancelled.module)
    const twb2 = cancelled.recorded.exposed[0]!.api as typeof twb
    expect(await twb2.call('app:pick-file', { purpose: 'ssh-key' })).toEqual({
      ok: true,
      value: { path: null },
    })
    expect(await twb2.call('app:pick-file', { purpose: 'anything' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    })
  })

  it('streams a job back to window.twb.onEvent', async () => {
    const fake = await start()
    loadWithFake(PRELOAD, fake.module)
    const twb = fake.recorded.exposed[0]!.api as {
      call(name: string, req: unknown): Promise<{ ok: boolean; value: { job: string } }>
      onEvent(l: (event: string, payload: unknown) => void): () => void
    }
    const batches: JobBatch[] = []
    let ended: (() => void) | undefined
    const end = new Promise<void>((resolve) => (ended = resolve))
    const off = twb.onEvent((event, payload) => {
      if (event === 'job:batch') batches.push(payload as JobBatch)
      if (event === 'job:end') ended!()
    })
    const started = await twb.call('tail:start', {
      server: 'demo',
      path: '/var/log/nginx/access.log',
      lines: 5,
      follow: false,
    })
    expect(started.ok).toBe(true)
    await end
    off()
    expect(batches.flatMap((b) => b.records as unknown[])).toHaveLength(5)
    expect(batches.every((b) => b.kind === 'tail:start' && b.job === started.value.job)).toBe(true)
  })

  it('refuses a call from a frame that is not the app’s top frame', async () => {
    const fake = await start()
    const contents = fake.recorded.windows[0]!.contents
    for (const frame of [{ url: 'https://evil.example/' }, { url: contents.mainFrame.url }]) {
      // The second is the app's URL but not its main frame (a subframe): refused too.
      const r = await fake.invokeAs(contents, frame, 'twb:call', 'app:info', {})
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    }
    const own = await fake.invokeAs(contents, contents.mainFrame, 'twb:call', 'app:info', {})
    expect(own).toMatchObject({ ok: true })
  })

  it('seals secrets with the OS keychain only when safeStorage really encrypts', async () => {
    const kind = async (safeStorage: FakeElectronOptions['safeStorage']): Promise<string> => {
      const fake = await start({ safeStorage })
      const contents = fake.recorded.windows[0]!.contents
      const r = (await fake.invokeAs(contents, contents.mainFrame, 'twb:call', 'app:info', {})) as {
        value: { secrets: { kind: string } }
      }
      return r.value.secrets.kind
    }
    expect(await kind(null)).toBe('key-file')
    expect(await kind({ available: false, backend: 'unknown' })).toBe('key-file')
    // Linux without a keyring: "encryption" with a hard-coded key; not a keychain.
    expect(await kind({ available: true, backend: 'basic_text' })).toBe('key-file')
    expect(await kind({ available: true, backend: 'gnome_libsecret' })).toBe('os-keychain')
  })

  it('finds the demo and the workers in a packed layout (resources outside, workers unpacked)', async () => {
    // electron-builder's layout: <resources>/app.asar/out/… (here a folder of that name),
    // <resources>/app.asar.unpacked/out/main/… (asarUnpack), extraResources beside them.
    const res = join(home.path, 'packed', 'resources')
    mkdirSync(res, { recursive: true })
    cpSync(join(APP_ROOT, 'out'), join(res, 'app.asar', 'out'), { recursive: true })
    cpSync(join(APP_ROOT, 'out/main'), join(res, 'app.asar.unpacked', 'out', 'main'), {
      recursive: true,
    })
    // The dependencies are packed in the archive too (node_modules beside out/).
    symlinkSync(join(APP_ROOT, 'node_modules'), join(res, 'app.asar', 'node_modules'))
    symlinkSync(join(APP_ROOT, 'node_modules'), join(res, 'app.asar.unpacked', 'node_modules'))
    symlinkSync(join(APP_ROOT, 'resources'), join(res, 'resources'))
    cpSync(join(APP_ROOT, 'package.json'), join(res, 'package.json'))
    const saved = (process as { resourcesPath?: string }).resourcesPath
    ;(process as { resourcesPath?: string }).resourcesPath = res
    try {
      const workers: string[] = []
      const fake = await start(
        { packaged: { resourcesPath: res } },
        join(res, 'app.asar/out/main/index.js'),
        workers,
      )
      const contents = fake.recorded.windows[0]!.contents
      const call = (name: string, req: unknown) =>
        fake.invokeAs(contents, contents.mainFrame, 'twb:call', name, req) as Promise<{
          ok: boolean
          value: unknown
        }>
      const logs = await call('logs:discover', { server: 'demo' })
      expect(logs.ok).toBe(true)
      expect((logs.value as unknown[]).length).toBeGreaterThan(3)
      // A profile is parsed by the worker thread, which must start from the unpacked folder.
      const profiles = (await call('profiles:list', { server: 'demo' })) as {
        value: { path: string }[]
      }
      const opened = (await call('profiles:open', {
        server: 'demo',
        path: profiles.value[0]!.path,
      })) as { ok: boolean; value: { functions: unknown[] } }
      expect(opened.ok).toBe(true)
      expect(opened.value.functions.length).toBeGreaterThan(10)
      expect(workers).toEqual([join(res, 'app.asar.unpacked/out/main/cachegrind-worker.js')])
    } finally {
      ;(process as { resourcesPath?: string }).resourcesPath = saved
    }
  })
})
