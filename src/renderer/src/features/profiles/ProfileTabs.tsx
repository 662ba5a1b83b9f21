// The flame graph of a profile, and its comparison with another profile of the same page.
import { useEffect, useMemo, useState } from 'react'
import type { ProfileFile, ServerInfo } from '../../../../shared/api'
import type { ProfileView } from '../../../../shared/profiles'
import { useApi } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { FlameGraph } from '../../components/FlameGraph'
import { useI18n } from '../../i18n'
import { compareProfiles } from '../../../../core/profiles'
import { MAX_ROWS, costFormatter } from './ProfilesView'

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
