import { useEffect, useState } from 'react'
import type { CloneRunRequest, ServerInfo } from '../../../../shared/api'
import type { CloneAnalysis, UrlRewritePlan, VerifyReport } from '../../../../shared/clone'
import { useApi, useCall } from '../../api/context'
import { useJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useI18n } from '../../i18n'
import { AnalysisPanel, LatestReport, RunPanel, UrlRewrite, VerifyPanel } from './ClonePanels'

export type DbChoice = 'none' | 'dump' | 'mysql'

/** The clone wizard: analyse, choose where, copy (resumable), verify; reports kept. */
export function CloneView({ server }: { server: ServerInfo }): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const f = useCloneForm(server)
  const [urlFrom, setUrlFrom] = useState(server.productionUrl ?? '')
  const [urlTo, setUrlTo] = useState('')
  const [plan, setPlan] = useState<UrlRewritePlan | null>(null)
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

  const analyse = async (): Promise<void> => {
    setBusy('analyse')
    setError(null)
    const r = await api.call('clone:analyse', { server: server.id, excludeImages: f.excludeImages })
    setBusy(null)
    if (r.ok) setAnalysis(r.value)
    else setError(r.error.message)
  }
  const start = async (forceIntoNonEmpty = false): Promise<void> => {
    setError(null)
    setVerify(null)
    setNonEmpty(null)
    setTyped('')
    if (f.db === 'dump' && !f.dbDump.trim()) return setError(t('clone.needDump'))
    if (f.db === 'mysql' && !f.dbUrl.trim()) return setError(t('clone.needUrl'))
    if (
      f.target?.role === 'production' &&
      !window.confirm(t('clone.confirmProduction', { name: f.target.name }))
    ) {
      return
    }
    setJob(null) // the previous run's lines go
    const r = await api.call('clone:run', {
      ...f.request(),
      ...(f.target?.role === 'production' ? { confirmProduction: true } : {}),
      ...(forceIntoNonEmpty ? { forceIntoNonEmpty: true } : {}),
    })
    if (r.ok) {
      setJob(r.value.job)
      if (!f.target) f.setTo(r.value.to)
    } else if (r.error.code === 'CONFIRM_REQUIRED' && r.error.details?.confirm === 'non-empty') {
      setNonEmpty({ path: r.error.details.path ?? '', message: r.error.message })
    } else setError(r.error.message)
  }
  const check = async (): Promise<void> => {
    setBusy('verify')
    setError(null)
    const r = await api.call('clone:verify', f.request())
    setBusy(null)
    if (r.ok) setVerify(r.value)
    else setError(r.error.message)
  }

  const rewrite = async (apply: boolean): Promise<void> => {
    setError(null)
    if (!f.dbUrl.trim() || !urlFrom.trim() || !urlTo.trim()) return setError(t('clone.url.need'))
    const r = await api.call('clone:rewrite-url', {
      dbUrl: f.dbUrl.trim(),
      from: urlFrom.trim(),
      to: urlTo.trim(),
      apply,
    })
    if (r.ok) setPlan(r.value)
    else setError(r.error.message)
  }

  const latest = reports.status === 'ok' ? reports.value[0] : undefined
  return (
    <div className="column clone">
      <h2 className="pane-title">{t('clone.title', { name: server.name })}</h2>
      <p className="muted clone-intro">{t('clone.intro', { root: server.cmsRoot })}</p>
      <CloneFormFields
        start={start}
        f={f}
        busy={busy}
        running={running}
        analyse={analyse}
        job={job}
        check={check}
      />
      {error && <ErrorBanner message={error} />}
      <NonEmptyConfirm
        nonEmpty={nonEmpty}
        typed={typed}
        start={start}
        setTyped={setTyped}
        setNonEmpty={setNonEmpty}
      />
      <AnalysisPanel analysis={analysis} />
      <RunPanel job={job} run={run} />
      <VerifyPanel verify={verify} />
      <UrlRewrite
        db={f.db}
        urlFrom={urlFrom}
        setUrlFrom={setUrlFrom}
        urlTo={urlTo}
        setUrlTo={setUrlTo}
        rewrite={rewrite}
        plan={plan}
      />
      <LatestReport latest={latest} />
    </div>
  )
}

