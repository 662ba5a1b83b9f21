import type { CallRequest, ChangeType } from '../../../../shared/api'
import { useState } from 'react'
import type { ChangeEvent } from '../../../../core/binlog'
import { useApi } from '../../api/context'
import { type JobView } from '../../api/use-job'
import { useI18n } from '../../i18n'
import { ReadCostNote } from '../../components/ReadCost'
import { useMoment } from '../../moment'
import { useClock, type Clock } from '../../clock'
import { withMember } from '../../components/sets'

/** The finder's fields, as typed (kept while the results are looked at). */
/** The kinds of change searched to open one event, whatever it is. */
export const FOCUS_TYPES = ['update', 'delete', 'insert', 'ddl'] as const

export function useChangeQuery() {
  const { moment, focus } = useMoment()
  // Opened for one event (the timeline's "open at source"): every kind, to find it whatever it is.
  const [types, setTypes] = useState<Set<string>>(
    new Set(focus?.kind === 'binlog' ? FOCUS_TYPES : ['update', 'delete']),
  )
  const [table, setTable] = useState('')
  const [value, setValue] = useState('')
  const clock = useClock()
  // Opened at the shared timeline's moment: the minute around it (typed in the display zone).
  const around = (ms: number): string => clock.wall(ms).replace(' ', 'T')
  const [since, setSince] = useState(moment === null ? '' : around(moment - 60_000))
  const [until, setUntil] = useState(moment === null ? '' : around(moment + 60_000))
  const [thread, setThread] = useState('')
  const [sqlText, setSqlText] = useState('')
  const [positions, setPositions] = useState('')
  return {
    types,
    setTypes,
    table,
    setTable,
    value,
    setValue,
    since,
    setSince,
    until,
    setUntil,
    thread,
    setThread,
    sqlText,
    setSqlText,
    positions,
    setPositions,
  }
}

export type ChangeQuery = ReturnType<typeof useChangeQuery>

/** What to find: change types, table, value, time range, thread, SQL text, positions. */
export function FindForm({
  find,
  files,
  q,
  job,
  run,
}: {
  find: (logs: string[]) => Promise<void>
  files: string[]
  q: ChangeQuery
  job: string | null
  run: JobView<ChangeEvent>
}): React.JSX.Element {
  const { t } = useI18n()
  const api = useApi()
  return (
    <>
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
              checked={q.types.has(ty)}
              onChange={(e) => q.setTypes(withMember(q.types, ty, e.target.checked))}
            />
            {ty.toUpperCase()}
          </label>
        ))}
        <FindFields q={q} />
        {job && run.state === 'running' ? (
          <button type="button" onClick={() => void api.call('jobs:cancel', { job })}>
            {t('common.cancel')}
          </button>
        ) : (
          <button type="submit" className="primary">
            {files.length === 1 ? t('binlogs.find.one') : t('binlogs.find', { n: files.length })}
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
            <WireCost values={run.progress.values} />
          </span>
        )}
      </form>
    </>
  )
}

