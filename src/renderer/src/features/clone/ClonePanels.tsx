// The panels of the clone screen: the analysis, the running copy, the verification, the site URL
// rewrite and the last report.

import { useEffect, useRef } from 'react'
import { useClock } from '../../clock'
import type { CloneStep, Locale } from '../../../../shared/api'
import type {
  CloneAnalysis,
  CloneReport,
  UrlRewritePlan,
  VerifyReport,
} from '../../../../shared/clone'
import { type JobView } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useRowLimit } from '../../components/RowLimit'
import { formatBytes, formatNumber, useI18n, type Translate } from '../../i18n'
import { DbChoice } from './CloneView'

/** What a clone would copy: files, size, tables by size. */
export function AnalysisPanel({ analysis }: { analysis: CloneAnalysis | null }): React.JSX.Element {
  const { t, locale } = useI18n()
  const tables = useRowLimit(analysis?.database?.tables ?? [], 8, 'clone-tables-limit')
  return (
    <>
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
                {tables.shown.map((x) => (
                  <tr key={x.name}>
                    <td className="mono">{x.name}</td>
                    <td className="num">≈{x.rows.toLocaleString(locale)}</td>
                    <td className="num">{formatBytes(x.bytes, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {tables.footer}
        </section>
      )}
    </>
  )
}

/** The running clone: transfer progress and each step. */
export function RunPanel({
  job,
  run,
}: {
  job: string | null
  run: JobView<CloneStep>
}): React.JSX.Element {
  const { t, locale } = useI18n()
  // A copy started below the form: brought into view, where its progress is.
  const panel = useRef<HTMLElement>(null)
  useEffect(() => {
    if (job) panel.current?.scrollIntoView({ block: 'nearest' })
  }, [job])
  return (
    <>
      {job && (
        <section className="agg" data-testid="clone-run" ref={panel}>
          <h3>{t('clone.progress')}</h3>
          {run.progress && run.state === 'running' && (
            <div className="progress-line">
              <progress max={100} value={run.progress.done} /> {run.progress.done}%{' '}
              <span className="muted">
                {t('clone.transfer', {
                  mb: formatNumber(Number(run.progress.values?.bytes ?? 0) / 1048576, locale, 1),
                  rate: run.progress.values?.rate ?? '',
                  eta: run.progress.values?.eta ?? '',
                })}
              </span>
            </div>
          )}
          <pre className="code small">
            {run.records.map((s) => cloneStepText(s, t, locale)).join('\n')}
          </pre>
          {run.error && <ErrorBanner message={run.error.message} />}
          {run.state === 'cancelled' && <div className="muted">{t('clone.cancelled')}</div>}
        </section>
      )}
    </>
  )
}

/** The verification's verdict and the differences it found. */
export function VerifyPanel({ verify }: { verify: VerifyReport | null }): React.JSX.Element {
  const { t } = useI18n()
  const differences = useRowLimit(
    verify ? [...verify.files.differences, ...verify.tables.differences] : [],
    200,
    'clone-differences-limit',
  )
  return (
    <>
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
            {differences.shown.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
          {differences.footer}
        </section>
      )}
    </>
  )
}

/** The site URL in the copied database: reviewed first, written on request. */
export function UrlRewrite({
  db,
  urlFrom,
  setUrlFrom,
  urlTo,
  setUrlTo,
  rewrite,
  plan,
}: {
  db: DbChoice
  urlFrom: string
  setUrlFrom: React.Dispatch<React.SetStateAction<string>>
  urlTo: string
  setUrlTo: React.Dispatch<React.SetStateAction<string>>
  rewrite: (apply: boolean) => Promise<void>
  plan: UrlRewritePlan | null
}): React.JSX.Element {
  const { t } = useI18n()
  return (
    <>
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
    </>
  )
}

/** The last clone's report: when, what, how long. */
export function LatestReport({
  latest,
}: {
  latest: (CloneReport & { file: string }) | undefined
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const clock = useClock()
  return (
    <>
      {latest && (
        <section className="agg" data-testid="clone-report">
          <h3>{t('clone.lastReport', { when: clock.format(Date.parse(latest.startedAt)) })}</h3>
          <p>
            {t('clone.report.files', {
              files: latest.files.files.toLocaleString(locale),
              size: formatBytes(latest.files.bytes, locale),
              sent: formatBytes(latest.files.transferred, locale),
              s: formatNumber(latest.files.seconds, locale, 1),
              to: latest.to,
            })}
            {latest.files.compressed && <> {t('clone.report.compressed')}</>}
          </p>
          {latest.database && (
            <p>
              {t('clone.report.db', {
                n: latest.database.tables,
                size: formatBytes(latest.database.bytes, locale),
                into: latest.database.into,
                s: formatNumber(latest.database.seconds, locale, 1),
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
    </>
  )
}

/** A step of the clone job, in the user's language. */
export function cloneStepText(s: CloneStep, t: Translate, locale: Locale): string {
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
      return t('clone.step.done', {
        seconds: formatNumber(s.report.seconds, locale, 1),
        file: s.file,
      })
  }
}
