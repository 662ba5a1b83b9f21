import { useState } from 'react'
import type { CallRequest, CallResult, ServerInfo } from '../../../../shared/api'
import type { GeoipAnswer, Hop } from '../../../../shared/http'
import { useApi } from '../../api/context'
import { useJob } from '../../api/use-job'
import { HopsTable } from './Hops'
import { RunOrCancel } from '../../components/RunOrCancel'
import { ErrorBanner } from '../../components/ErrorBanner'
import { PurgeRequest, WhitelistRequest } from './Requests'
import { SubTabs } from '../../components/SubTabs'
import { buildGeoipRules, lintGeoipRules } from '../../../../core/http'
import { useI18n } from '../../i18n'

/**
 * HTTP diagnosis: a URL's redirect chain, hop by hop (never auto-followed), each measured several
 * times, with who answered each redirect and why.
 */
type HttpTab = 'trace' | 'cache' | 'ban' | 'geoip'
const TABS: readonly HttpTab[] = ['trace', 'cache', 'ban', 'geoip']

export function HttpView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const [tab, setTab] = useState<HttpTab>('trace')
  return (
    <div className="column http-view">
      <SubTabs<HttpTab>
        tabs={TABS}
        value={tab}
        onChange={setTab}
        label={(x) => t(`http.tab.${x}`)}
      />
      {tab === 'trace' && <RedirectTracer server={server} />}
      {tab === 'cache' && <CacheCheck server={server} />}
      {tab === 'ban' && <BanCheckView server={server} />}
      {tab === 'geoip' && <GeoipRules server={server} />}
    </div>
  )
}

function RedirectTracer({ server }: { server: ServerInfo }): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [url, setUrl] = useState('')
  const [repeat, setRepeat] = useState(3)
  const [insecure, setInsecure] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // The trace runs as a job: its hops show as they are found, and it can be cancelled.
  const [job, setJob] = useState<string | null>(null)
  const run = useJob(job, 'http:trace')
  const busy = job !== null && run.state === 'running'
  const hops: Hop[] | null = job ? run.records : null
  // The preprod link is shown masked (its password never reaches the page).
  const site = server.preprodLink ?? server.productionUrl
  const trace = async (): Promise<void> => {
    setError(null)
    const r = await api.call('http:trace', {
      server: server.id,
      ...(url.trim() ? { url: url.trim() } : {}),
      repeat,
      insecure,
    })
    // A request refused before it starts keeps the previous result on screen.
    if (r.ok) setJob(r.value.job)
    else setError(r.error.message)
  }
  return (
    <>
      <p className="note">{t('http.note')}</p>
      <form
        className="finder"
        onSubmit={(e) => {
          e.preventDefault()
          void trace()
        }}
      >
        <input
          className="filter grow"
          placeholder={site ?? 'https://www.example.com/page'}
          aria-label={t('http.url')}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <label className="inline">
          {t('http.repeat')}
          <select
            aria-label={t('http.repeat')}
            value={repeat}
            onChange={(e) => setRepeat(Number(e.target.value))}
          >
            {[1, 3, 5, 9].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="inline" title={t('http.insecure.hint')}>
          <input
            type="checkbox"
            checked={insecure}
            onChange={(e) => setInsecure(e.target.checked)}
          />
          {t('http.insecure')}
        </label>
        <RunOrCancel
          job={job}
          running={busy}
          label={t('http.trace')}
          progress={t('http.tracing.hops', { n: run.records.length })}
          testId="trace-progress"
        />
      </form>
      {(error ?? run.error?.message) && <ErrorBanner message={(error ?? run.error?.message)!} />}
      {run.state === 'cancelled' && <p className="muted">{t('http.cancelled')}</p>}
      {hops && <HopsTable hops={hops} />}
    </>
  )
}

