import { useEffect, useRef, useState } from 'react'
import { CHANGE_TYPES, type CallRequest, type ServerInfo } from '../../../../shared/api'
import type { ChangeEvent } from '../../../../core/binlog'
import { useApi, useCall } from '../../api/context'
import { useJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loadable } from '../../components/Loadable'
import { useI18n } from '../../i18n'
import { useClock } from '../../clock'
import { EventDetail, SelectionUndo } from './EventDetail'
import { FindForm, FOCUS_TYPES, findRequest, useChangeQuery } from './FindForm'
import { BinlogFiles, ChangeTable } from './ChangeTable'
import { withMember } from '../../components/sets'
import { useMoment } from '../../moment'

/** Which statement changed this data, when, from which connection, and what the rows were before. */
export function BinlogsView({ server }: { server: ServerInfo }): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const clock = useClock()
  const [state, reload] = useCall('binlog:list', { server: server.id }, server.id)
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const q = useChangeQuery()
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
  const toggle = (i: number): void => setSelected((old) => withMember(old, i, !old.has(i)))

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

  useFocusedEvent(server.id, events, run.state, startFind, setOpen, setPicked)

  /** Every event of one transaction, whatever the filter: a new search by its GTID. */
  const findTransaction = (logs: string[], gtid: string): Promise<void> =>
    startFind(
      {
        server: server.id,
        files: logs,
        types: [...CHANGE_TYPES],
        gtid,
      },
      gtid,
    )

  const find = async (logs: string[]): Promise<void> => {
    const req = findRequest(q, server.id, logs, clock)
    if (typeof req === 'string') setError(t(req))
    else await startFind(req)
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
              <BinlogFiles logs={logs} picked={picked} setPicked={setPicked} />
              <FindForm find={find} files={files} q={q} job={job} run={run} />
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
              <ChangeTable
                events={events}
                selected={selected}
                setSelected={setSelected}
                open={open}
                setOpen={setOpen}
                toggle={toggle}
                detail={
                  open && (
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
                  )
                }
              />
              {selected.size > 0 && (
                <SelectionUndo events={events.filter((_, i) => selected.has(i))} />
              )}
            </div>
          )
        }}
      </Loadable>
    </div>
  )
}

/**
 * Opened for one event (the timeline's "open at source"): the minute around it searched in its
 * binlog, every kind of change, and the event opened when it comes — its detail, with the SQL
 * that undoes it. Once: the focus is cleared.
 */
function useFocusedEvent(
  server: string,
  events: ChangeEvent[],
  state: string,
  startFind: (req: CallRequest<'binlog:find'>) => Promise<void>,
  setOpen: (e: ChangeEvent) => void,
  setPicked: (files: Set<string>) => void,
): void {
  const { moment, focus, setFocus } = useMoment()
  const [wanted] = useState(focus?.kind === 'binlog' ? focus : null)
  const found = useRef(false)
  useEffect(() => {
    if (!wanted || moment === null) return
    // The form says what is searched: its binlog, every kind, the minute around it.
    const file = `/var/log/mysql/${wanted.file}`
    setPicked(new Set([file]))
    void startFind({
      server,
      files: [file],
      types: [...FOCUS_TYPES],
      since: Math.floor(moment / 1000) - 60,
      until: Math.floor(moment / 1000) + 60,
    })
    setFocus(null)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted])
  useEffect(() => {
    if (!wanted || found.current) return
    const hit = events.find((e) => e.file === wanted.file && e.pos === wanted.pos)
    if (hit) {
      found.current = true
      setOpen(hit)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [events.length, state])
}
