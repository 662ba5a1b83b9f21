import { ClockBadge, ClockProvider } from './clock'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Api, AppInfo, Locale, ServerInfo, Settings } from '../../shared/api'
import { ApiContext, useApi } from './api/context'
import { I18nContext, translator } from './i18n'
import { Sidebar } from './components/Sidebar'
import { StatusBar } from './components/StatusBar'
import { SectionTabs, type Section } from './components/SectionTabs'
import { SectionView } from './features/SectionView'
import { MomentBar } from './components/MomentBar'
import { MomentContext, type MomentFocus } from './moment'
import { useRunningJobs, useSectionKeys, useServerStates } from './app-hooks'
import { ErrorBanner } from './components/ErrorBanner'
import { PreprodDialog } from './features/preprod'
import { RightsDialog } from './features/rights'
import { ServerDialog } from './features/servers'
import { ServerGate } from './features/servers'
import { ServerHeader } from './features/servers'
import { FleetView, FLEET } from './features/fleet'

interface AppProps {
  api: Api & { onConnection(cb: (up: boolean) => void): () => void }
}

export function App({ api }: AppProps): React.JSX.Element {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [settings, setSettings] = useState<Settings>({
    locale: 'system',
    theme: 'system',
    clock: 'server',
    logFormats: [],
  })
  const [servers, setServers] = useState<ServerInfo[]>([])
  const [serverId, setServerId] = useState<string | null>(null)
  const [section, setSection] = useState<Section>('logs')
  const [moment, setMoment] = useState<number | null>(null)
  const [focus, setFocus] = useState<MomentFocus | null>(null)
  const momentState = useMemo(
    () => ({ moment, setMoment, focus, setFocus, open: (s: Section) => setSection(s) }),
    [moment, focus],
  )
  const [serviceUp, setServiceUp] = useState(true)
  const jobs = useRunningJobs(api)
  const [error, setError] = useState<string | null>(null)
  const [dialog, setDialog] = useState<'add' | 'edit' | 'rights' | 'preprod' | null>(null)

  useEffect(() => api.onConnection(setServiceUp), [api])
  useServerStates(api, setServers)
  useSectionKeys(setSection)

  const replaceServer = useCallback((next: ServerInfo) => {
    setServers((list) =>
      list.some((s) => s.id === next.id)
        ? list.map((s) => (s.id === next.id ? next : s))
        : [...list, next],
    )
  }, [])

  const removeServer = async (target: ServerInfo): Promise<void> => {
    if (!window.confirm(i18n.t('server.remove.confirm', { name: target.name }))) return
    const r = await api.call('servers:remove', { server: target.id })
    if (!r.ok) return setError(r.error.message)
    setServers((list) => list.filter((s) => s.id !== target.id))
    setServerId('demo')
  }

  useInitialLoad(api, { setInfo, setSettings, setServers, setServerId, setError })

  const i18n = useLocaleAndTheme(settings, info)

  const update = (patch: Partial<Settings>): void => {
    setSettings((cur) => ({ ...cur, ...patch }))
    void api
      .call('settings:set', patch)
      .then((r) => (r.ok ? setSettings(r.value) : setError(r.error.message)))
  }

  const server = servers.find((s) => s.id === serverId) ?? null

  return (
    <ApiContext.Provider value={api}>
      <I18nContext.Provider value={i18n}>
        <div className="app">
          <Sidebar
            servers={servers}
            selected={serverId}
            onSelect={setServerId}
            settings={settings}
            onSettings={update}
            onAdd={() => setDialog('add')}
            info={info}
          />
          <main className="main">
            {error && <ErrorBanner message={error} onClose={() => setError(null)} />}
            {serverId === FLEET ? (
              <FleetView
                servers={servers}
                onOpen={(id, at) => {
                  setServerId(id)
                  setMoment(at?.moment ?? moment)
                  setFocus(at?.focus ?? null)
                  setSection(at?.section ?? 'timeline')
                }}
                onAdded={(added) => added.forEach(replaceServer)}
              />
            ) : server ? (
              <ServerScreen
                server={server}
                section={section}
                setSection={setSection}
                clockMode={settings.clock}
                momentState={momentState}
                setDialog={setDialog}
                onRemove={() => void removeServer(server)}
                onChanged={replaceServer}
              />
            ) : (
              <div className="empty">{i18n.t('common.loading')}</div>
            )}
          </main>
          <StatusBar server={server} serviceUp={serviceUp} jobs={jobs.size} info={info} />
          <AppDialogs
            dialog={dialog}
            server={server}
            setDialog={setDialog}
            replaceServer={replaceServer}
            setServerId={setServerId}
          />
        </div>
      </I18nContext.Provider>
    </ApiContext.Provider>
  )
}

