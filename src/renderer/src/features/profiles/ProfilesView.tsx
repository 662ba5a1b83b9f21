import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ApiError, Locale, ProfileFile, ServerInfo } from '../../../../shared/api'
import type { ProfileFunctionRow, ProfileView } from '../../../../shared/profiles'
import { useApi, useCall } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FlameGraph } from '../../components/FlameGraph'
import { Loadable } from '../../components/Loadable'
import { SourcePeek } from '../../components/SourcePeek'
import { SubTabs } from '../../components/SubTabs'
import { formatBytes, useI18n } from '../../i18n'
import { compareProfiles } from '../../../../core/profiles'

type Tab = 'functions' | 'flame' | 'compare'
const TABS: Tab[] = ['functions', 'flame', 'compare']
const MAX_ROWS = 400

export function ProfilesView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t, locale } = useI18n()
  const [state, reload] = useCall('profiles:list', { server: server.id }, server.id)
  const [picked, setPicked] = useState<ProfileFile | null>(null)
  return (
    <div className="split">
      <div className="pane-left">
        <h2 className="pane-title">{t('profiles.title')}</h2>
        <ProfileUrlBar
          server={server}
          onProfiled={(file) => {
            setPicked(file)
            reload()
          }}
        />
        <Loadable state={state} reload={reload}>
          {(profiles) =>
            profiles.length === 0 ? (
              <div className="empty">{t('profiles.none')}</div>
            ) : (
              <div
                className="filelist"
                role="listbox"
                aria-label={t('profiles.title')}
                data-testid="profile-list"
              >
                {profiles.map((p) => (
                  <button
                    key={p.path}
                    type="button"
                    role="option"
                    aria-selected={picked?.path === p.path}
                    className={`fileitem profile-item ${picked?.path === p.path ? 'selected' : ''}`}
                    onClick={() => setPicked(p)}
                    title={p.path}
                  >
                    <span className="fname">{p.cmd}</span>
                    <span className="fmeta">
                      {p.name} · {formatBytes(p.size, locale)} ·{' '}
                      {new Date(p.mtimeMs).toLocaleString(locale)}
                      {p.compressed ? ' · gz' : ''}
                    </span>
                  </button>
                ))}
              </div>
            )
          }
        </Loadable>
      </div>
      <div className="pane-right">
        {picked ? (
          <ProfileViewer
            key={`${picked.path}@${picked.mtimeMs}`}
            server={server}
            file={picked}
            others={state.status === 'ok' ? state.value : []}
          />
        ) : (
          <div className="empty">{t('profiles.pick')}</div>
        )}
      </div>
    </div>
  )
}

/** "Profile this URL": one request with the Xdebug trigger cookie, then the new profile opens. */
function ProfileUrlBar({
  server,
  onProfiled,
}: {
  server: ServerInfo
  onProfiled(file: ProfileFile): void
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [url, setUrl] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const site = server.preprodLink ?? server.productionUrl
  const run = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    setNote(null)
    const r = await api.call('profiles:profile-url', {
      server: server.id,
      ...(url.trim() ? { url: url.trim() } : {}),
    })
    setBusy(false)
    if (!r.ok) return setError(r.error.message)
    if (!r.value.file) {
      return setError(t('profiles.url.noFile', { status: r.value.status, ms: r.value.ms }))
    }
    setNote(t('profiles.url.done', { status: r.value.status, ms: r.value.ms }))
    onProfiled(r.value.file)
  }
  return (
    <form
      className="profile-url"
      onSubmit={(e) => {
        e.preventDefault()
        void run()
      }}
    >
      <input
        type="url"
        className="filter grow"
        placeholder={site ?? 'https://www.example.com/page'}
        aria-label={t('profiles.url.label')}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('profiles.url.busy') : t('profiles.url.run')}
      </button>
      {error && <ErrorBanner message={error} />}
      {note && <div className="muted small">{note}</div>}
    </form>
  )
}

/** How a cost reads: a duration for time events, a size for memory, else a count. */
export function costFormatter(
  view: Pick<ProfileView, 'events' | 'timeUnitNs'>,
  event: number,
  locale: Locale,
): (v: number) => string {
  const unit = view.timeUnitNs[event]
  if (unit != null) {
    return (v) => {
      const ms = (v * unit) / 1e6
      return ms >= 1000
        ? `${(ms / 1000).toFixed(2)} s`
        : `${ms.toFixed(ms >= 100 ? 0 : ms >= 10 ? 1 : 2)} ms`
    }
  }
  if (/memory/i.test(view.events[event] ?? '')) {
    return (v) => (v < 0 ? `−${formatBytes(-v, locale)}` : formatBytes(v, locale))
  }
  return (v) => v.toLocaleString(locale)
}