/** The GeoIP rules of the site's .htaccess: checked, and a builder for new ones. */
function GeoipRules({ server }: { server: ServerInfo }): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [action, setAction] = useState<'redirect' | 'block'>('redirect')
  const [countries, setCountries] = useState('')
  const [target, setTarget] = useState('')
  const [except, setExcept] = useState(false)
  const issues = text.trim() ? lintGeoipRules(text) : null
  let built: string | null = null
  let buildError: string | null = null
  if (countries.trim()) {
    try {
      built = buildGeoipRules({
        action,
        countries: countries.split(/[\s,;]+/),
        ...(target.trim() ? { target: target.trim() } : {}),
        except,
      })
    } catch (err) {
      buildError = (err as Error).message
    }
  }
  const load = async (): Promise<void> => {
    setError(null)
    const path = `${server.cmsRoot.replace(/\/$/, '')}/.htaccess`
    const r = await api.call('files:read', { server: server.id, path, start: 0, length: 1 << 20 })
    if (r.ok) setText(r.value.text)
    else setError(r.error.message)
  }
  return (
    <div className="geoip">
      <p className="note">{t('geoip.note')}</p>
      <section>
        <div className="toolbar">
          <h3>{t('geoip.lint')}</h3>
          <span className="spacer" />
          <button type="button" onClick={() => void load()}>
            {t('geoip.load', { path: `${server.cmsRoot}/.htaccess` })}
          </button>
        </div>
        {error && <ErrorBanner message={error} />}
        <textarea
          className="code-input"
          aria-label={t('geoip.rules')}
          placeholder={t('geoip.paste')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={10}
          spellCheck={false}
        />
        {issues && (
          <ul className="geoip-issues" data-testid="geoip-issues">
            {issues.length === 0 && <li className="muted">{t('geoip.clean')}</li>}
            {issues.map((i, k) => (
              <li key={k} className={i.severity === 'error' ? 'error-text' : 'warn-text'}>
                {t('geoip.at', { line: i.line })} {i.message}
                {i.fix && <pre className="code">{i.fix}</pre>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <GeoipLookup server={server} />
      <section>
        <h3>{t('geoip.builder')}</h3>
        <div className="finder">
          <select
            aria-label={t('geoip.action')}
            value={action}
            onChange={(e) => setAction(e.target.value as 'redirect' | 'block')}
          >
            <option value="redirect">{t('geoip.redirect')}</option>
            <option value="block">{t('geoip.block')}</option>
          </select>
          <label className="inline">
            <input type="checkbox" checked={except} onChange={(e) => setExcept(e.target.checked)} />
            {t('geoip.except')}
          </label>
          <input
            className="filter small"
            aria-label={t('geoip.countries')}
            placeholder={t('geoip.countries')}
            value={countries}
            onChange={(e) => setCountries(e.target.value)}
          />
          {action === 'redirect' && (
            <input
              className="filter grow"
              aria-label={t('geoip.target')}
              placeholder="https://uk.example.com/"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
            />
          )}
        </div>
        {buildError && <p className="warn-text">{buildError}</p>}
        {built && (
          <pre className="code" data-testid="geoip-built">
            {built}
          </pre>
        )}
      </section>
    </div>
  )
}

/** One API call made on demand: its result, or its error, and whether it is under way. */
function useAsked<K extends 'http:cache' | 'http:ban'>(
  name: K,
): {
  busy: boolean
  error: string | null
  result: CallResult<K> | null
  ask(req: CallRequest<K>): Promise<void>
} {
  const api = useApi()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<CallResult<K> | null>(null)
  const ask = async (req: CallRequest<K>): Promise<void> => {
    setBusy(true)
    setError(null)
    const r = await api.call(name, req)
    setBusy(false)
    if (r.ok) setResult(r.value)
    else setError(r.error.message)
  }
  return { busy, error, result, ask }
}

/** A URL field with the site's address as placeholder, and a submit button. */
function UrlForm({
  server,
  busy,
  label,
  action,
  onSubmit,
}: {
  server: ServerInfo
  busy: boolean
  label: string
  action: string
  onSubmit(url: string): void
}): React.JSX.Element {
  const { t } = useI18n()
  const [url, setUrl] = useState('')
  return (
    <form
      className="finder"
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit(url.trim())
      }}
    >
      <input
        className="filter grow"
        placeholder={server.preprodLink ?? server.productionUrl ?? 'https://www.example.com/page'}
        aria-label={label}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('http.tracing') : action}
      </button>
    </form>
  )
}

function CacheCheck({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const { busy, error, result, ask } = useAsked('http:cache')
  const run = (url: string): Promise<void> => ask({ server: server.id, ...(url ? { url } : {}) })
  return (
    <>
      <p className="note">{t('http.cache.note')}</p>
      <UrlForm
        server={server}
        busy={busy}
        label={t('http.cache.url')}
        action={t('http.cache.run')}
        onSubmit={(u) => void run(u)}
      />
      {error && <ErrorBanner message={error} />}
      {result && (
        <div className="pad" data-testid="cache-result">
          {result.media && (
            <p className="muted">{t('http.cache.media', { cdn: result.cdn ?? '—' })}</p>
          )}
          <ul className="verdicts">
            {result.verdicts.map((v, i) => (
              <li key={i}>
                <strong>{t(`http.cache.${v.kind}`)}</strong> — {v.why}
                <div className="muted">{v.next}</div>
              </li>
            ))}
          </ul>
          {result.verdicts.some((v) => v.kind === 'cdn' || v.kind === 'server-cache') && (
            <PurgeRequest server={server} diagnosis={result} />
          )}
          <table className="table compact" aria-label={t('http.cache.fetches')}>
            <tbody>
              {result.fetches.map((f) => (
                <tr key={f.variant}>
                  <td>{t(`http.cache.variant.${f.variant}`)}</td>
                  <td className="num">{f.status}</td>
                  <td className="mono">{f.hash.slice(0, 12)}</td>
                  <td className="num">{f.bytes}</td>
                  <td className="mono muted">
                    {[
                      f.headers['content-type'],
                      f.headers['cache-control'] && `Cache-Control: ${f.headers['cache-control']}`,
                      f.headers.age && `Age: ${f.headers.age}`,
                      f.headers['x-cache'] && `X-Cache: ${f.headers['x-cache']}`,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}

function BanCheckView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const { busy, error, result, ask } = useAsked('http:ban')
  const run = (url: string): Promise<void> => ask({ server: server.id, ...(url ? { url } : {}) })
  return (
    <>
      <p className="note">{t('http.ban.note')}</p>
      <UrlForm
        server={server}
        busy={busy}
        label={t('http.ban.url')}
        action={t('http.ban.run')}
        onSubmit={(u) => void run(u)}
      />
      {error && <ErrorBanner message={error} />}
      {result && (
        <div className="pad" data-testid="ban-result">
          <p className={result.verdict === 'banned' ? 'error-text' : ''}>
            <strong>{t(`http.ban.${result.verdict}`)}</strong> — {result.explanation}
          </p>
          <p className="muted">
            {t('http.ban.here')}: {result.local.status ?? result.local.error} ·{' '}
            {t('http.ban.server')}:{' '}
            {result.remote ? (result.remote.status ?? result.remote.error) : t('http.ban.noServer')}
          </p>
          {result.verdict === 'banned' && <WhitelistRequest server={server} check={result} />}
        </div>
      )}
    </>
  )
}

/** IP → country in the server's MaxMind database, as mod_maxminddb would see the visitor. */
function GeoipLookup({ server }: { server: ServerInfo }): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [ips, setIps] = useState('')
  const [path, setPath] = useState('/usr/share/GeoIP/GeoLite2-Country.mmdb')
  const [error, setError] = useState<string | null>(null)
  const [answers, setAnswers] = useState<GeoipAnswer[] | null>(null)
  const lookup = async (): Promise<void> => {
    setError(null)
    const list = ips.split(/[\s,;]+/).filter(Boolean)
    if (list.length === 0) return
    const r = await api.call('geoip:lookup', { server: server.id, ips: list, path })
    if (r.ok) setAnswers(r.value)
    else setError(r.error.message)
  }
  return (
    <section>
      <h3>{t('geoip.lookup')}</h3>
      <form
        className="finder"
        onSubmit={(e) => {
          e.preventDefault()
          void lookup()
        }}
      >
        <input
          className="filter small"
          aria-label={t('geoip.ips')}
          placeholder="203.0.113.7"
          value={ips}
          onChange={(e) => setIps(e.target.value)}
        />
        <input
          className="filter grow mono"
          aria-label={t('geoip.mmdb')}
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit">{t('geoip.lookup.run')}</button>
      </form>
      {error && <ErrorBanner message={error} />}
      {answers && (
        <table className="table compact" aria-label={t('geoip.lookup')}>
          <tbody>
            {answers.map((a) => (
              <tr key={a.ip}>
                <td className="mono">{a.ip}</td>
                <td>{a.country ?? '—'}</td>
                <td>{a.name ?? t('geoip.unknown')}</td>
                <td className="mono muted">{a.network ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