/** One server: its header, then (once connected) its sections on its clock. */
function ServerScreen({
  server,
  section,
  setSection,
  clockMode,
  momentState,
  setDialog,
  onRemove,
  onChanged,
}: {
  server: ServerInfo
  section: Section
  setSection(s: Section): void
  clockMode: Settings['clock']
  momentState: React.ContextType<typeof MomentContext>
  setDialog(d: 'add' | 'edit' | 'rights' | 'preprod' | null): void
  onRemove(): void
  onChanged(s: ServerInfo): void
}): React.JSX.Element {
  const api = useApi()
  return (
    <>
      <ServerHeader
        server={server}
        {...(server.kind === 'ssh'
          ? {
              onEdit: () => setDialog('edit'),
              onRemove,
              onDisconnect: () => void api.call('servers:disconnect', { server: server.id }),
              onRights: () => setDialog('rights'),
              onPreprod: () => setDialog('preprod'),
            }
          : {})}
      />
      <ServerGate key={gateKey(server)} server={server} onChanged={onChanged}>
        <ClockProvider server={server.id} mode={clockMode}>
          <SectionTabs section={section} onSelect={setSection}>
            <ClockBadge />
          </SectionTabs>
          <MomentContext.Provider value={momentState}>
            <MomentBar section={section} />
            <div className="section" data-section={section}>
              <SectionView key={`${server.id}:${section}`} server={server} section={section} />
            </div>
          </MomentContext.Provider>
        </ClockProvider>
      </ServerGate>
    </>
  )
}

/** A server's gate is keyed by how it is reached: after an edit, an old failure is not kept. */
function gateKey(s: ServerInfo): string {
  return [s.id, s.address, s.auth, s.keyFile, s.jump].join('|')
}

function prefersDark(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false
}

function browserLocale(): Locale {
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en'
}

/** The language and theme the settings ask for ('system': this computer's), applied to the page. */
function useLocaleAndTheme(
  settings: Settings,
  info: AppInfo | null,
): { locale: Locale; t: ReturnType<typeof translator> } {
  const locale: Locale =
    settings.locale === 'system' ? (info?.systemLocale ?? browserLocale()) : settings.locale
  const i18n = useMemo(() => ({ locale, t: translator(locale) }), [locale])
  const theme = settings.theme === 'system' ? (prefersDark() ? 'dark' : 'light') : settings.theme

  useEffect(() => {
    document.documentElement.dataset.theme = theme
    document.documentElement.lang = locale
  }, [theme, locale])

  return i18n
}

/** The dialog open over the app: rights, preprod changes, or a server added or edited. */
function AppDialogs({
  dialog,
  server,
  setDialog,
  replaceServer,
  setServerId,
}: {
  dialog: 'add' | 'edit' | 'rights' | 'preprod' | null
  server: ServerInfo | null
  setDialog: React.Dispatch<React.SetStateAction<'add' | 'edit' | 'rights' | 'preprod' | null>>
  replaceServer: (next: ServerInfo) => void
  setServerId: React.Dispatch<React.SetStateAction<string | null>>
}): React.JSX.Element {
  return (
    <>
      {dialog === 'rights' && server && (
        <RightsDialog server={server} onClose={() => setDialog(null)} />
      )}
      {dialog === 'preprod' && server && (
        <PreprodDialog server={server} onClose={() => setDialog(null)} />
      )}
      {(dialog === 'add' || dialog === 'edit') && (
        <ServerDialog
          {...(dialog === 'edit' && server ? { server } : {})}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            replaceServer(saved)
            setServerId(saved.id)
            setDialog(null)
          }}
        />
      )}
    </>
  )
}

/** The app's identity, the settings and the servers, read once at start. */
function useInitialLoad(
  api: Api,
  set: {
    setInfo(i: AppInfo): void
    setSettings(s: Settings): void
    setServers(list: ServerInfo[]): void
    setServerId: React.Dispatch<React.SetStateAction<string | null>>
    setError(message: string): void
  },
): void {
  const { setInfo, setSettings, setServers, setServerId, setError } = set
  useEffect(() => {
    void (async () => {
      const [i, s, list] = await Promise.all([
        api.call('app:info', {}),
        api.call('settings:get', {}),
        api.call('servers:list', {}),
      ])
      if (i.ok) setInfo(i.value)
      if (s.ok) setSettings(s.value)
      if (list.ok) {
        setServers(list.value)
        setServerId((cur) => cur ?? list.value[0]?.id ?? null)
      }
      const failed = [i, s, list].find((r) => !r.ok)
      if (failed && !failed.ok) setError(failed.error.message)
    })()
  }, [api, setInfo, setSettings, setServers, setServerId, setError])
}
