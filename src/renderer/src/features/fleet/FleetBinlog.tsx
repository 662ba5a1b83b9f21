// The fleet's binlog finder: the finder's filters on every server of the group, each decoding
// its own binlogs of the span; the changes merged by time with their server; a change opens as
// itself (its detail and the SQL that undoes it) on its server.
import { useState } from 'react'
import { CHANGE_TYPES, type ChangeEvent, type ChangeType } from '../../../../shared/api'
import { RunOrCancel } from '../../components/RunOrCancel'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useRowLimit } from '../../components/RowLimit'
import { formatNumber, useI18n } from '../../i18n'
import type { OpenAt } from './FleetView'
import { inUtc, ServerOutcomes, SpanSelect, useFleetJob, useSpan } from './fleet-job'

type Change = ChangeEvent & { server: string; id: string }

export function FleetBinlog({
  group,
  onOpen,
}: {
  group: string
  onOpen: OpenAt
}): React.JSX.Element {
  const { t } = useI18n()
  const [table, setTable] = useState('')
  const [types, setTypes] = useState<ChangeType[]>(['update', 'delete'])
  const [value, setValue] = useState('')
  const span = useSpan()
  const find = useFleetJob('fleet:binlog')
  const results = find.run.records
  const changes: Change[] = results
    .flatMap((r) => r.events.map((e) => ({ ...e, server: r.server, id: r.id })))
    .sort((a, b) => a.epoch - b.epoch || a.server.localeCompare(b.server))
  const limit = useRowLimit(changes, 500, 'fleet-binlog-limit')
  const toggle = (type: ChangeType): void =>
    setTypes((ts) => (ts.includes(type) ? ts.filter((x) => x !== type) : [...ts, type]))
  return (
    <div data-testid="fleet-binlog">
      <form
        className="toolbar wrap"
        onSubmit={(e) => {
          e.preventDefault()
          const { from, to } = span.range()
          void find.start({
            types,
            ...(table.trim() ? { table: table.trim() } : {}),
            ...(value ? { value } : {}),
            since: Math.floor(from / 1000),
            until: Math.ceil(to / 1000),
            ...(group ? { group } : {}),
          })
        }}
      >
        <input
          className="mono"
          value={table}
          onChange={(e) => setTable(e.target.value)}
          placeholder="*_options, shop.*"
          aria-label={t('fleet.binlog.table')}
        />
        {CHANGE_TYPES.map((type) => (
          <label key={type} className="small">
            <input type="checkbox" checked={types.includes(type)} onChange={() => toggle(type)} />{' '}
            {type.toUpperCase()}
          </label>
        ))}
        <input
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder={t('fleet.binlog.value')}
          aria-label={t('fleet.binlog.value')}
        />
        <SpanSelect choice={span} />
        <RunOrCancel
          job={find.job}
          running={find.running}
          label={t('fleet.binlog.run')}
          progress={t('fleet.progress', { done: results.length, total: find.servers.length })}
          testId="fleet-binlog-progress"
        />
      </form>
      {find.error && <ErrorBanner message={find.error} />}
      {find.job && (
        <ServerOutcomes
          asked={find.servers}
          unit="fleet.unit.changes"
          outcomes={results.map((r) => ({
            server: r.server,
            ok: r.ok,
            ...(r.error ? { error: r.error } : {}),
            total: r.total,
            kept: r.events.length,
            notes: r.notes,
          }))}
        />
      )}
      {changes.length > 0 && <ChangeTable rows={limit.shown} onOpen={onOpen} />}
      {limit.footer}
      {find.run.state === 'done' && changes.length === 0 && results.length > 0 && (
        <p className="muted">{t('fleet.binlog.none')}</p>
      )}
    </div>
  )
}

/** The changes shown, oldest first; a change opens as itself on its server. */
function ChangeTable({
  rows,
  onOpen,
}: {
  rows: readonly Change[]
  onOpen: OpenAt
}): React.JSX.Element {
  const { t, locale } = useI18n()
  return (
    <table className="table compact fleet-changes" aria-label={t('fleet.binlog.results')}>
      <thead>
        <tr>
          <th>{t('fleet.col.time')}</th>
          <th>{t('fleet.col.server')}</th>
          <th>{t('fleet.col.change')}</th>
          <th>{t('fleet.col.table')}</th>
          <th className="num">{t('fleet.col.rows')}</th>
          <th>{t('fleet.col.where')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr
            key={`${c.server}-${c.file}-${c.pos}-${c.part ?? 0}`}
            className="clickable"
            title={t('fleet.binlog.open', { server: c.server })}
            onClick={() =>
              onOpen(c.id, {
                section: 'binlogs',
                moment: c.epoch * 1000,
                focus:
                  c.file !== null && c.pos !== null
                    ? { kind: 'binlog', file: c.file, pos: c.pos }
                    : null,
              })
            }
          >
            <td className="mono small nowrap">{inUtc(c.epoch * 1000)}</td>
            <td>{c.server}</td>
            <td className={`mono small change-${c.type}`}>{c.type.toUpperCase()}</td>
            <td className="mono small">{[c.db, c.table].filter(Boolean).join('.')}</td>
            <td className="num">{formatNumber(c.rows.length, locale)}</td>
            <td className="mono small">
              {c.file ?? '–'}:{c.pos ?? '?'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