/** The finder's text fields: table, value, time range, thread, SQL text, positions. */
export function FindFields({
  q,
}: {
  q: {
    types: Set<string>
    setTypes: React.Dispatch<React.SetStateAction<Set<string>>>
    table: string
    setTable: React.Dispatch<React.SetStateAction<string>>
    value: string
    setValue: React.Dispatch<React.SetStateAction<string>>
    since: string
    setSince: React.Dispatch<React.SetStateAction<string>>
    until: string
    setUntil: React.Dispatch<React.SetStateAction<string>>
    thread: string
    setThread: React.Dispatch<React.SetStateAction<string>>
    sqlText: string
    setSqlText: React.Dispatch<React.SetStateAction<string>>
    positions: string
    setPositions: React.Dispatch<React.SetStateAction<string>>
  }
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  return (
    <>
      <input
        className="filter small"
        placeholder={t('binlogs.table')}
        aria-label={t('binlogs.table')}
        value={q.table}
        onChange={(e) => q.setTable(e.target.value)}
      />
      <input
        className="filter small"
        placeholder={t('binlogs.value')}
        aria-label={t('binlogs.value')}
        value={q.value}
        onChange={(e) => q.setValue(e.target.value)}
      />
      <input
        className="filter time"
        type="datetime-local"
        step={1}
        aria-label={t('binlogs.since', { zone: clock.zoneShort })}
        title={t('binlogs.since', { zone: clock.zoneShort })}
        value={q.since}
        onChange={(e) => q.setSince(e.target.value)}
      />
      <input
        className="filter time"
        type="datetime-local"
        step={1}
        aria-label={t('binlogs.until', { zone: clock.zoneShort })}
        title={t('binlogs.until', { zone: clock.zoneShort })}
        value={q.until}
        onChange={(e) => q.setUntil(e.target.value)}
      />
      <input
        className="filter tiny"
        placeholder={t('binlogs.thread')}
        aria-label={t('binlogs.thread')}
        inputMode="numeric"
        value={q.thread}
        onChange={(e) => q.setThread(e.target.value)}
      />
      <input
        className="filter small"
        placeholder={t('binlogs.text')}
        aria-label={t('binlogs.text')}
        value={q.sqlText}
        onChange={(e) => q.setSqlText(e.target.value)}
      />
      <input
        className="filter small"
        placeholder={t('binlogs.positions')}
        aria-label={t('binlogs.positions')}
        title={t('binlogs.positions.hint')}
        value={q.positions}
        onChange={(e) => q.setPositions(e.target.value)}
      />
    </>
  )
}

export const TYPES = ['update', 'delete', 'insert', 'ddl'] as const

/** The search the fields ask for, or the message key of the field that does not parse. */
export function findRequest(
  q: ChangeQuery,
  server: string,
  files: string[],
  clock: Clock,
): CallRequest<'binlog:find'> | 'binlogs.positions.bad' | 'binlogs.thread.bad' {
  // Typed in the display zone; whole seconds.
  const toEpoch = (s: string): number | undefined => {
    const ms = clock.parseWall(s)
    return ms === null ? undefined : Math.floor(ms / 1000)
  }
  // `134000-140000`, `134000-` or `-140000`: `# at` positions.
  const range = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(q.positions)
  if (q.positions.trim() && !range) return 'binlogs.positions.bad'
  if (q.thread.trim() && !/^\d+$/.test(q.thread.trim())) return 'binlogs.thread.bad'
  return {
    server,
    files,
    types: [...q.types] as ChangeType[],
    ...(q.table ? { table: q.table } : {}),
    ...(q.value ? { value: q.value } : {}),
    ...(toEpoch(q.since) !== undefined ? { since: toEpoch(q.since)! } : {}),
    ...(toEpoch(q.until) !== undefined ? { until: toEpoch(q.until)! } : {}),
    ...(q.thread.trim() ? { thread: Number(q.thread.trim()) } : {}),
    ...(q.sqlText.trim() ? { text: q.sqlText.trim() } : {}),
    ...(range?.[1] ? { fromPos: Number(range[1]) } : {}),
    ...(range?.[2] ? { toPos: Number(range[2]) } : {}),
  }
}

/** What the decoded text cost on the wire so far, from the progress's values. */
function WireCost({
  values,
}: {
  values: Record<string, string | number> | undefined
}): React.JSX.Element | null {
  if (!values?.text || !values.wire) return null
  return (
    <span data-testid="binlog-wire">
      {' · '}
      <ReadCostNote
        cost={{
          method: values.method === 'gzip' ? 'gzip' : 'sftp',
          bytes: Number(values.text),
          wireBytes: Number(values.wire),
          ms: Number(values.ms ?? 0),
        }}
      />
    </span>
  )
}
