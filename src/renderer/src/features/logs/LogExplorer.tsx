import { useMemo, useState } from 'react'
import type { CallResult, ServerInfo } from '../../../../shared/api'
import type { AccessRow } from '../../../../shared/logs'
import { statusClass } from '../../../../core/logs'
import { ACCESS_FORMATS } from '../../../../core/logs'
import { bump, ranked } from '../../../../core/text'
import { FormatBuilder } from './FormatBuilder'
import { ErrorExplorer } from './ErrorExplorer'
import { ReadCostNote } from '../../components/ReadCost'
import { StackedHistogram } from '../../components/StackedHistogram'
import { useClock } from '../../clock'
import { useCall } from '../../api/context'
import { Loadable } from '../../components/Loadable'
import { VirtualLines } from '../../components/VirtualLines'
import { RangeButtons, momentWithin, useMomentRange } from '../../components/MomentRange'
import { useMoment } from '../../moment'
import { useI18n } from '../../i18n'
import { withMember } from '../../components/sets'

const CLASSES = ['c2', 'c3', 'c4', 'c5'] as const
type Klass = (typeof CLASSES)[number]
const CLASS_LABEL: Record<Klass, string> = { c2: '2xx', c3: '3xx', c4: '4xx', c5: '5xx' }

/** A filter on a field some formats have: its values with their counts; nothing when none. */
function CountedSelect({
  label,
  any,
  values,
  value,
  onChange,
}: {
  label: string
  any: string
  values: [string, number][]
  value: string
  onChange(value: string): void
}): React.JSX.Element | null {
  if (values.length === 0) return null
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{any}</option>
      {values.map(([v, n]) => (
        <option key={v} value={v}>
          {`${v} (${n})`}
        </option>
      ))}
    </select>
  )
}

/** How much of a log's end the explorers read. */
function ReadSize({ mb, onChange }: { mb: number; onChange(mb: number): void }): React.JSX.Element {
  const { t } = useI18n()
  return (
    <label className="inline">
      {t('explore.read')}
      <select value={mb} onChange={(e) => onChange(Number(e.target.value))}>
        {[16, 64, 256].map((n) => (
          <option key={n} value={n}>
            {t('explore.lastMb', { mb: n })}
          </option>
        ))}
      </select>
    </label>
  )
}

