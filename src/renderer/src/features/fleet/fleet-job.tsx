// What the fleet's searches share: a job across the servers (started, followed, cancelled), its
// span ending now, and a line per server that failed, was cut or has something to say.
import { useState } from 'react'
import { formatInstant } from '../../../../core/text'
import { useStartedJob, type StartedJob } from '../../api/use-job'
import { formatNumber, useI18n, type MessageKey } from '../../i18n'

/** Spans a fleet search covers (minutes). */
export const SPANS = [15, 60, 360, 1440, 10_080] as const
export type Span = (typeof SPANS)[number]
export const SPAN_KEYS: Record<Span, MessageKey> = {
  15: 'fleet.span.15m',
  60: 'fleet.span.1h',
  360: 'fleet.span.6h',
  1440: 'fleet.span.24h',
  10_080: 'fleet.span.7d',
}

/** Servers' times differ in zone: the fleet writes every time in UTC, and says so. */
export const inUtc = (ms: number, precision: 'minute' | 'second' = 'second'): string =>
  formatInstant(ms, { mode: 'utc', name: null, fixedMin: 0 }, precision)

type Query = 'fleet:grep' | 'fleet:binlog'

/** A fleet query as a job: its results (one per server) as they come, and the servers asked. */
export function useFleetJob<Q extends Query>(call: Q): StartedJob<Q> & { servers: string[] } {
  const s = useStartedJob(call)
  return { ...s, servers: s.started?.servers ?? [] }
}

interface Outcome {
  server: string
  ok: boolean
  error?: string
  total: number
  kept: number
  notes: string[]
}

/** Each server that failed, kept part of its matches or has a note: said, one line each. */
export function ServerOutcomes({
  outcomes,
  asked,
  unit,
}: {
  outcomes: Outcome[]
  asked: string[]
  unit: MessageKey
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const failed = outcomes.filter((o) => !o.ok).length
  const said = outcomes.filter((o) => !o.ok || o.total > o.kept || o.notes.length > 0)
  const found = outcomes.reduce((a, o) => a + o.total, 0)
  return (
    <div className="fleet-outcomes" data-testid="fleet-outcomes">
      <p className="muted small" role="status">
        {t('fleet.answered', {
          found: formatNumber(found, locale),
          unit: t(unit),
          done: outcomes.length - failed,
          total: asked.length,
        })}
        {failed > 0 && <span className="error-text"> · {t('fleet.failed', { n: failed })}</span>}
      </p>
      {said.length > 0 && (
        <ul className="small fleet-notes">
          {said
            .sort((a, b) => a.server.localeCompare(b.server))
            .map((o) => (
              <li key={o.server} className={o.ok ? 'muted' : 'error-text'}>
                <strong>{o.server}</strong>:{' '}
                {!o.ok
                  ? o.error
                  : [
                      ...(o.total > o.kept
                        ? [
                            t('fleet.kept', {
                              n: formatNumber(o.kept, locale),
                              total: formatNumber(o.total, locale),
                            }),
                          ]
                        : []),
                      ...o.notes,
                    ].join(' ')}
              </li>
            ))}
        </ul>
      )}
    </div>
  )
}

/** The span a fleet search covers: so many minutes, ending now or at a time typed (UTC). */
export interface SpanChoice {
  span: Span
  setSpan(span: Span): void
  /** `YYYY-MM-DDTHH:MM` in UTC, or '' for now. */
  end: string
  setEnd(end: string): void
  /** The span in epoch ms, as of now. */
  range(): { from: number; to: number }
}

export function useSpan(): SpanChoice {
  const [span, setSpan] = useState<Span>(60)
  const [end, setEnd] = useState('')
  return {
    span,
    setSpan,
    end,
    setEnd,
    range: () => {
      const typed = end ? Date.parse(`${end}Z`) : NaN
      const to = Number.isFinite(typed) ? typed : Date.now()
      return { from: to - span * 60_000, to }
    },
  }
}

/** The span's choice: how long, ending when. */
export function SpanSelect({ choice }: { choice: SpanChoice }): React.JSX.Element {
  const { t } = useI18n()
  return (
    <>
      <select
        value={choice.span}
        onChange={(e) => choice.setSpan(Number(e.target.value) as Span)}
        aria-label={t('fleet.span')}
      >
        {SPANS.map((s) => (
          <option key={s} value={s}>
            {t(SPAN_KEYS[s])}
          </option>
        ))}
      </select>
      <label className="small">
        {t('fleet.span.end')}{' '}
        <input
          type="datetime-local"
          value={choice.end}
          onChange={(e) => choice.setEnd(e.target.value)}
          aria-label={t('fleet.span.end')}
        />
      </label>
    </>
  )
}