/** A non-empty destination is replaced only once its path is typed. */
function NonEmptyConfirm({
  nonEmpty,
  typed,
  start,
  setTyped,
  setNonEmpty,
}: {
  nonEmpty: { path: string; message: string } | null
  typed: string
  start: (forceIntoNonEmpty?: boolean) => Promise<void>
  setTyped: React.Dispatch<React.SetStateAction<string>>
  setNonEmpty: React.Dispatch<React.SetStateAction<{ path: string; message: string } | null>>
}): React.JSX.Element {
  const { t } = useI18n()
  return (
    <>
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
    </>
  )
}

/** The clone form's fields, and the request they make. */
function useCloneForm(server: ServerInfo) {
  const [to, setTo] = useState('')
  const [toServer, setToServer] = useState('')
  const [servers] = useCall('servers:list', {}, 'servers')
  const [db, setDb] = useState<DbChoice>('dump')
  const [dbUrl, setDbUrl] = useState('')
  const [dbDump, setDbDump] = useState('')
  const [excludeImages, setExcludeImages] = useState(false)
  const [bwlimit, setBwlimit] = useState('')
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
  const others =
    servers.status === 'ok'
      ? servers.value.filter((x) => x.kind === 'ssh' && x.id !== server.id)
      : []
  return {
    to,
    setTo,
    toServer,
    setToServer,
    servers,
    db,
    setDb,
    dbUrl,
    setDbUrl,
    dbDump,
    setDbDump,
    excludeImages,
    setExcludeImages,
    bwlimit,
    setBwlimit,
    target,
    others,
    request,
  }
}

type CloneFormState = ReturnType<typeof useCloneForm>

/** Where to, which database, what to leave out, how fast; then analyse, copy or verify. */
function CloneFormFields({
  start,
  f,
  busy,
  running,
  analyse,
  job,
  check,
}: {
  start: (forceIntoNonEmpty?: boolean) => Promise<void>
  f: CloneFormState
  busy: 'analyse' | 'verify' | null
  running: boolean
  analyse: () => Promise<void>
  job: string | null
  check: () => Promise<void>
}): React.JSX.Element {
  const { t } = useI18n()
  const api = useApi()
  return (
    <>
      <form
        className="clone-form"
        onSubmit={(e) => {
          e.preventDefault()
          void start()
        }}
      >
        {f.others.length > 0 && (
          <label>
            {t('clone.toServer')}
            <select value={f.toServer} onChange={(e) => f.setToServer(e.target.value)}>
              <option value="">{t('clone.toLocal')}</option>
              {f.others.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.role})
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {f.target ? t('clone.toFolderOn', { name: f.target.name }) : t('clone.to')}
          <input
            value={f.to}
            onChange={(e) => f.setTo(e.target.value)}
            placeholder={f.target ? f.target.cmsRoot : t('clone.toDefault')}
          />
        </label>
        <fieldset>
          <legend>{t('clone.db')}</legend>
          {(['dump', 'mysql', 'none'] as const).map((c) => (
            <label key={c} className="inline">
              <input type="radio" name="db" checked={f.db === c} onChange={() => f.setDb(c)} />{' '}
              {t(`clone.db.${c}`)}
            </label>
          ))}
          {f.db === 'dump' && (
            <input
              aria-label={t('clone.db.dump')}
              value={f.dbDump}
              onChange={(e) => f.setDbDump(e.target.value)}
              placeholder="/home/me/site.sql.gz"
            />
          )}
          {f.db === 'mysql' && (
            <input
              type="password"
              aria-label={t('clone.db.mysql')}
              value={f.dbUrl}
              onChange={(e) => f.setDbUrl(e.target.value)}
              placeholder="mysql://USER:PASSWORD@127.0.0.1:3306/DATABASE"
            />
          )}
        </fieldset>
        <label className="inline">
          <input
            type="checkbox"
            checked={f.excludeImages}
            onChange={(e) => f.setExcludeImages(e.target.checked)}
          />{' '}
          {t('clone.excludeImages')}
        </label>
        <label className="inline">
          {t('clone.bwlimit')}{' '}
          <input
            className="narrow"
            inputMode="numeric"
            value={f.bwlimit}
            onChange={(e) => f.setBwlimit(e.target.value.replace(/\D/g, ''))}
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
    </>
  )
}
