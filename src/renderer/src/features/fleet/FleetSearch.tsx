// Fleet search: a text or a pattern in the logs a path pattern names, on every server of the
// group, in a span ending now; the matches merged by time with their server; a match opens its
// log on its server at that moment.
import { useState } from 'react'
import type { FleetGrepResult, TimelineRecord } from '../../../../shared/api'
import { RunOrCancel } from '../../components/RunOrCancel'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useRowLimit } from '../../components/RowLimit'
import { useI18n } from '../../i18n'
import type { OpenAt } from './FleetView'
import { inUtc, ServerOutcomes, SpanSelect, useFleetJob, useSpan } from './fleet-job'

type Match = TimelineRecord & { server: string; id: string }

export function FleetSearch({
  group,
  onOpen,
}: {
  group: string
  onOpen: OpenAt
}): React.JSX.Element {
  const { t } = useI18n()
  const [text, setText] = useState('')
  const [regex, setRegex] = useState(false)
  const [log, setLog] = useState('/var/log/*/*access*.log')
  const span = useSpan()
  const search = useFleetJob('fleet:grep')
  const results: FleetGrepResult[] = search.run.records
  const matches: Match[] = results
    .flatMap((r) => r.records.map((rec) => ({ ...rec, server: r.server, id: r.id })))
    .sort((a, b) => a.time - b.time || a.server.localeCompare(b.server))
  const limit = useRowLimit(matches, 500, 'fleet-search-limit')
  return (
    <div data-testid="fleet-search">
      <form
        className="toolbar wrap"
        onSubmit={(e) => {
          e.preventDefault()
          void search.start({
            text,
            regex,
            log,
            ...span.range(),
            ...(group ? { group } : {}),
          })
        }}
      >
        <input
          type="search"
          required
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t(regex ? 'fleet.search.pattern' : 'fleet.search.text')}
          aria-label={t('fleet.search.text')}
        />
        <label className="small">
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} />{' '}
          {t('fleet.search.regex')}
        </label>
        <label>
          {t('fleet.search.log')}{' '}
          <input
            className="mono"
            value={log}
            required
            onChange={(e) => setLog(e.target.value)}
            aria-label={t('fleet.search.log')}
          />
        </label>
        <SpanSelect choice={span} />
        <RunOrCancel
          job={search.job}
          running={search.running}
          label={t('fleet.search.run')}
          progress={t('fleet.progress', { done: results.length, total: search.servers.length })}
          testId="fleet-search-progress"
        />
      </form>
      {search.error && <ErrorBanner message={search.error} />}
      {search.job && (
        <ServerOutcomes
          asked={search.servers}
          unit="fleet.unit.lines"
          outcomes={results.map((r) => ({
            server: r.server,
            ok: r.ok,
            ...(r.error ? { error: r.error } : {}),
            total: r.total,
            kept: r.records.length,
            notes: r.ok && r.sources.length === 0 ? [t('fleet.search.noLog', { log })] : [],
          }))}
        />
      )}
      {matches.length > 0 && <MatchTable rows={limit.shown} onOpen={onOpen} />}
      {limit.footer}
      {search.run.state === 'done' && matches.length === 0 && results.length > 0 && (
        <p className="muted">{t('fleet.search.none')}</p>
      )}
    </div>
  )
}

/** The matches shown, oldest first; a match opens its log on its server at its moment. */
function MatchTable({
  rows,
  onOpen,
}: {
  rows: readonly Match[]
  onOpen: OpenAt
}): React.JSX.Element {
  const { t } = useI18n()
  return (
    <table className="table compact fleet-matches" aria-label={t('fleet.search.results')}>
      <thead>
        <tr>
          <th>{t('fleet.col.time')}</th>
          <th>{t('fleet.col.server')}</th>
          <th>{t('fleet.col.log')}</th>
          <th>{t('fleet.col.line')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m, i) => (
          <tr
            key={`${m.server}-${i}`}
            className="clickable"
            title={t('fleet.search.open', { server: m.server })}
            onClick={() =>
              onOpen(m.id, {
                section: 'logs',
                moment: m.time,
                focus: { kind: 'log', path: m.file },
              })
            }
          >
            <td className="mono small nowrap">{inUtc(m.time)}</td>
            <td>{m.server}</td>
            <td className="mono small">{m.file.split('/').pop()}</td>
            <td className="mono small">{m.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
