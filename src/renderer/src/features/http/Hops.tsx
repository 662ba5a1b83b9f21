// A redirect trace's hops: status, URL, timings, who answered, and why.
import type { Hop } from '../../../../shared/http'
import { useI18n } from '../../i18n'

/** The hops of a trace: status, URL, timings, who answered, and why. */
export function HopsTable({ hops }: { hops: Hop[] }): React.JSX.Element {
  const { t } = useI18n()
  const ms = (v: number | null): string => (v === null ? '—' : `${Math.round(v)} ms`)
  return (
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
                <span className={`origin origin-${h.origin}`}>{t(`http.origin.${h.origin}`)}</span>
              )}
            </td>
            <td>
              <HopEvidence hop={h} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Why a hop is what it is: a leaked back end first, then the measures and headers. */
function HopEvidence({ hop }: { hop: Hop }): React.JSX.Element {
  return (
    <ul className="evidence">
      {hop.leak && (
        <li className="warn-text" data-testid="backend-leak">
          {hop.leak}
        </li>
      )}
      {hop.evidence.map((e, k) => (
        <li key={k}>{e}</li>
      ))}
      {hop.hsts && <li>HSTS: {hop.hsts}</li>}
    </ul>
  )
}
