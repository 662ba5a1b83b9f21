// The timeline's controls: the window, the sources, what was read, the filter, the follow state.
import type { Timeline, TimelineFilter, TimelineKind, TimelineSource } from '../../../../shared/api'
import { useClock } from '../../clock'
import { formatNumber, useI18n, type MessageKey } from '../../i18n'
import { FOLLOW_EVERY_MS } from './follow'

const MINUTES = [1, 5, 10, 30, 60, 180]

export function WindowForm({
  from,
  setFrom,
  minutes,
  setMinutes,
  disabled,
  onShow,
  following,
  onFollow,
}: {
  from: number
  setFrom(ms: number): void
  minutes: number
  setMinutes(m: number): void
  disabled: boolean
  onShow(): void
  following: boolean
  onFollow(on: boolean): void
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  return (
    <form
      className="toolbar"
      onSubmit={(e) => {
        e.preventDefault()
        onShow()
      }}
    >
      <label>
        {t('timeline.from')} ({clock.zoneShort}){' '}
        <input
          type="datetime-local"
          step={1}
          value={clock.wall(from, 'second').replace(' ', 'T')}
          disabled={following}
          onChange={(e) => {
            const at = clock.parseWall(e.target.value)
            if (at !== null) setFrom(at)
          }}
          data-testid="timeline-from"
        />
      </label>
      <label>
        {t('timeline.minutes')}{' '}
        <select
          value={minutes}
          onChange={(e) => setMinutes(Number(e.target.value))}
          data-testid="timeline-minutes"
        >
          {MINUTES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={disabled}>
        {t('timeline.show')}
      </button>
      <label title={t('timeline.follow.title')}>
        <input
          type="checkbox"
          checked={following}
          disabled={disabled && !following}
          onChange={(e) => onFollow(e.target.checked)}
        />{' '}
        {t('timeline.follow')}
      </label>
    </form>
  )
}

export function SourcePicker({
  sources,
  colors,
  picked,
  setPicked,
}: {
  sources: TimelineSource[]
  colors: Map<string, string>
  picked: Set<string>
  setPicked(next: Set<string>): void
}): React.JSX.Element {
  const { t } = useI18n()
  const byKind = new Map<TimelineKind, TimelineSource[]>()
  for (const s of sources) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s])
  return (
    <fieldset className="timeline-sources">
      <legend>{t('timeline.sources')}</legend>
      {[...byKind.entries()].map(([kind, list]) => (
        <span key={kind} className="timeline-kind">
          <b>{t(`timeline.kind.${kind}` as MessageKey)}</b>
          {list.map((s) => (
            <label key={s.path} title={s.path}>
              <input
                type="checkbox"
                checked={picked.has(s.path)}
                onChange={(e) => {
                  const next = new Set(picked)
                  if (e.target.checked) next.add(s.path)
                  else next.delete(s.path)
                  setPicked(next)
                }}
              />
              <i className="chip" style={{ background: colors.get(s.path) }} />
              {s.label}
            </label>
          ))}
        </span>
      ))}
    </fieldset>
  )
}

/** How many records, from how many sources, in how long; what was cut or could not be read. */
export function ResultNotes({
  result,
  shown,
}: {
  result: Timeline
  shown: number | null
}): React.JSX.Element {
  const { t, locale } = useI18n()
  return (
    <>
      <p className="muted small" data-testid="timeline-count">
        {t('timeline.count', {
          shown: shown === null ? '…' : formatNumber(shown, locale),
          total: formatNumber(result.total, locale),
          sources: result.sources.length,
          secs: (result.ms / 1000).toFixed(2),
        })}
      </p>
      {result.sources.map((s) =>
        s.error ? (
          <p key={s.path} className="warn-text small" data-testid="timeline-source-error">
            {t('timeline.failed', { source: s.label, error: s.error })}
          </p>
        ) : s.truncated ? (
          <p key={s.path} className="warn-text small">
            {t('timeline.truncated', { source: s.label })}
          </p>
        ) : null,
      )}
    </>
  )
}

export function FilterBar({
  filter,
  patch,
}: {
  filter: TimelineFilter
  patch(p: Partial<TimelineFilter>): void
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const { narrow } = filter
  return (
    <div className="toolbar">
      <input
        type="search"
        placeholder={t('timeline.filter')}
        aria-label={t('timeline.filter')}
        value={filter.text}
        onChange={(e) => patch({ text: e.target.value })}
      />
      <label>
        <input
          type="checkbox"
          checked={filter.problems}
          onChange={(e) => patch({ problems: e.target.checked })}
        />{' '}
        {t('timeline.onlyProblems')}
      </label>
      <select
        aria-label={t('timeline.filter.status')}
        value={filter.status ?? ''}
        onChange={(e) => patch({ status: e.target.value ? Number(e.target.value) : null })}
      >
        <option value="">{t('timeline.filter.status')}</option>
        {[2, 3, 4, 5].map((c) => (
          <option key={c} value={c}>
            {c}xx
          </option>
        ))}
      </select>
      <select
        aria-label={t('timeline.filter.level')}
        value={filter.level ?? ''}
        onChange={(e) => patch({ level: (e.target.value || null) as TimelineFilter['level'] })}
      >
        <option value="">{t('timeline.filter.level')}</option>
        <option value="warning">{t('timeline.filter.warning')}</option>
        <option value="error">{t('timeline.filter.error')}</option>
      </select>
      <input
        type="search"
        className="narrow-input"
        placeholder={t('timeline.filter.table')}
        aria-label={t('timeline.filter.table')}
        value={filter.table}
        onChange={(e) => patch({ table: e.target.value })}
      />
      {narrow && (
        <>
          <span className="small" data-testid="timeline-narrowed">
            {t('timeline.narrowed', {
              from: clock.format(narrow[0]),
              to: clock.format(narrow[1]),
            })}
          </span>
          <button type="button" className="ghost" onClick={() => patch({ narrow: null })}>
            {t('timeline.widen')}
          </button>
        </>
      )}
    </div>
  )
}

export function FollowNote({
  followed,
}: {
  followed: { at: number | null; added: number; error: string | null }
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  return (
    <p className="small" data-testid="timeline-following">
      {followed.at === null
        ? t('timeline.following', { every: FOLLOW_EVERY_MS / 1000 })
        : t('timeline.followed', { at: clock.format(followed.at), n: followed.added })}
      {followed.error && <span className="warn-text"> {followed.error}</span>}
    </p>
  )
}
