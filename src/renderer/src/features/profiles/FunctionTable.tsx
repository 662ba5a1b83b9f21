// The functions of a profile: a sortable table, and the panel of one function (callers, callees, lines).
import { useMemo, useState } from 'react'
import type { Locale } from '../../../../shared/api'
import type { ProfileFunctionRow, ProfileView } from '../../../../shared/profiles'
import { useRowLimit } from '../../components/RowLimit'
import { useSorted } from '../../components/sortable'
import { formatNumber, useI18n } from '../../i18n'
import { MAX_ROWS, costFormatter } from './ProfilesView'

export type SortKey = 'self' | 'inclusive' | 'calls' | 'name' | 'selfMem' | 'inclusiveMem'

type Row = { f: ProfileFunctionRow; i: number }
const FUNCTION_KEYS: Record<SortKey, (r: Row) => number | string> = {
  self: (r) => r.f.self[0] ?? 0,
  inclusive: (r) => r.f.inclusive[0] ?? 0,
  calls: (r) => r.f.calls,
  selfMem: (r) => r.f.self[1] ?? 0,
  inclusiveMem: (r) => r.f.inclusive[1] ?? 0,
  name: (r) => r.f.name,
}

export function FunctionTable({
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
  const [search, setSearch] = useState('')
  const [hideInternal, setHideInternal] = useState(false)
  const time = costFormatter(view, 0, locale)
  const hasMemory = view.events.length > 1
  const memory = costFormatter(view, 1, locale)
  const total = Math.max(1, view.totals[0] ?? 0)
  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase()
    return view.functions
      .map((f, i) => ({ f, i }))
      .filter(
        ({ f }) =>
          (!hideInternal || !f.internal) &&
          (!needle ||
            f.name.toLowerCase().includes(needle) ||
            f.file.toLowerCase().includes(needle)),
      )
  }, [view, search, hideInternal])
  const sorted = useSorted(filtered, FUNCTION_KEYS, 'self')
  const rows = sorted.rows
  const head = (k: SortKey, label: string, num = true): React.JSX.Element =>
    sorted.head(k, label, { num })
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
          {t('profiles.rows', { n: formatNumber(rows.length, locale) })}
        </span>
      </div>
      <FunctionRows
        head={head}
        hasMemory={hasMemory}
        rows={rows}
        selected={selected}
        onSelect={onSelect}
        onOpen={onOpen}
        time={time}
        total={total}
        memory={memory}
      />
    </div>
  )
}

/** The functions as a table, by the chosen cost. */
export function FunctionRows({
  head,
  hasMemory,
  rows,
  selected,
  onSelect,
  onOpen,
  time,
  total,
  memory,
}: {
  head: (k: SortKey, label: string, num?: boolean) => React.JSX.Element
  hasMemory: boolean
  rows: { f: ProfileFunctionRow; i: number }[]
  selected: number | null
  onSelect: (fn: number) => void
  onOpen: (fn: number) => void
  time: (v: number) => string
  total: number
  memory: (v: number) => string
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const limit = useRowLimit(rows, MAX_ROWS, 'profile-functions-limit')
  return (
    <>
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
            {limit.shown.map(({ f, i }) => (
              <tr
                key={i}
                className={selected === i ? 'selected' : ''}
                onClick={() => onSelect(i)}
                onDoubleClick={() => onOpen(i)}
                aria-selected={selected === i}
              >
                <td className="num">{time(f.self[0] ?? 0)}</td>
                <td className="num muted">{pct(f.self[0] ?? 0, total, locale)}</td>
                <td className="num">{time(f.inclusive[0] ?? 0)}</td>
                <td className="num muted">{pct(f.inclusive[0] ?? 0, total, locale)}</td>
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
        {limit.footer}
      </div>
    </>
  )
}

/** Per line of a function, the cost of the calls it makes there (Xdebug gives call sites). */
export function lineCosts(
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

export function pct(v: number, total: number, locale: Locale): string {
  return `${formatNumber((v / total) * 100, locale, 1)}%`
}

/** Callers and callees of the selected function, with breadcrumbs of the way there. */
export function CallPanel({
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
                  <td className="num muted">{pct(e.cost[0] ?? 0, Math.max(1, base), locale)}</td>
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
