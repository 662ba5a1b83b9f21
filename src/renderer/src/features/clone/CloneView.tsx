import { useEffect, useState } from 'react'
import type { CloneRunRequest, CloneStep, ServerInfo } from '../../../../shared/api'
import type { CloneAnalysis, UrlRewritePlan, VerifyReport } from '../../../../shared/clone'
import { useApi, useCall } from '../../api/context'
import { useJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { formatBytes, useI18n, type Translate } from '../../i18n'

type DbChoice = 'none' | 'dump' | 'mysql'

/** The clone wizard: analyse, choose where, copy (resumable), verify; reports kept. */
export function CloneView({ server }: { server: ServerInfo }): React.JSX.Element {
  const api = useApi()
  const { t, locale } = useI18n()
  const [to, setTo] = useState('')
  const [toServer, setToServer] = useState('')
  const [servers] = useCall('servers:list', {}, 'servers')
  const [urlFrom, setUrlFrom] = useState(server.productionUrl ?? '')
  const [urlTo, setUrlTo] = useState('')
  const [plan, setPlan] = useState<UrlRewritePlan | null>(null)
  const [db, setDb] = useState<DbChoice>('dump')
  const [dbUrl, setDbUrl] = useState('')
  const [dbDump, setDbDump] = useState('')
  const [excludeImages, setExcludeImages] = useState(false)
  const [bwlimit, setBwlimit] = useState('')
  const [analysis, setAnalysis] = useState<CloneAnalysis | null>(null)
  const [verify, setVerify] = useState<VerifyReport | null>(null)
  const [busy, setBusy] = useState<'analyse' | 'verify' | null>(null)
  const [error, setError] = useState<string | null>(null)
  /** A non-empty destination the service refused: replaced only once the user types its name. */
  const [nonEmpty, setNonEmpty] = useState<{ path: string; message: string } | null>(null)
  const [typed, setTyped] = useState('')
  const [job, setJob] = useState<string | null>(null)
  const run = useJob(job, 'clone:run')
  const [reports, reloadReports] = useCall('clone:reports', { server: server.id }, server.id)
  const running = job !== null && run.state === 'running'

  useEffect(() => {
    if (run.state === 'done') reloadReports()
  }, [run.state, reloadReports])

  if (server.kind !== 'ssh') return <div className="empty">{t('clone.demo')}</div>

  const target = servers.status === 'ok' ? servers.value.find((x) => x.id === toServer) : undefined
  const request = (): CloneRunRequest => ({
    server: server.id,
    ...(to.trim() ? { to: to.trim() } : {}),
    ...(target ? { toServer: target.id } : {}),
    ...(db === 'mysql' && dbUrl.trim() ? { dbUrl: dbUrl.trim() } : {}),
    ...(db === 'dump' && dbDump.trim() ? { dbDump: dbDump.trim() } : {}),
    ...(excludeImages ? { excludeImages: true } : {}),
    ...(Number(bwlimit) > 0 ? { bwlimitKBps: Number(bwlimit) } : {}),
  })
  const analyse = async (): Promise<void> => {
    setBusy('analyse')
    setError(null)
    const r = await api.call('clone:analyse', { server: server.id, excludeImages })
    setBusy(null)
    if (r.ok) setAnalysis(r.value)
    else setError(r.error.message)
  }
  const start = async (forceIntoNonEmpty = false): Promise<void> => {
    setError(null)
    setVerify(null)
    setNonEmpty(null)
    setTyped('')
    if (db === 'dump' && !dbDump.trim()) return setError(t('clone.needDump'))
    if (db === 'mysql' && !dbUrl.trim()) return setError(t('clone.needUrl'))
    if (
      target?.role === 'production' &&
      !window.confirm(t('clone.confirmProduction', { name: target.name }))
    ) {
      return
    }
    setJob(null) // the previous run's lines go
    const r = await api.call('clone:run', {
      ...request(),
      ...(target?.role === 'production' ? { confirmProduction: true } : {}),
      ...(forceIntoNonEmpty ? { forceIntoNonEmpty: true } : {}),
    })
    if (r.ok) {
      setJob(r.value.job)
      if (!target) setTo(r.value.to)
    } else if (r.error.code === 'CONFIRM_REQUIRED' && r.error.details?.confirm === 'non-empty') {
      setNonEmpty({ path: r.error.details.path ?? '', message: r.error.message })
    } else setError(r.error.message)
  }
  const check = async (): Promise<void> => {
    setBusy('verify')
    setError(null)
    const r = await api.call('clone:verify', request())
    setBusy(null)
    if (r.ok) setVerify(r.value)
    else setError(r.error.message)
  }

  const rewrite = async (apply: boolean): Promise<void> => {
    setError(null)
    if (!dbUrl.trim() || !urlFrom.trim() || !urlTo.trim()) return setError(t('clone.url.need'))
    const r = await api.call('clone:rewrite-url', {
      dbUrl: dbUrl.trim(),
      from: urlFrom.trim(),
      to: urlTo.trim(),
      apply,
    })
    if (r.ok) setPlan(r.value)
    else setError(r.error.message)
  }

  const latest = reports.status === 'ok' ? reports.value[0] : undefined
  const others =
    servers.status === 'ok'
      ? servers.value.filter((x) => x.kind === 'ssh' && x.id !== server.id)
      : []
  return (
    <div className="column clone">
      <h2 className="pane-title">{t('clone.title', { name: server.name })}</h2>
      <p className="muted clone-intro">{t('clone.intro', { root: server.cmsRoot })}</p>
      <form
        className="clone-form"
        onSubmit={(e) => {
          e.preventDefault()
          void start()
        }}
      >
        {others.length > 0 && (
          <label>
            {t('clone.toServer')}
            <select value={toServer} onChange={(e) => setToServer(e.target.value)}>
              <option value="">{t('clone.toLocal')}</option>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.role})
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {target ? t('clone.toFolderOn', { name: target.name }) : t('clone.to')}
          <input
            value={to}
            onChange={(e) => setTo(e.target.value)}
            placeholder={target ? target.cmsRoot : t('clone.toDefault')}
          />
        </label>
        <fieldset>
          <legend>{t('clone.db')}</legend>
          {(['dump', 'mysql', 'none'] as const).map((c) => (
            <label key={c} className="inline">
              <input type="radio" name="db" checked={db === c} onChange={() => setDb(c)} />{' '}
              {t(`clone.db.${c}`)}
            </label>
          ))}
          {db === 'dump' && (
            <input
              aria-label={t('clone.db.dump')}
              value={dbDump}
              onChange={(e) => setDbDump(e.target.value)}
              placeholder="/home/me/site.sql.gz"
            />
          )}
          {db === 'mysql' && (
            <input
              type="password"
              aria-label={t('clone.db.mysql')}
              value={dbUrl}
              onChange={(e) => setDbUrl(e.target.value)}
              placeholder="mysql://USER:PASSWORD@127.0.0.1:3306/DATABASE"
            />
          )}
        </fieldset>
        <label className="inline">
          <input
            type="checkbox"
            checked={excludeImages}
            onChange={(e) => setExcludeImages(e.target.checked)}
          />{' '}
          {t('clone.excludeImages')}
        </label>
        <label className="inline">
          {t('clone.bwlimit')}{' '}
          <input
            className="narrow"
            inputMode="numeric"
            value={bwlimit}
            onChange={(e) => setBwlimit(e.target.value.replace(/\D/g, ''))}
            placeholder="KB/s"
          />
        </label>
        <div className="actions left">
          <button type="button" disabled={busy !== null || running} onClick={() => void analyse()}>
            {busy === 'analyse' ? t('clone.analysing') : t('clone.analyse')}
          </button>
          <button type="submit" className="primary" disabled={running}>
            {running ? t('clone.running') : t('clone.run')}
          </button>
          {running && (
            <button type="button" onClick={() => void api.call('jobs:cancel', { job: job! })}>
              {t('clone.stop')}
            </button>
          )}
          <button type="button" disabled={busy !== null || running} onClick={() => void check()}>
            {busy === 'verify' ? t('clone.verifying') : t('clone.verify')}
          </button>
        </div>
      </form>
      {error && <ErrorBanner message={error} />}
      {nonEmpty && (
        <form
          className="confirm-box"
          role="alertdialog"
          aria-label={t('clone.nonEmpty.title')}
          onSubmit={(e) => {
            e.preventDefault()
            if (typed === nonEmpty.path) void start(true)
          }}
        >
          <strong>{t('clone.nonEmpty.title')}</strong>
          <p>{nonEmpty.message}</p>
          <label>
            {t('clone.nonEmpty.type', { path: nonEmpty.path })}
            <input value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} />
          </label>
          <div className="actions left">
            <button type="submit" className="danger" disabled={typed !== nonEmpty.path}>
              {t('clone.nonEmpty.replace')}
            </button>
            <button type="button" onClick={() => setNonEmpty(null)}>
              {t('clone.nonEmpty.cancel')}
            </button>
          </div>
        </form>
      )}
      {analysis && (
        <section className="agg clone-analysis" data-testid="clone-analysis">
          <h3>{t('clone.analysis')}</h3>
          <p>
            {t('clone.analysis.files', {
              files: analysis.files.toLocaleString(locale),
              size: formatBytes(analysis.bytes, locale),
              cms: analysis.cms ?? t('clone.cms.unknown'),
            })}
          </p>
          <p className="muted small mono">
            {t('clone.skipped')} {analysis.excluded.join('  ')}
          </p>
          {analysis.database && (
            <table className="table compact">
              <caption>
                {t('clone.analysis.db', {
                  name: analysis.database.name,
                  n: analysis.database.tables.length,
                  size: formatBytes(
                    analysis.database.tables.reduce((s, x) => s + x.bytes, 0),
                    locale,
                  ),
                })}
              </caption>
              <tbody>
                {analysis.database.tables.slice(0, 8).map((x) => (
                  <tr key={x.name}>
                    <td className="mono">{x.name}</td>
                    <td className="num">≈{x.rows.toLocaleString(locale)}</td>
                    <td className="num">{formatBytes(x.bytes, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {job && (
        <section className="agg" data-testid="clone-run">
          <h3>{t('clone.progress')}</h3>
          {run.progress && run.state === 'running' && (
            <div className="progress-line">
              <progress max={100} value={run.progress.done} /> {run.progress.done}%{' '}
              <span className="muted">
                {t('clone.transfer', {
                  mb: (Number(run.progress.values?.bytes ?? 0) / 1048576).toFixed(1),
                  rate: run.progress.values?.rate ?? '',
                  eta: run.progress.values?.eta ?? '',
                })}
              </span>
            </div>
          )}
          <pre className="code small">{run.records.map((s) => cloneStepText(s, t)).join('\n')}</pre>
          {run.error && <ErrorBanner message={run.error.message} />}
          {run.state === 'cancelled' && <div className="muted">{t('clone.cancelled')}</div>}
        </section>
      )}
      {verify && (
        <section className="agg" data-testid="clone-verify">
          <h3>
            {verify.files.differences.length + verify.tables.differences.length === 0
              ? t('clone.verify.same')
              : t('clone.verify.differs')}
          </h3>
          <p>
            {t('clone.verify.files', {
              n: verify.files.checked,
              d: verify.files.differences.length,
            })}
            {' · '}
            {t('clone.verify.tables', {
              n: verify.tables.checked,
              d: verify.tables.differences.length,
            })}
          </p>
          <ul className="mono small">
            {[...verify.files.differences, ...verify.tables.differences].slice(0, 200).map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </section>
      )}
      {db === 'mysql' && (
        <section className="agg" data-testid="clone-url">
          <h3>{t('clone.url.title')}</h3>
          <div className="toolbar">
            <input
              aria-label={t('clone.url.from')}
              placeholder={t('clone.url.from')}
              value={urlFrom}
              onChange={(e) => setUrlFrom(e.target.value)}
            />
            <span>→</span>
            <input
              aria-label={t('clone.url.to')}
              placeholder={t('clone.url.to')}
              value={urlTo}
              onChange={(e) => setUrlTo(e.target.value)}
            />
            <button type="button" onClick={() => void rewrite(false)}>
              {t('clone.url.review')}
            </button>
            <button
              type="button"
              disabled={!plan || plan.applied || plan.columns.length === 0}
              onClick={() => void rewrite(true)}
            >
              {t('clone.url.apply')}
            </button>
          </div>
          {plan && (
            <>
              <p>
                {plan.applied
                  ? t('clone.url.applied', { n: plan.columns.reduce((n, c) => n + c.rows, 0) })
                  : t('clone.url.planned', { n: plan.columns.reduce((n, c) => n + c.rows, 0) })}
              </p>
              <table className="table compact">
                <tbody>
                  {plan.columns.map((c) => (
                    <tr key={`${c.table}.${c.column}`}>
                      <td className="mono">
                        {c.table}.{c.column}
                      </td>
                      <td className="num">{c.rows}</td>
                      <td className="mono small">
                        {c.sample ? `${c.sample.before} → ${c.sample.after}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {plan.notes.map((n) => (
                <p key={n} className="muted">
                  {n}
                </p>
              ))}
            </>
          )}
        </section>
      )}
      {latest && (
        <section className="agg" data-testid="clone-report">
          <h3>
            {t('clone.lastReport', { when: new Date(latest.startedAt).toLocaleString(locale) })}
          </h3>
          <p>
            {t('clone.report.files', {
              files: latest.files.files.toLocaleString(locale),
              size: formatBytes(latest.files.bytes, locale),
              sent: formatBytes(latest.files.transferred, locale),
              s: latest.files.seconds.toFixed(1),
              to: latest.to,
            })}
          </p>
          {latest.database && (
            <p>
              {t('clone.report.db', {
                n: latest.database.tables,
                size: formatBytes(latest.database.bytes, locale),
                into: latest.database.into,
                s: latest.database.seconds.toFixed(1),
              })}
            </p>
          )}
          {latest.database?.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          <p className="muted small mono">{latest.file}</p>
        </section>
      )}
    </div>
  )
}

/** A step of the clone job, in the user's language. */
function cloneStepText(s: CloneStep, t: Translate): string {
  switch (s.step) {
    case 'files':
      return t(s.dryRun ? 'clone.step.files.dry' : 'clone.step.files', { from: s.from, to: s.to })
    case 'push':
      return t('clone.step.push', { to: s.to })
    case 'database':
      return t('clone.step.database', { database: s.database, into: s.into })
    case 'table':
      return t('clone.step.table', { index: s.index, table: s.table })
    case 'done':
      return t('clone.step.done', { seconds: s.report.seconds.toFixed(1), file: s.file })
  }
}
