import { useState } from 'react'
import type { ServerInfo } from '../../../shared/api'
import type { Hop } from '../../../shared/http-diagnosis'
import { useApi } from '../api/context'
import { ErrorBanner } from '../components/ErrorBanner'
import { useI18n } from '../i18n'

/**
 * HTTP diagnosis: a URL's redirect chain, hop by hop (never auto-followed), each measured several
 * times, with who answered each redirect and why.
 */
export function HttpView({ server }: { server: ServerInfo }): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [url, setUrl] = useState('')
  const [repeat, setRepeat] = useState(3)
  const [insecure, setInsecure] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [hops, setHops] = useState<Hop[] | null>(null)
  // The preprod link is shown masked (its password never reaches the page).
  const site = server.preprodLink ?? server.productionUrl
  const trace = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const r = await api.call('http:trace', {
      server: server.id,
      ...(url.trim() ? { url: url.trim() } : {}),
      repeat,
      insecure,
    })
    setBusy(false)
    if (r.ok) setHops(r.value)
    else setError(r.error.message)
  }
  const ms = (v: number | null): string => (v === null ? '—' : `${Math.round(v)} ms`)
  return (
    <div className="column http-view">
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
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('http.tracing') : t('http.trace')}
        </button>
      </form>
      {error && <ErrorBanner message={error} />}
      {hops && (
        <table className="table compact hops" aria-label={t('http.hops')}>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('http.status')}</th>
              <th>URL</th>
              <th className="num">TTFB</th>
              <th className="num">{t('http.total')}</th>
              <th className="num">DNS / TCP / TLS</th>
              <th>{t('http.origin')}</th>
              <th>{t('http.evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {hops.map((h, i) => (
              <tr key={i}>
                <td className="num">{i + 1}</td>
                <td className="num">{h.status}</td>
                <td className="mono">
                  {h.url}
                  {h.location && <div className="muted">→ {h.location}</div>}
                </td>
                <td className="num">{ms(h.ttfbMs)}</td>
                <td className="num">{ms(h.totalMs)}</td>
                <td className="num muted">
                  {ms(h.dnsMs)} / {ms(h.connectMs)} / {ms(h.tlsMs)}
                </td>
                <td>
                  {h.origin && (
                    <span className={`origin origin-${h.origin}`}>
                      {t(`http.origin.${h.origin}`)}
                    </span>
                  )}
                </td>
                <td>
                  <ul className="evidence">
                    {h.evidence.map((e, k) => (
                      <li key={k}>{e}</li>
                    ))}
                    {h.hsts && <li>HSTS: {h.hsts}</li>}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
