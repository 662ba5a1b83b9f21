// One opened profile: its figures and its tabs (functions, flame graph, comparison).
import { useCallback, useEffect, useState } from 'react'
import type { ApiError, ProfileFile, ServerInfo } from '../../../../shared/api'
import type { ProfileView } from '../../../../shared/profiles'
import { useApi } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { SourcePeek } from '../../components/SourcePeek'
import { SubTabs } from '../../components/SubTabs'
import { ReadCostNote } from '../../components/ReadCost'
import { formatBytes, useI18n } from '../../i18n'
import { CallPanel, FunctionTable, lineCosts } from './FunctionTable'
import { Compare, FlameTab } from './ProfileTabs'
import { costFormatter } from './ProfilesView'
import { jailPath } from '../../../../core/servers'

export function ProfileViewer({
  server,
  file,
  others,
}: {
  server: ServerInfo
  file: ProfileFile
  others: ProfileFile[]
}): React.JSX.Element {
  const api = useApi()
  const { t, locale } = useI18n()
  const [view, setView] = useState<ProfileView | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [tab, setTab] = useState<Tab>('functions')
  const [trail, setTrail] = useState<number[]>([])
  const [source, setSource] = useState<{
    file: string
    line: number
    notes: Map<number, string>
  } | null>(null)

  const open = useCallback(async () => {
    setError(null)
    const r = await api.call('profiles:open', { server: server.id, path: file.path })
    if (r.ok) setView(r.value)
    else setError(r.error)
  }, [api, server.id, file.path])
  useEffect(() => {
    void open()
  }, [open])

  const selected = trail.length > 0 ? trail[trail.length - 1]! : null
  const select = (fn: number): void =>
    setTrail((tr) => (tr[tr.length - 1] === fn ? tr : [...tr.slice(-12), fn]))

  if (error) return <ErrorBanner message={error.message} onRetry={() => void open()} />
  if (!view) {
    return (
      <div className="empty" role="status">
        {t('profiles.parsing', { size: formatBytes(file.size, locale) })}
      </div>
    )
  }
  const time = costFormatter(view, 0, locale)
  return (
    <div className="column">
      <ProfileStats view={view} file={file} time={time} />
      {view.truncated && (
        <ErrorBanner
          message={t('profiles.truncated', {
            line: view.truncated.line,
            message: view.truncated.message,
          })}
        />
      )}
      <div className="toolbar">
        <SubTabs<Tab>
          tabs={TABS}
          value={tab}
          onChange={setTab}
          label={(x) => t(`profiles.tab.${x}`)}
        />
      </div>
      {tab === 'functions' && (
        <>
          <FunctionTable
            view={view}
            selected={selected}
            onSelect={(fn) => setTrail([fn])}
            onOpen={select}
          />
          {selected !== null && (
            <CallPanel
              view={view}
              trail={trail}
              onNavigate={select}
              onTrail={(i) => setTrail((tr) => tr.slice(0, i + 1))}
              onSource={(fn) => {
                const f = view.functions[fn]!
                if (f.line > 0) {
                  setSource({
                    file: jailPath(f.file, server.cmsRoot),
                    line: f.line,
                    notes: lineCosts(view, fn, time),
                  })
                }
              }}
              onFlame={() => setTab('flame')}
            />
          )}
        </>
      )}
      {tab === 'flame' && (
        <FlameTab
          view={view}
          selectedName={selected !== null ? (view.functions[selected]?.name ?? '') : ''}
          onPick={select}
        />
      )}
      {tab === 'compare' && <Compare server={server} view={view} file={file} others={others} />}
      {source && (
        <SourcePeek
          server={server}
          file={source.file}
          line={source.line}
          notes={source.notes}
          onClose={() => setSource(null)}
        />
      )}
    </div>
  )
}

/** What was profiled, its total time and memory, its size and parse time. */
export function ProfileStats({
  view,
  file,
  time,
}: {
  view: ProfileView
  file: ProfileFile
  time: (v: number) => string
}): React.JSX.Element {
  const { t, locale } = useI18n()
  return (
    <>
      <div className="stats" data-testid="profile-stats">
        <span className="mono">{view.cmd ?? file.name}</span>
        <span className="muted">
          {' '}
          ·{' '}
          {t('profiles.stats', {
            total: time(view.totals[0] ?? 0),
            functions: view.functions.length,
            size: formatBytes(file.size, locale),
            ms: Math.round(view.parseMs),
          })}
          {view.creator ? ` · ${view.creator}` : ''}
          {view.runs > 1 ? ` · ${t('profiles.runs', { n: view.runs })}` : ''}
        </span>{' '}
        <ReadCostNote cost={view.cost} />
      </div>
    </>
  )
}

export type Tab = 'functions' | 'flame' | 'compare'

export const TABS: Tab[] = ['functions', 'flame', 'compare']
