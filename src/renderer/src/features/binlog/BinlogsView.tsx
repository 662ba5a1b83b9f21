import { useEffect, useState } from 'react'
import type { CallRequest, ServerInfo } from '../../../../shared/api'
import type { ChangeEvent } from '../../../../core/binlog'
import type { CorrelatedRequests } from '../../../../shared/api'
import { reverseSql, reverseSqlOf } from '../../../../core/binlog'
import { useApi, useCall } from '../../api/context'
import { useJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loadable } from '../../components/Loadable'
import { formatBytes, formatTime, useI18n } from '../../i18n'
import { useMoment } from '../../moment'

/** Seconds from the event: `−3 s`, `±0 s`, `+2 s`. */
const fromEvent = (sec: number): string =>
  `${sec > 0 ? '+' : sec < 0 ? '−' : '±'}${Math.abs(sec)} s`

/** Epoch seconds → `2026-11-28 13:20:06` (UTC, as mysqlbinlog run with TZ=UTC prints it). */
const utc = (epoch: number): string =>
  new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ')
const TYPES = ['update', 'delete', 'insert', 'ddl'] as const

/** Which statement changed this data, when, from which connection, and what the rows were before. */
export function BinlogsView({ server }: { server: ServerInfo }): React.JSX.Element {
  const api = useApi()
  const { t, locale } = useI18n()
  const [state, reload] = useCall('binlog:list', { server: server.id }, server.id)
  const [zone] = useCall('binlog:zone', { server: server.id }, server.id)
  const offsetMin = zone.status === 'ok' ? zone.value.offsetMin : null
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const [types, setTypes] = useState<Set<string>>(new Set(['update', 'delete']))
  const [table, setTable] = useState('')
  const [value, setValue] = useState('')
  const { moment } = useMoment()
  // Opened at the shared timeline's moment: the minute around it.
  const around = (ms: number): string => new Date(ms).toISOString().slice(0, 19)
  const [since, setSince] = useState(moment === null ? '' : around(moment - 60_000))
  const [until, setUntil] = useState(moment === null ? '' : around(moment + 60_000))
  const [thread, setThread] = useState('')
  const [sqlText, setSqlText] = useState('')
  const [positions, setPositions] = useState('')
  const [job, setJob] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [open, setOpen] = useState<ChangeEvent | null>(null)
  const run = useJob(job, 'binlog:find')
  const events = run.records
  // Events picked for one reverse SQL (indexes in `events`; a new search starts afresh).
  const [selected, setSelected] = useState<Set<number>>(new Set())
  // The results are a whole transaction's (its GTID) rather than the filter's.
  const [scope, setScope] = useState<string | null>(null)
  useEffect(() => setSelected(new Set()), [job])
  const toggle = (i: number): void =>
    setSelected((old) => {
      const next = new Set(old)
      if (next.has(i)) next.delete(i)
      else next.add(i)
      return next
    })

  /** Starts a search; `gtid` when it is a whole transaction's rather than the filter's. */
  const startFind = async (
    req: CallRequest<'binlog:find'>,
    gtid: string | null = null,
  ): Promise<void> => {
    setError(null)
    setOpen(null)
    setScope(gtid)
    const r = await api.call('binlog:find', req)
    if (r.ok) setJob(r.value.job)
    else setError(r.error.message)
  }

  /** Every event of one transaction, whatever the filter: a new search by its GTID. */
  const findTransaction = (logs: string[], gtid: string): Promise<void> =>
    startFind(
      {
        server: server.id,
        files: logs,
        types: ['insert', 'update', 'delete', 'ddl', 'other'],
        gtid,
      },
      gtid,
    )

  const find = async (logs: string[]): Promise<void> => {
    const toEpoch = (s: string): number | undefined => (s ? Date.parse(`${s}Z`) / 1000 : undefined)
    // `134000-140000`, `134000-` or `-140000`: `# at` positions.
    const range = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(positions)
    if (positions.trim() && !range) {
      setError(t('binlogs.positions.bad'))
      return
    }
    if (thread.trim() && !/^\d+$/.test(thread.trim())) {
      setError(t('binlogs.thread.bad'))
      return
    }
    await startFind({
      server: server.id,
      files: logs,
      types: [...types] as ('insert' | 'update' | 'delete' | 'ddl')[],
      ...(table ? { table } : {}),
      ...(value ? { value } : {}),
      ...(since ? { since: toEpoch(since)! } : {}),
      ...(until ? { until: toEpoch(until)! } : {}),
      ...(thread.trim() ? { thread: Number(thread.trim()) } : {}),
      ...(sqlText.trim() ? { text: sqlText.trim() } : {}),
      ...(range?.[1] ? { fromPos: Number(range[1]) } : {}),
      ...(range?.[2] ? { toPos: Number(range[2]) } : {}),
    })
  }

  return (
    <div className="column">
      <p className="note">{t('binlogs.note')}</p>
      <Loadable state={state} reload={reload}>
        {(entries) => {
          const logs = entries
          if (logs.length === 0) return <div className="empty">{t('binlogs.none')}</div>
          const chosen = logs.filter((l) => picked.has(l.path)).map((l) => l.path)
          const files = chosen.length > 0 ? chosen : logs.map((l) => l.path)
          return (
            <div className="binlogs">
              <div className="binlog-files">
                {logs.map((l) => (
                  <label key={l.path} className="inline">
                    <input
                      type="checkbox"
                      checked={picked.has(l.path)}
                      onChange={(e) => {
                        const next = new Set(picked)
                        if (e.target.checked) next.add(l.path)
                        else next.delete(l.path)
                        setPicked(next)
                      }}
                    />
                    <span className="mono">{l.name}</span>
                    <span className="muted" data-testid="binlog-span">
                      {formatBytes(l.size, locale)} ·{' '}
                      {l.first !== null && l.last !== null
                        ? t('binlogs.span', { first: utc(l.first), last: utc(l.last) })
                        : formatTime(l.mtimeMs, locale)}
                    </span>
                  </label>
                ))}
              </div>
              <form
                className="toolbar finder"
                onSubmit={(e) => {
                  e.preventDefault()
                  void find(files)
                }}
              >
                {TYPES.map((ty) => (
                  <label key={ty} className="inline">
                    <input
                      type="checkbox"
                      checked={types.has(ty)}
                      onChange={(e) => {
                        const next = new Set(types)
                        if (e.target.checked) next.add(ty)
                        else next.delete(ty)
                        setTypes(next)
                      }}
                    />
                    {ty.toUpperCase()}
                  </label>
                ))}
                <input
                  className="filter small"
                  placeholder={t('binlogs.table')}
                  aria-label={t('binlogs.table')}
                  value={table}
                  onChange={(e) => setTable(e.target.value)}
                />
                <input
                  className="filter small"
                  placeholder={t('binlogs.value')}
                  aria-label={t('binlogs.value')}
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                />
                <input
                  type="datetime-local"
                  step={1}
                  aria-label={t('binlogs.since')}
                  title={t('binlogs.since')}
                  value={since}
                  onChange={(e) => setSince(e.target.value)}
                />
                <input
                  type="datetime-local"
                  step={1}
                  aria-label={t('binlogs.until')}
                  title={t('binlogs.until')}
                  value={until}
                  onChange={(e) => setUntil(e.target.value)}
                />
                <input
                  className="filter tiny"
                  placeholder={t('binlogs.thread')}
                  aria-label={t('binlogs.thread')}
                  inputMode="numeric"
                  value={thread}
                  onChange={(e) => setThread(e.target.value)}
                />
                <input
                  className="filter small"
                  placeholder={t('binlogs.text')}
                  aria-label={t('binlogs.text')}
                  value={sqlText}
                  onChange={(e) => setSqlText(e.target.value)}
                />
                <input
                  className="filter small"
                  placeholder={t('binlogs.positions')}
                  aria-label={t('binlogs.positions')}
                  title={t('binlogs.positions.hint')}
                  value={positions}
                  onChange={(e) => setPositions(e.target.value)}
                />
                {job && run.state === 'running' ? (
                  <button type="button" onClick={() => void api.call('jobs:cancel', { job })}>
                    {t('common.cancel')}
                  </button>
                ) : (
                  <button type="submit" className="primary">
                    {t('binlogs.find', { n: files.length })}
                  </button>
                )}
                {run.progress && (
                  <span className="muted" data-testid="binlog-progress">
                    {run.progress.total
                      ? `${Math.round((run.progress.done / run.progress.total) * 100)}% · `
                      : ''}
                    {run.progress.values?.listed !== undefined &&
                    run.progress.values.listed !== run.progress.values.found
                      ? t('binlogs.found.listed', run.progress.values)
                      : t('binlogs.found', { found: run.progress.values?.found ?? 0 })}
                  </span>
                )}
              </form>
              {(error ?? run.error?.message) && (
                <ErrorBanner message={(error ?? run.error?.message)!} />
              )}
              {job && run.state !== 'running' && events.length === 0 && !run.error && (
                <div className="empty">{t('binlogs.nothing')}</div>
              )}
              {scope && (
                <p className="muted" data-testid="binlog-scope">
                  {t('binlogs.transactionResults', { gtid: scope })}
                  {run.state === 'running' ? '…' : ''}
                </p>
              )}
              {events.length > 0 && (
                <table className="table compact" aria-label={t('binlogs.results')}>
                  <thead>
                    <tr>
                      <th>
                        <input
                          type="checkbox"
                          aria-label={t('binlogs.selectAll')}
                          checked={selected.size === events.length}
                          onChange={(e) =>
                            setSelected(e.target.checked ? new Set(events.keys()) : new Set())
                          }
                        />
                      </th>
                      <th>{t('binlogs.time')}</th>
                      <th>{t('binlogs.position')}</th>
                      <th>thread</th>
                      <th>{t('binlogs.type')}</th>
                      <th>{t('binlogs.tableCol')}</th>
                      <th className="num">{t('binlogs.rows')}</th>
                      <th>SQL</th>
                    </tr>
                  </thead>
                  <tbody>
                    {events.map((e, i) => (
                      <tr
                        key={i}
                        className={`clickable ${open === e ? 'selected' : ''}`}
                        onClick={() => setOpen(open === e ? null : e)}
                      >
                        <td onClick={(ev) => ev.stopPropagation()}>
                          <input
                            type="checkbox"
                            aria-label={t('binlogs.select', {
                              pos: `${e.file ?? ''}:${e.pos ?? ''}`,
                            })}
                            checked={selected.has(i)}
                            onChange={() => toggle(i)}
                          />
                        </td>
                        <td className="mono">
                          {e.time.replace('T', ' ').replace('Z', ' UTC')}
                          {offsetMin !== null && offsetMin !== 0 && (
                            <div className="muted">{serverTime(e.epoch, offsetMin)}</div>
                          )}
                        </td>
                        <td className="mono">
                          {e.file}:{e.pos}
                        </td>
                        <td className="mono">{e.thread ?? '—'}</td>
                        <td>{e.type.toUpperCase()}</td>
                        <td className="mono">
                          {e.db}.{e.table}
                        </td>
                        <td className="num">
                          {e.rows.length}
                          {e.part !== undefined && (
                            <span className="muted"> · {t('binlogs.part', { n: e.part })}</span>
                          )}
                        </td>
                        <td className="mono ellipsis">{e.sql}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {selected.size > 0 && (
                <SelectionUndo events={events.filter((_, i) => selected.has(i))} />
              )}
              {open && (
                <EventDetail
                  key={`${open.file}:${open.pos}`}
                  server={server}
                  event={open}
                  onTransaction={
                    open.gtid
                      ? () => {
                          // The event's own file (a transaction is within one binlog).
                          const own = logs.find((l) => l.name === open.file)
                          void findTransaction(own ? [own.path] : files, open.gtid!)
                        }
                      : undefined
                  }
                />
              )}
            </div>
          )
        }}
      </Loadable>
    </div>
  )
}

/** The reverse SQL of the picked events, newest undone first, in one transaction. */
function SelectionUndo({ events }: { events: ChangeEvent[] }): React.JSX.Element {
  const { t } = useI18n()
  const { sql, skipped } = reverseSqlOf(events, (e) => e.columns)
  const unnamed = events.some((e) => e.rows.length > 0 && !e.columns)
  return (
    <section className="change-detail" data-testid="selection-undo">
      <h3>{t('binlogs.selection', { n: events.length })}</h3>
      {unnamed && <p className="warn-text">{t('binlogs.selection.unnamed')}</p>}
      {skipped > 0 && <p className="muted">{t('binlogs.selection.skipped', { n: skipped })}</p>}
      {sql.length > 0 && (
        <>
          <pre className="code restore" data-testid="selection-sql">
            {sql.join('\n')}
          </pre>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(sql.join('\n'))}>
            {t('binlogs.copy')}
          </button>
        </>
      )}
    </section>
  )
}

function EventDetail({
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
  const { t, locale } = useI18n()
  const { moment, setMoment } = useMoment()
  const [columns, setColumns] = useState<{
    names: string[]
    source: 'binlog' | 'snapshot' | 'live' | 'none'
    takenAt?: string
  } | null>(null)
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
  const [around, setAround] = useState<CorrelatedRequests | null>(null)
  useEffect(() => {
    setAround(null)
    void api
      .call('binlog:correlate', { server: server.id, epoch: event.epoch, windowSec: 10 })
      .then((r) => r.ok && setAround(r.value))
  }, [api, server.id, event])
  const names = columns && columns.names.length > 0 ? columns.names : undefined
  const label = (key: string): string => {
    const n = /^@(\d+)$/.exec(key)
    const name = n && names ? names[Number(n[1]) - 1] : undefined
    return name ? `${key} ${name}` : key
  }
  const undo = reverseSql(event, names)
  return (
    <div className="change-detail" data-testid="binlog-detail">
      {event.committed && (
        <p className="muted mono" data-testid="binlog-committed">
          {t('binlogs.committed', { time: event.committed.replace('T', ' ').replace('Z', ' UTC') })}
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
      {columns && event.rows.length > 0 && (
        <p
          className={columns.source === 'live' ? 'warn-text' : 'muted'}
          data-testid="column-source"
        >
          {columns.source === 'binlog'
            ? t('binlogs.names.binlog')
            : columns.source === 'snapshot'
              ? t('binlogs.names.snapshot', {
                  time: formatTime(Date.parse(columns.takenAt!), locale),
                })
              : columns.source === 'live'
                ? t('binlogs.names.live')
                : t('binlogs.names.none')}
        </p>
      )}
      {event.rows.slice(0, 50).map((r, i) => {
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
      {around && (
        <section data-testid="binlog-requests">
          <h3>{t('binlogs.around', { n: around.requests.length })}</h3>
          {around.requests.length === 0 ? (
            <p className="muted">{t('binlogs.around.none')}</p>
          ) : (
            <table className="table compact">
              <tbody>
                {around.requests.slice(0, 30).map((q) => (
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
      {undo.length > 0 && (
        <>
          <h3>{t('binlogs.reverse')}</h3>
          <pre className="code restore" data-testid="reverse-sql">
            {undo.join('\n')}
          </pre>
          <button
            type="button"
            onClick={() => void navigator.clipboard?.writeText(undo.join('\n'))}
          >
            {t('binlogs.copy')}
          </button>
        </>
      )}
    </div>
  )
}

/** An event's second in the server's zone: `2026-11-28 14:22:07 (+01:00)`. */
function serverTime(epoch: number, offsetMin: number): string {
  const local = new Date((epoch + offsetMin * 60) * 1000).toISOString().slice(0, 19)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
  return `${local.replace('T', ' ')} (${zone})`
}