function ProfileViewer({
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
        </span>
      </div>
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

type SortKey = 'self' | 'inclusive' | 'calls' | 'name' | 'selfMem' | 'inclusiveMem'

function FunctionTable({
  view,
  selected,
  onSelect,
  onOpen,
}: {
  view: ProfileView
  selected: number | null
  onSelect(fn: number): void
  onOpen(fn: number): void
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const [sort, setSort] = useState<SortKey>('self')
  const [search, setSearch] = useState('')
  const [hideInternal, setHideInternal] = useState(false)
  const time = costFormatter(view, 0, locale)
  const hasMemory = view.events.length > 1
  const memory = costFormatter(view, 1, locale)
  const total = Math.max(1, view.totals[0] ?? 0)
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase()
    const key = (f: ProfileFunctionRow): number | string =>
      sort === 'self'
        ? (f.self[0] ?? 0)
        : sort === 'inclusive'
          ? (f.inclusive[0] ?? 0)
          : sort === 'calls'
            ? f.calls
            : sort === 'selfMem'
              ? (f.self[1] ?? 0)
              : sort === 'inclusiveMem'
                ? (f.inclusive[1] ?? 0)
                : f.name
    const list = view.functions
      .map((f, i) => ({ f, i }))
      .filter(
        ({ f }) =>
          (!hideInternal || !f.internal) &&
          (!needle ||
            f.name.toLowerCase().includes(needle) ||
            f.file.toLowerCase().includes(needle)),
      )
    list.sort((a, b) => {
      const x = key(a.f)
      const y = key(b.f)
      return typeof x === 'string' ? (x < (y as string) ? -1 : 1) : (y as number) - x
    })
    return list
  }, [view, sort, search, hideInternal])
  const head = (k: SortKey, label: string, num = true): React.JSX.Element => (
    <th
      className={num ? 'num' : ''}
      aria-sort={sort === k ? (k === 'name' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" className="th-button" onClick={() => setSort(k)}>
        {label}
        {sort === k ? (k === 'name' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  )
  return (
    <div className="profile-functions">
      <div className="toolbar">
        <input
          className="filter"
          type="search"
          placeholder={t('profiles.search')}
          aria-label={t('profiles.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <label className="inline muted">
          <input
            type="checkbox"
            checked={hideInternal}
            onChange={(e) => setHideInternal(e.target.checked)}
          />{' '}
          {t('profiles.hideInternal')}
        </label>
        <span className="spacer" />
        <span className="muted small">
          {rows.length > MAX_ROWS
            ? t('profiles.rowsCut', { n: MAX_ROWS, total: rows.length })
            : t('profiles.rows', { n: rows.length })}
        </span>
      </div>
      <div className="table-scroll">
        <table className="table compact" data-testid="profile-functions">
          <thead>
            <tr>
              {head('self', t('profiles.col.self'))}
              <th className="num">%</th>
              {head('inclusive', t('profiles.col.inclusive'))}
              <th className="num">%</th>
              {head('calls', t('profiles.col.calls'))}
              {hasMemory && head('selfMem', t('profiles.col.selfMem'))}
              {hasMemory && head('inclusiveMem', t('profiles.col.inclusiveMem'))}
              {head('name', t('profiles.col.function'), false)}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map(({ f, i }) => (
              <tr
                key={i}
                className={selected === i ? 'selected' : ''}
                onClick={() => onSelect(i)}
                onDoubleClick={() => onOpen(i)}
                aria-selected={selected === i}
              >
                <td className="num">{time(f.self[0] ?? 0)}</td>
                <td className="num muted">{pct(f.self[0] ?? 0, total)}</td>
                <td className="num">{time(f.inclusive[0] ?? 0)}</td>
                <td className="num muted">{pct(f.inclusive[0] ?? 0, total)}</td>
                <td className="num">{f.calls.toLocaleString(locale)}</td>
                {hasMemory && <td className="num">{memory(f.self[1] ?? 0)}</td>}
                {hasMemory && <td className="num">{memory(f.inclusive[1] ?? 0)}</td>}
                <td className="mono" title={`${f.file}${f.line ? `:${f.line}` : ''}`}>
                  {f.internal ? <span className="badge">php</span> : null} {f.name}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

/**
 * A profiled file's path as the jail shows it: PHP may run outside the chroot and write
 * `/srv/jails/site/var/www/site/x.php` for the jail's `/var/www/site/x.php`.
 */
export function jailPath(file: string, cmsRoot: string): string {
  if (file.startsWith(cmsRoot + '/')) return file
  const at = file.indexOf(cmsRoot + '/')
  return at > 0 ? file.slice(at) : file
}

/** Per line of a function, the cost of the calls it makes there (Xdebug gives call sites). */
function lineCosts(
  view: ProfileView,
  fn: number,
  show: (v: number) => string,
): Map<number, string> {
  const byLine = new Map<number, { cost: number; names: string[] }>()
  for (const e of view.edges) {
    if (e.caller !== fn || e.line <= 0) continue
    const at = byLine.get(e.line) ?? { cost: 0, names: [] }
    at.cost += e.cost[0] ?? 0
    at.names.push(view.functions[e.callee]!.name)
    byLine.set(e.line, at)
  }
  const notes = new Map<number, string>()
  for (const [line, { cost, names }] of byLine) {
    notes.set(line, `${show(cost)} · ${names.slice(0, 2).join(', ')}${names.length > 2 ? '…' : ''}`)
  }
  return notes
}

function pct(v: number, total: number): string {
  return `${((v / total) * 100).toFixed(1)}%`
}

/** Callers and callees of the selected function, with breadcrumbs of the way there. */
function CallPanel({
  view,
  trail,
  onNavigate,
  onTrail,
  onSource,
  onFlame,
}: {
  view: ProfileView
  trail: number[]
  onNavigate(fn: number): void
  onTrail(index: number): void
  onSource(fn: number): void
  onFlame(): void
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const fn = trail[trail.length - 1]!
  const f = view.functions[fn]!
  const time = costFormatter(view, 0, locale)
  const callers = view.edges.filter((e) => e.callee === fn && e.caller !== fn)
  const callees = view.edges.filter((e) => e.caller === fn && e.callee !== fn)
  const recursive = view.edges.find((e) => e.caller === fn && e.callee === fn)
  const byCost = (a: { cost: number[] }, b: { cost: number[] }): number =>
    (b.cost[0] ?? 0) - (a.cost[0] ?? 0)
  const list = (
    title: string,
    edges: typeof callers,
    other: 'caller' | 'callee',
    base: number,
  ): React.JSX.Element => (
    <section className="agg" aria-label={title}>
      <h3>{title}</h3>
      {edges.length === 0 ? (
        <div className="muted small">{t('profiles.calls.none')}</div>
      ) : (
        <table className="table compact">
          <tbody>
            {[...edges].sort(byCost).map((e) => {
              const g = view.functions[e[other]]!
              return (
                <tr
                  key={e[other]}
                  className="clickable"
                  onDoubleClick={() => onNavigate(e[other])}
                  onKeyDown={(k) => k.key === 'Enter' && onNavigate(e[other])}
                  tabIndex={0}
                  title={t('profiles.calls.navigate')}
                >
                  <td className="num">{time(e.cost[0] ?? 0)}</td>
                  <td className="num muted">{pct(e.cost[0] ?? 0, Math.max(1, base))}</td>
                  <td className="num muted">×{e.calls.toLocaleString(locale)}</td>
                  <td className="mono">{g.name}</td>
                  {other === 'callee' && (
                    <td className="num muted" title={t('profiles.calls.line')}>
                      {e.line > 0 ? `:${e.line}` : ''}
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
  return (
    <div className="call-panel" data-testid="call-panel">
      <nav className="breadcrumbs" aria-label={t('profiles.trail')}>
        {trail.map((x, i) => (
          <span key={`${x}-${i}`}>
            {i > 0 && <span className="muted"> › </span>}
            <button type="button" className="link" onClick={() => onTrail(i)}>
              {view.functions[x]!.name}
            </button>
          </span>
        ))}
      </nav>
      <div className="toolbar">
        <div className="fn-head">
          <span className="mono">{f.name}</span>
          <span className="muted small ellipsis">
            {f.file}
            {f.line ? `:${f.line}` : ''} · {t('profiles.col.self')} {time(f.self[0] ?? 0)} ·{' '}
            {t('profiles.col.inclusive')} {time(f.inclusive[0] ?? 0)}
            {recursive ? ` · ${t('profiles.recursive', { n: recursive.calls })}` : ''}
          </span>
        </div>
        <span className="spacer" />
        {!f.internal && f.line > 0 && (
          <button type="button" className="ghost" onClick={() => onSource(fn)}>
            {t('slow.openSource')}
          </button>
        )}
        <button type="button" className="ghost" onClick={onFlame}>
          {t('profiles.showInFlame')}
        </button>
      </div>
      <div className="call-lists">
        {list(t('profiles.callers'), callers, 'caller', f.inclusive[0] ?? 0)}
        {list(t('profiles.callees'), callees, 'callee', f.inclusive[0] ?? 0)}
      </div>
    </div>
  )
}

function FlameTab({
  view,
  selectedName,
  onPick,
}: {
  view: ProfileView
  selectedName: string
  onPick(fn: number): void
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const [search, setSearch] = useState(selectedName)
  const time = costFormatter(view, 0, locale)
  return (
    <div className="column">
      <div className="toolbar">
        <input
          className="filter"
          type="search"
          placeholder={t('slow.search')}
          aria-label={t('slow.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <span className="muted small">
          {view.flameExact
            ? t('profiles.flame.exact', { share: (view.flameMinShare * 100).toFixed(2) })
            : t('profiles.flame.edges', { why: view.treeIssue ?? '' })}
        </span>
      </div>
      <FlameGraph
        root={view.flame}
        search={search}
        label={t('profiles.flame.root')}
        format={time}
        hot
        onPick={(node) => node.fn !== undefined && onPick(node.fn)}
      />
    </div>
  )
}

/** Before/after: per function deltas of self time, the biggest changes first. */
function Compare({
  server,
  view,
  file,
  others,
}: {
  server: ServerInfo
  view: ProfileView
  file: ProfileFile
  others: ProfileFile[]
}): React.JSX.Element {
  const api = useApi()
  const { t, locale } = useI18n()
  // Another profile of the same script first: the usual before/after.
  const candidates = others
    .filter((o) => o.path !== file.path)
    .sort((a, b) => Number(b.cmd === file.cmd) - Number(a.cmd === file.cmd))
  const [other, setOther] = useState<string>(candidates[0]?.path ?? '')
  const [base, setBase] = useState<ProfileView | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!other) return
    setBase(null)
    setError(null)
    void api.call('profiles:open', { server: server.id, path: other }).then((r) => {
      if (r.ok) setBase(r.value)
      else setError(r.error.message)
    })
  }, [api, server.id, other])
  const time = costFormatter(view, 0, locale)
  const rows = useMemo(() => (base ? compareProfiles(base, view) : []), [base, view])
  if (candidates.length === 0) return <div className="empty">{t('profiles.compare.none')}</div>
  return (
    <div className="column">
      <div className="toolbar">
        <label className="inline">
          {t('profiles.compare.before')}{' '}
          <select
            className="compare-select"
            value={other}
            onChange={(e) => setOther(e.target.value)}
          >
            {candidates.map((c) => (
              <option key={c.path} value={c.path}>
                {c.cmd} — {c.name}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">{t('profiles.compare.after', { name: file.name })}</span>
      </div>
      {error && <ErrorBanner message={error} />}
      {!base && !error && <div className="empty">{t('common.loading')}</div>}
      {base && (
        <>
          <div className="stats">
            {t('profiles.compare.totals', {
              before: time(base.totals[0] ?? 0),
              after: time(view.totals[0] ?? 0),
            })}
          </div>
          <div className="table-scroll">
            <table className="table compact" data-testid="profile-compare">
              <thead>
                <tr>
                  <th className="num">{t('profiles.compare.delta')}</th>
                  <th className="num">{t('profiles.compare.before')}</th>
                  <th className="num">{t('profiles.compare.afterCol')}</th>
                  <th>{t('profiles.col.function')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, MAX_ROWS).map((r) => (
                  <tr key={r.key}>
                    <td className={`num ${r.delta > 0 ? 'worse' : 'better'}`}>
                      {r.delta > 0 ? '+' : '−'}
                      {time(Math.abs(r.delta))}
                    </td>
                    <td className="num">{r.before === null ? '—' : time(r.before)}</td>
                    <td className="num">{r.after === null ? '—' : time(r.after)}</td>
                    <td className="mono">{r.name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  )
}
