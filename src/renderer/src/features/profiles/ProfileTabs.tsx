// The flame graph of a profile, and its comparison with another profile of the same page.
import { useEffect, useMemo, useState } from 'react'
import type { ProfileFile, ServerInfo } from '../../../../shared/api'
import type { ProfileView } from '../../../../shared/profiles'
import { useApi } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FlameGraph } from '../../components/FlameGraph'
import { formatNumber, useI18n } from '../../i18n'
import { compareProfiles } from '../../../../core/profiles'
import { useRowLimit } from '../../components/RowLimit'
import { MAX_ROWS, costFormatter, shortScript } from './ProfilesView'
import { useClock } from '../../clock'

export function FlameTab({
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
            ? t('profiles.flame.exact', {
                share: formatNumber(view.flameMinShare * 100, locale, 2),
              })
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
export function Compare({
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
  const clock = useClock()
  // The usual before/after: the previous profile of the same request (else of the same script),
  // preselected; anything else is listed but chosen by the user.
  const candidates = others.filter((o) => o.path !== file.path)
  const [other, setOther] = useState<string>(() => previousProfile(file, candidates)?.path ?? '')
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
  const limit = useRowLimit(rows, MAX_ROWS, 'profile-compare-limit')
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
            {!other && <option value="">{t('profiles.compare.pick')}</option>}
            {candidates.map((c) => (
              <option key={c.path} value={c.path}>
                {c.request ?? shortScript(c.cmd)} — {clock.format(c.startedMs ?? c.mtimeMs)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          {t('profiles.compare.after', {
            name: `${file.request ?? shortScript(file.cmd)} — ${clock.format(file.startedMs ?? file.mtimeMs)}`,
          })}
        </span>
      </div>
      {error && <ErrorBanner message={error} />}
      {!other && <div className="empty">{t('profiles.compare.noSame')}</div>}
      {other && !base && !error && <div className="empty">{t('common.loading')}</div>}
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
                {limit.shown.map((r) => (
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
            {limit.footer}
          </div>
        </>
      )}
    </div>
  )
}

/** The newest profile older than `file` of the same request (or script, when names say none). */
export function previousProfile(file: ProfileFile, others: ProfileFile[]): ProfileFile | null {
  const when = (p: ProfileFile): number => p.startedMs ?? p.mtimeMs
  const same = (p: ProfileFile): boolean =>
    file.request !== undefined ? p.request === file.request : p.cmd === file.cmd
  const earlier = others.filter((p) => same(p) && when(p) <= when(file) && p.path !== file.path)
  earlier.sort((a, b) => when(b) - when(a))
  return earlier[0] ?? null
}