/** An access log explored: histogram by status class, filters, the rows, tops and ban suspects. */
export function LogExplorer({
  server,
  path,
}: {
  server: ServerInfo
  path: string
}): React.JSX.Element {
  const { t } = useI18n()
  // '' reads the log with the format detected among the built-in and saved ones.
  const [format, setFormat] = useState('')
  const [defining, setDefining] = useState(false)
  // How much of the log's end is read (the counts cover it all; the table its newest rows).
  const [mb, setMb] = useState(16)
  const [saved, reloadSaved] = useCall('settings:get', {}, 'settings')
  const [state, reload] = useCall(
    'logs:explore',
    { server: server.id, path, mb, ...(format ? { format } : {}) },
    `${server.id}:${path}:${format}:${mb}`,
  )
  const names = [
    ...ACCESS_FORMATS.map((f) => f.name),
    ...(saved.status === 'ok' ? saved.value.logFormats.map((f) => f.name) : []),
  ]
  const onSaved = (name: string): void => {
    setDefining(false)
    reloadSaved()
    if (name === format) reload()
    else setFormat(name)
  }
  return (
    <Loadable state={state} reload={reload}>
      {(x) =>
        x.format === null && !x.errors && (x.samples ?? []).length === 0 ? (
          <div className="empty">{t('explore.empty')}</div>
        ) : x.format === null && x.errors && !defining ? (
          <ErrorExplorer
            x={{ ...x.errors, bytesRead: x.bytesRead, partial: x.partial }}
            sizePicker={<ReadSize mb={mb} onChange={setMb} />}
            onDefine={() => setDefining(true)}
          />
        ) : x.format === null || defining ? (
          <FormatBuilder
            samples={x.samples ?? x.rows.slice(0, 50).map((r) => r.line)}
            onSaved={onSaved}
            {...(x.format !== null ? { onCancel: () => setDefining(false) } : {})}
          />
        ) : (
          <>
            <div className="finder explore-format">
              <label className="inline">
                {t('format.pick')}
                <select value={format} onChange={(e) => setFormat(e.target.value)}>
                  <option value="">
                    {t('format.auto')}
                    {format === '' ? ` (${x.format})` : ''}
                  </option>
                  {names.map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
              <ReadSize mb={mb} onChange={setMb} />
              <button type="button" onClick={() => setDefining(true)}>
                {t('format.define')}
              </button>
            </div>
            <Explored key={x.format} x={x} />
          </>
        )
      }
    </Loadable>
  )
}

/** The explorer opens on the requests this close to the shared moment. */
const AROUND_MS = 10_000

/** The shared moment outside what was read: said, rather than all requests shown silently. */
function MomentOutside({
  first,
  last,
  ranged,
}: {
  first: number | null
  last: number | null
  ranged: boolean
}): React.JSX.Element | null {
  const { t } = useI18n()
  const clock = useClock()
  const { moment } = useMoment()
  if (moment === null || first === null || last === null || ranged) return null
  if (momentWithin(moment, first, last, AROUND_MS)) return null
  return (
    <p className="warn-text small" data-testid="moment-outside">
      {t('moment.outside', { moment: clock.format(moment) })}
    </p>
  )
}

function Explored({ x }: { x: CallResult<'logs:explore'> }): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const f = useRequestFilter(x)
  return (
    <div className="explorer">
      <MomentOutside first={x.first} last={x.last} ranged={f.range !== null} />
      <p className="muted small" data-testid="explore-summary">
        {t('explore.summary', {
          format: x.format ?? '?',
          parsed: x.parsed,
          unparsed: x.unparsed,
          first: x.first === null ? '—' : clock.wall(x.first),
          last: x.last === null ? '—' : clock.format(x.last),
        })}
        {x.partial ? ` ${t('explore.partial', { mb: Math.round(x.bytesRead / (1 << 20)) })}` : ''}{' '}
        <ReadCostNote cost={x.cost} />
      </p>
      <StackedHistogram
        label={t('explore.histogram')}
        picked={f.range ? f.range[0] : null}
        onPick={(start) =>
          f.setRange(start === null ? null : [start, start + x.histogram.bucketMs])
        }
        buckets={x.histogram.buckets.map((b) => ({
          start: b.start,
          parts: [
            ...CLASSES.map((k) => ({ key: k, label: CLASS_LABEL[k], n: b[k] })),
            { key: 'other', label: 'other', n: b.other },
          ],
        }))}
      />
      <ExploreFilters x={x} f={f} />
      <div className="explore-body">
        <VirtualLines
          count={f.rows.length}
          line={(i) => {
            const r = f.rows[i]!
            return `${r.time === null ? '—'.padEnd(19) : clock.wall(r.time)}  ${r.status}  ${r.method.padEnd(6)} ${r.path}  ${r.ip}${r.durationMs !== undefined ? `  ${Math.round(r.durationMs)} ms` : ''}${r.termination && r.termination !== '----' ? `  ${r.termination}` : ''}`
          }}
          lineClass={(text) => {
            const status = Number(text.slice(21, 24))
            return status >= 500 ? 'hl-error' : status >= 400 ? 'hl-warn' : undefined
          }}
          stickToBottom={false}
          label={t('explore.rows')}
        />
        <aside className="explore-side">
          <h4>{t('explore.topIps')}</h4>
          <ol>
            {x.topIps.map(([k, n]) => (
              <li key={k}>
                <button type="button" className="link" onClick={() => f.setIp(k)}>
                  {k}
                </button>{' '}
                <span className="muted">{n}</span>
              </li>
            ))}
          </ol>
          <h4>{t('explore.topPaths')}</h4>
          <ol>
            {x.topPaths.map(([k, n]) => (
              <li key={k} className="mono ellipsis" title={k}>
                {k} <span className="muted">{n}</span>
              </li>
            ))}
          </ol>
          {x.topAgents.length > 0 && (
            <>
              <h4>{t('explore.topAgents')}</h4>
              <ol data-testid="top-agents">
                {x.topAgents.map(([k, n]) => (
                  <li key={k} className="ellipsis" title={k}>
                    {k} <span className="muted">{n}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
          {x.slowest.length > 0 && (
            <>
              <h4>{t('explore.slowest')}</h4>
              <ol>
                {x.slowest.map((r) => (
                  <li key={r.n} className="mono ellipsis" title={r.line}>
                    {Math.round(r.durationMs!)} ms {r.path}
                  </li>
                ))}
              </ol>
            </>
          )}
          <h4>{t('explore.bans')}</h4>
          {x.bans.length === 0 ? (
            <p className="muted">{t('explore.bans.none')}</p>
          ) : (
            <>
              <p className="muted small">{t('explore.bans.advice')}</p>
              <ul data-testid="ban-suspects">
                {x.bans.map((b) => (
                  <li key={b.ip} className={b.likelyBanned ? 'warn-text' : ''}>
                    <button type="button" className="link" onClick={() => f.setIp(b.ip)}>
                      {b.ip}
                    </button>{' '}
                    {t('explore.bans.row', {
                      max: b.maxPer10s,
                      at: clock.format(b.busiestAt),
                      refused: b.s408 + b.s403 + b.s429,
                    })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </aside>
      </div>
    </div>
  )
}

/** The filters: status classes, method, vhost, termination, IP, path pattern, text, time range. */
function ExploreFilters({
  x,
  f,
}: {
  x: CallResult<'logs:explore'>
  f: RequestFilter
}): React.JSX.Element {
  const { t } = useI18n()
  return (
    <div className="finder explore-filters">
      {CLASSES.map((k) => (
        <label key={k} className={`inline status-${k}`}>
          <input
            type="checkbox"
            checked={f.classes.has(k)}
            onChange={(e) => f.setClasses(withMember(f.classes, k, e.target.checked))}
          />
          {CLASS_LABEL[k]}
        </label>
      ))}
      <select
        aria-label={t('explore.method')}
        value={f.method}
        onChange={(e) => f.setMethod(e.target.value)}
      >
        <option value="">{t('explore.anyMethod')}</option>
        {f.methods.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <CountedSelect
        label={t('explore.vhost')}
        any={t('explore.anyVhost')}
        values={f.vhosts}
        value={f.vhost}
        onChange={f.setVhost}
      />
      <CountedSelect
        label={t('explore.termination')}
        any={t('explore.anyTermination')}
        values={f.terminations}
        value={f.termination}
        onChange={f.setTermination}
      />
      <input
        className="filter small"
        aria-label={t('explore.ip')}
        placeholder={t('explore.ip')}
        value={f.ip}
        onChange={(e) => f.setIp(e.target.value)}
      />
      <input
        className={`filter small ${f.badPattern ? 'invalid' : ''}`}
        aria-label={t('explore.path')}
        placeholder={t('explore.path')}
        value={f.pathRe}
        onChange={(e) => f.setPathRe(e.target.value)}
        aria-invalid={f.badPattern !== null}
        title={f.badPattern ?? undefined}
      />
      {f.badPattern && (
        <span className="warn-text small" role="alert" data-testid="bad-pattern">
          {t('explore.badPattern', { why: f.badPattern })}
        </span>
      )}
      <input
        className="filter small"
        aria-label={t('explore.text')}
        placeholder={t('explore.text')}
        value={f.textQ}
        onChange={(e) => f.setTextQ(e.target.value)}
      />
      <RangeButtons range={f.range} onClear={() => f.setRange(null)} />
      <span className="muted" data-testid="explore-count">
        {t('explore.count', { n: f.rows.length, total: x.rows.length })}
        {x.parsed > x.rows.length &&
          ` ${t('explore.kept', { kept: x.rows.length, parsed: x.parsed })}`}
      </span>
    </div>
  )
}

/** The explorer's filters over the requests read, and the rows they keep. */
function useRequestFilter(x: CallResult<'logs:explore'>) {
  const [classes, setClasses] = useState<Set<Klass>>(new Set(CLASSES))
  const [method, setMethod] = useState('')
  const [ip, setIp] = useState('')
  const [pathRe, setPathRe] = useState('')
  const [textQ, setTextQ] = useState('')
  // Opened at the shared timeline's moment: its requests within 10 s of it.
  const [range, setRange] = useMomentRange(x.first, x.last, AROUND_MS)
  const [vhost, setVhost] = useState('')
  const [termination, setTermination] = useState('')
  const distinct = (values: (string | undefined)[]): [string, number][] => {
    const counts = new Map<string, number>()
    for (const v of values) if (v !== undefined) bump(counts, v)
    return ranked(counts)
  }
  const methods = useMemo(() => [...new Set(x.rows.map((r) => r.method))].sort(), [x.rows])
  // Shown when the format has them: Apache's vhost, HAProxy's termination state.
  const vhosts = useMemo(() => distinct(x.rows.map((r) => r.vhost)), [x.rows])
  const terminations = useMemo(() => distinct(x.rows.map((r) => r.termination)), [x.rows])
  // Not a regular expression: said why (the browser's own words), nothing filtered by it.
  const [pathTest, badPattern] = useMemo((): [RegExp | null, string | null] => {
    try {
      return [pathRe ? new RegExp(pathRe) : null, null]
    } catch (e) {
      return [null, (e as Error).message]
    }
  }, [pathRe])
  const rows = useMemo(
    () =>
      x.rows.filter((r: AccessRow) => {
        const k = statusClass(r.status)
        if (k !== 'other' && !classes.has(k)) return false
        if (method && r.method !== method) return false
        if (vhost && r.vhost !== vhost) return false
        if (termination && r.termination !== termination) return false
        if (ip && !r.ip.startsWith(ip)) return false
        if (pathTest && !pathTest.test(r.path)) return false
        if (textQ && !r.line.includes(textQ)) return false
        if (range && (r.time === null || r.time < range[0] || r.time >= range[1])) return false
        return true
      }),
    [x.rows, classes, method, vhost, termination, ip, pathTest, textQ, range],
  )
  return {
    classes,
    setClasses,
    method,
    setMethod,
    ip,
    setIp,
    pathRe,
    setPathRe,
    textQ,
    setTextQ,
    range,
    setRange,
    vhost,
    setVhost,
    termination,
    setTermination,
    methods,
    vhosts,
    terminations,
    badPattern,
    rows,
  }
}

type RequestFilter = ReturnType<typeof useRequestFilter>
