import { useClock } from '../../clock'
import { useEffect, useState } from 'react'
import type { ServerInfo } from '../../../../shared/api'
import type { ChangeEvent } from '../../../../core/binlog'
import type { CorrelatedRequests } from '../../../../shared/api'
import {
  reverseSql,
  reverseSqlOf,
  writerVerdict,
  type WriterEvidence,
} from '../../../../core/binlog'
import { useApi } from '../../api/context'
import { useI18n, type Translate } from '../../i18n'
import { useMoment } from '../../moment'
import { useRowLimit } from '../../components/RowLimit'

/** The web requests placed around an event: this many seconds either side. */
const WINDOW_SEC = 10

/** The reverse SQL of the picked events, newest undone first, in one transaction. */
export function SelectionUndo({ events }: { events: ChangeEvent[] }): React.JSX.Element {
  const { t } = useI18n()
  const { sql, skipped } = reverseSqlOf(events, (e) => e.columns)
  const unnamed = events.some((e) => e.rows.length > 0 && !e.columns)
  return (
    <section className="change-detail" data-testid="selection-undo">
      <h3>{t('binlogs.selection', { n: events.length })}</h3>
      {unnamed && <p className="warn-text">{t('binlogs.selection.unnamed')}</p>}
      {skipped > 0 && <p className="muted">{t('binlogs.selection.skipped', { n: skipped })}</p>}
      {sql.length > 0 && <UndoSql sql={sql} unnamed={unnamed} testId="selection-sql" />}
    </section>
  )
}

/**
 * Reverse SQL to copy. With column positions (`@3`) instead of names it cannot run as it is, and
 * a wrong guess of the names would write to the wrong columns: copying waits for the user to say
 * they will put the names in.
 */
function UndoSql({
  sql,
  unnamed,
  testId,
}: {
  sql: string[]
  unnamed: boolean
  testId: string
}): React.JSX.Element {
  const { t } = useI18n()
  const [understood, setUnderstood] = useState(false)
  return (
    <>
      <pre className="code restore" data-testid={testId}>
        {sql.join('\n')}
      </pre>
      {unnamed && (
        <div className="warn-box" role="alert" data-testid="undo-unnamed">
          <p>{t('binlogs.undo.unnamed')}</p>
          <label className="inline">
            <input
              type="checkbox"
              checked={understood}
              onChange={(e) => setUnderstood(e.target.checked)}
            />{' '}
            {t('binlogs.undo.understood')}
          </label>
        </div>
      )}
      <button
        type="button"
        disabled={unnamed && !understood}
        onClick={() => void navigator.clipboard?.writeText(sql.join('\n'))}
      >
        {t('binlogs.copy')}
      </button>
    </>
  )
}

