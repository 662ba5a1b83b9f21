// The slow log's entries: a table of them (sortable, the first rows then more on request), the
// stack of the one opened, its source at a frame's line.
import { useState } from 'react'
import type { ServerInfo, SlowlogReport } from '../../../../shared/api'
import type { SlowRequest } from '../../../../shared/slowlog'
import { shortName } from '../../components/FlameGraph'
import { SourcePeek } from '../../components/SourcePeek'
import { jailPath } from '../../../../core/servers'
import { useClock, type Clock } from '../../clock'
import { formatNumber, useI18n } from '../../i18n'
import { useRowLimit } from '../../components/RowLimit'
import { useSorted } from '../../components/sortable'

/** A time the slow log wrote in the server's zone, shown on the one clock. */
export function serverTime(local: string | null, clock: Clock, how: 'wall' | 'format'): string {
  const ms = local === null ? null : clock.fromServerLocal(local)
  if (ms === null) return local ?? '-'
  return how === 'wall' ? clock.wall(ms) : clock.format(ms)
}

/** Every entry kept, and how many of how many that is. */
export function EntriesTab({
  server,
  report,
}: {
  server: ServerInfo
  report: SlowlogReport
}): React.JSX.Element {
  const { t, locale } = useI18n()
  return (
    <>
      {report.requestsTruncated && (
        <p className="warn-text small" data-testid="slow-kept">
          {t('slow.kept', {
            n: formatNumber(report.requests.length, locale),
            total: formatNumber(report.entries, locale),
          })}
        </p>
      )}
      <Entries server={server} requests={report.requests} />
    </>
  )
}

const ENTRY_KEYS = {
  time: (q: SlowRequest) => q.time,
  pid: (q: SlowRequest) => q.pid,
  script: (q: SlowRequest) => q.script.slice(q.script.lastIndexOf('/') + 1),
  request: (q: SlowRequest) => (q.method ? `${q.method} ${q.uri ?? ''}` : ''),
  after: (q: SlowRequest) => q.durationSec ?? -1,
  ran: (q: SlowRequest) => q.totalSec ?? -1,
  top: (q: SlowRequest) => q.topFrame ?? '',
}

export function Entries({
  server,
  requests,
  entry = null,
}: {
  server: ServerInfo
  requests: SlowRequest[]
  /** Opened at first: this worker's entry of that second. */
  entry?: { pid: number; second: string } | null
}): React.JSX.Element {
  const { t, locale } = useI18n()
  const clock = useClock()
  const [open, setOpen] = useState<SlowRequest | null>(() =>
    entry
      ? (requests.find((q) => q.pid === entry.pid && q.time.startsWith(entry.second)) ?? null)
      : null,
  )
  const [source, setSource] = useState<{ file: string; line: number } | null>(null)
  const sorted = useSorted(requests, ENTRY_KEYS, 'time', 'asc')
  const limit = useRowLimit(sorted.rows, 500, 'slow-entries-limit')
  return (
    <div className="entries">
      <table className="table compact" aria-label={t('slow.tab.entries')}>
        <thead>
          <tr>
            {sorted.head('time', `${t('slow.col.time')} (${clock.zoneShort})`)}
            {sorted.head('pid', 'pid', { num: true })}
            {sorted.head('script', t('slow.col.script'))}
            {sorted.head('request', t('slow.col.request'))}
            {sorted.head('after', t('slow.col.after'), { num: true })}
            {sorted.head('ran', t('slow.col.ran'), { num: true })}
            {sorted.head('top', t('slow.col.top'))}
          </tr>
        </thead>
        <tbody>
          {limit.shown.map((q) => (
            <tr
              key={`${q.line}`}
              className={`clickable ${open === q ? 'selected' : ''}`}
              onClick={() => setOpen(open === q ? null : q)}
            >
              <td className="mono">{serverTime(q.time, clock, 'wall')}</td>
              <td className="mono">{q.pid}</td>
              <td className="mono">{q.script.slice(q.script.lastIndexOf('/') + 1)}</td>
              <td className="mono">{q.method ? `${q.method} ${q.uri}` : '—'}</td>
              <td className="num">
                {q.durationSec !== undefined ? `${formatNumber(q.durationSec, locale, 2)} s` : ''}
              </td>
              <Ran q={q} />
              <td className="mono">
                {q.topFrame ? shortName(q.topFrame) : q.dumpFailed ? t('slow.dumpFailed') : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {limit.footer}
      {open && (
        <div className="stack" data-testid="stack">
          {open.frames.map((f, i) => (
            <button
              key={i}
              type="button"
              className="frame"
              onClick={() => setSource({ file: jailPath(f.file, server.cmsRoot), line: f.line })}
              title={t('slow.openSource')}
            >
              <span className="mono">{f.fn}()</span>{' '}
              <span className="muted mono">
                {f.file}:{f.line}
              </span>
            </button>
          ))}
        </div>
      )}
      {source && (
        <SourcePeek
          server={server}
          file={source.file}
          line={source.line}
          onClose={() => setSource(null)}
        />
      )}
    </div>
  )
}

/** How long a slow request ran in all, and where that is known from. */
function Ran({ q }: { q: SlowRequest }): React.JSX.Element {
  const { t, locale } = useI18n()
  if (q.totalSec === undefined)
    return (
      <td className="num muted" title={t('slow.ran.unknown')}>
        —
      </td>
    )
  const text = `${formatNumber(q.totalSec, locale, 2)} s`
  return q.killed ? (
    <td className="num warn-text" title={t('slow.ran.killedTitle')}>
      {text} ({t('slow.ran.killed')})
    </td>
  ) : (
    <td className="num" title={t('slow.ran.access', { status: q.status ?? '—' })}>
      {text}
    </td>
  )
}