export function EventDetail({
  server,
  event,
  onTransaction,
}: {
  server: ServerInfo
  event: ChangeEvent
  /** Searches every event of this event's transaction (by its GTID). */
  onTransaction?: (() => void) | undefined
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const clock = useClock()
  const { moment, setMoment, open: openSection } = useMoment()
  const columns = useColumnNames(server, event)
  const [around, setAround] = useState<CorrelatedRequests | null>(null)
  useEffect(() => {
    setAround(null)
    void api
      .call('binlog:correlate', { server: server.id, epoch: event.epoch, windowSec: WINDOW_SEC })
      .then((r) => r.ok && setAround(r.value))
  }, [api, server.id, event])
  const names = columns && columns.names.length > 0 ? columns.names : undefined
  const label = (key: string): string => {
    const n = /^@(\d+)$/.exec(key)
    const name = n && names ? names[Number(n[1]) - 1] : undefined
    return name ? `${key} ${name}` : key
  }
  const undo = reverseSql(event, names)
  const rowLimit = useRowLimit(event.rows, 50, 'binlog-rows-limit')
  return (
    <div className="change-detail" data-testid="binlog-detail">
      {event.committed && (
        <p className="muted mono" data-testid="binlog-committed">
          {t('binlogs.committed', { time: clock.format(Date.parse(event.committed)) })}
        </p>
      )}
      {event.sql && <pre className="code restore">{event.sql}</pre>}
      {onTransaction && (
        <button type="button" onClick={onTransaction}>
          {t('binlogs.transaction', { gtid: event.gtid ?? '' })}
        </button>
      )}
      {moment !== event.epoch * 1000 && (
        <button type="button" onClick={() => setMoment(event.epoch * 1000)}>
          {t('moment.set')}
        </button>
      )}
      {server.kind === 'ssh' && (
        <button
          type="button"
          onClick={() => {
            // The second before the event: the newest backups that do not hold it yet.
            setMoment(event.epoch * 1000 - 1000)
            openSection('backups')
          }}
        >
          {t('backups.restoreBefore')}
        </button>
      )}
      {columns && event.rows.length > 0 && (
        <p
          className={columns.source === 'live' ? 'warn-text' : 'muted'}
          data-testid="column-source"
        >
          {columns.source === 'binlog'
            ? t('binlogs.names.binlog')
            : columns.source === 'snapshot'
              ? t('binlogs.names.snapshot', {
                  time: clock.format(Date.parse(columns.takenAt!)),
                })
              : columns.source === 'live'
                ? t('binlogs.names.live')
                : t('binlogs.names.none')}
        </p>
      )}
      {rowLimit.shown.map((r, i) => {
        const keys = [...new Set([...Object.keys(r.before ?? {}), ...Object.keys(r.after ?? {})])]
        return (
          <table key={i} className="table compact rowimage">
            <thead>
              <tr>
                <th>{t('binlogs.column')}</th>
                <th>{t('schema.before')}</th>
                <th>{t('schema.after')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => {
                const b = r.before?.[k]
                const a = r.after?.[k]
                const changed = r.before !== null && r.after !== null && b !== a
                return (
                  <tr key={k} className={changed ? 'hl-warn' : ''}>
                    <td className="mono">{label(k)}</td>
                    <td className="mono">{r.before ? (b ?? 'NULL') : ''}</td>
                    <td className="mono">{r.after ? (a ?? 'NULL') : ''}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )
      })}
      {rowLimit.footer}
      <RequestsAround around={around} />
      {undo.length > 0 && (
        <>
          <h3>{t('binlogs.reverse')}</h3>
          <UndoSql
            sql={undo}
            unnamed={names === undefined && event.rows.length > 0}
            testId="reverse-sql"
          />
        </>
      )}
    </div>
  )
}

/** Seconds from the event: `−3 s`, `±0 s`, `+2 s`. */
export const fromEvent = (sec: number): string =>
  `${sec > 0 ? '+' : sec < 0 ? '−' : '±'}${Math.abs(sec)} s`

/** The verdict: the request most likely to have written the event, or a direct connection. */
function Verdict({ around }: { around: CorrelatedRequests }): React.JSX.Element {
  const { t } = useI18n()
  const v = writerVerdict(around, WINDOW_SEC)
  const confidence = t(`binlogs.confidence.${v.confidence}`)
  return (
    <div className={`verdict ${v.kind}`} data-testid="binlog-verdict" role="status">
      <p>
        <strong>
          {v.kind === 'request' && v.request
            ? t('binlogs.verdict.request', {
                method: v.request.method,
                path: v.request.path,
                offset: fromEvent(v.request.offsetSec),
              })
            : t('binlogs.verdict.direct')}
        </strong>{' '}
        <span className="muted">{t('binlogs.verdict.confidence', { confidence })}</span>
      </p>
      <ul className="small">
        {v.evidence.map((e, i) => (
          <li key={i}>{evidenceText(e, t)}</li>
        ))}
      </ul>
    </div>
  )
}

function evidenceText(e: WriterEvidence, t: Translate): string {
  switch (e.code) {
    case 'write-request':
      return t('binlogs.evidence.write', {
        method: e.method,
        path: e.path,
        offset: fromEvent(e.offsetSec),
      })
    case 'several-writes':
      return t('binlogs.evidence.several', { n: e.n })
    case 'only-reads':
      return t('binlogs.evidence.reads', { n: e.n })
    case 'slow-entry':
      return t('binlogs.evidence.slow', { script: e.script, offset: fromEvent(e.offsetSec) })
    case 'no-request':
      return t('binlogs.evidence.none', { window: e.windowSec })
    case 'logs-skipped':
      return t('binlogs.evidence.skipped', { logs: e.logs.join(', ') })
  }
}

/** The web requests and slow PHP entries within seconds of the event: which one made the change. */
function RequestsAround({ around }: { around: CorrelatedRequests | null }): React.JSX.Element {
  const { t } = useI18n()
  const limit = useRowLimit(around?.requests ?? [], 30, 'binlog-requests-limit')
  return (
    <>
      {around && (
        <section data-testid="binlog-requests">
          <Verdict around={around} />
          <h3>{t('binlogs.around', { n: around.requests.length })}</h3>
          {around.requests.length === 0 ? (
            <p className="muted">{t('binlogs.around.none')}</p>
          ) : (
            <table className="table compact">
              <tbody>
                {limit.shown.map((q) => (
                  <tr key={`${q.log}:${q.line}`} title={q.line}>
                    <td className="num">{fromEvent(q.offsetSec)}</td>
                    <td className="mono">{q.method}</td>
                    <td className="mono">{q.path}</td>
                    <td className="num">{q.status}</td>
                    <td className="num muted">
                      {q.durationMs !== undefined ? `${Math.round(q.durationMs)} ms` : ''}
                      {q.termination && q.termination !== '----' ? ` ${q.termination}` : ''}
                    </td>
                    <td className="mono muted">{q.ip}</td>
                    <td className="mono muted">{q.log}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {limit.footer}
          {around.slow.length > 0 && (
            <>
              <h3>{t('binlogs.around.slow', { n: around.slow.length })}</h3>
              <table className="table compact" data-testid="binlog-slow">
                <tbody>
                  {around.slow.map((e) => (
                    <tr key={`${e.log}:${e.time}:${e.pid}`}>
                      <td className="num">{fromEvent(e.offsetSec)}</td>
                      <td className="mono">{e.script}</td>
                      <td className="mono muted">
                        [{e.pool}] pid {e.pid}
                      </td>
                      <td className="mono muted">{e.top ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {around.skipped.length > 0 && (
            <p className="muted small">
              {t('binlogs.around.skipped', { logs: around.skipped.join(', ') })}
            </p>
          )}
        </section>
      )}
    </>
  )
}

type ColumnNames = {
  names: string[]
  source: 'binlog' | 'snapshot' | 'live' | 'none'
  takenAt?: string
}

/** The names of the event's `@N` columns: from the binlog, a snapshot taken before it, or live. */
function useColumnNames(server: ServerInfo, event: ChangeEvent): ColumnNames | null {
  const api = useApi()
  const [columns, setColumns] = useState<ColumnNames | null>(null)
  useEffect(() => {
    setColumns(null)
    if (!event.db || !event.table || event.rows.length === 0) return
    // The binlog named the columns itself (binlog_row_metadata=FULL): nothing to look up.
    if (event.columns) {
      setColumns({ names: event.columns, source: 'binlog' })
      return
    }
    void api
      .call('binlog:columns', {
        server: server.id,
        db: event.db,
        table: event.table,
        at: event.epoch,
      })
      .then((r) => r.ok && setColumns(r.value))
  }, [api, server.id, event])
  return columns
}
