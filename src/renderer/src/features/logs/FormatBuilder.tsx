import { useMemo, useState } from 'react'
import { LOG_FIELD_TYPES, type CustomLogFormat, type LogFieldType } from '../../../../shared/logs'
import { tryCustomFormat } from '../../../../core/logs'
import { proposeFormat, type ProposedField } from '../../../../core/logs'
import { useApi } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useI18n } from '../../i18n'

/**
 * Defines an access log format from the log's own lines: a sample line is read into a proposed
 * definition (fields named and typed), which the user corrects while seeing how many lines it
 * reads, then saves; the explorer reads the log with it at once.
 */
export function FormatBuilder({
  samples,
  onSaved,
  onCancel,
}: {
  samples: string[]
  onSaved: (name: string) => void
  onCancel?: () => void
}): React.JSX.Element {
  const { t } = useI18n()
  const api = useApi()
  const [sample, setSample] = useState(0)
  const first = useMemo(() => proposeFormat(samples[0] ?? ''), [samples])
  const [name, setName] = useState('my-format')
  const [zone, setZone] = useState('')
  const [pattern, setPattern] = useState(first.pattern)
  const [fields, setFields] = useState(first.fields)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const propose = (i: number): void => {
    const p = proposeFormat(samples[i] ?? '')
    setSample(i)
    setPattern(p.pattern)
    setFields(p.fields)
  }
  const def: CustomLogFormat = {
    name,
    pattern,
    fields: fields.map((f) => ({ name: f.name, type: f.type })),
    ...(zone ? { zone } : {}),
  }
  const tried = tryCustomFormat(def, samples)

  const save = async (): Promise<void> => {
    setSaving(true)
    setError(null)
    const current = await api.call('settings:get', {})
    const saved = current.ok
      ? await api.call('settings:set', {
          logFormats: [...current.value.logFormats.filter((f) => f.name !== name), def],
        })
      : current
    setSaving(false)
    if (saved.ok) onSaved(name)
    else setError(saved.error.message)
  }

  return (
    <section className="format-builder" data-testid="format-builder">
      <h3>{t('format.title')}</h3>
      <p className="muted small">{t('format.hint')}</p>
      <label className="stack">
        {t('format.sample')}
        <select value={sample} onChange={(e) => propose(Number(e.target.value))}>
          {samples.slice(0, 20).map((s, i) => (
            <option key={i} value={i}>
              {s.length > 160 ? `${s.slice(0, 160)}…` : s}
            </option>
          ))}
        </select>
      </label>
      <FieldTable fields={fields} setPattern={setPattern} setFields={setFields} />
      <label className="stack">
        {t('format.pattern')}
        <textarea
          className="mono"
          rows={3}
          spellCheck={false}
          value={pattern}
          onChange={(e) => setPattern(e.target.value)}
        />
      </label>
      <div className="finder">
        <label className="inline">
          {t('common.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="inline">
          {t('format.zone')}
          <input
            value={zone}
            placeholder="+01:00"
            size={7}
            onChange={(e) => setZone(e.target.value.trim())}
          />
        </label>
      </div>
      <FormatCheck tried={tried} />
      {error ? <ErrorBanner message={error} onClose={() => setError(null)} /> : null}
      <div className="finder">
        <button
          type="button"
          className="primary"
          disabled={saving || 'problem' in tried || tried.read === 0}
          onClick={() => void save()}
        >
          {t('format.save')}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </section>
  )
}

/** The captured groups of the pattern: each one's field and type. */
function FieldTable({
  fields,
  setPattern,
  setFields,
}: {
  fields: ProposedField[]
  setPattern: React.Dispatch<React.SetStateAction<string>>
  setFields: React.Dispatch<React.SetStateAction<ProposedField[]>>
}): React.JSX.Element {
  const { t } = useI18n()
  return (
    <>
      <table className="format-fields">
        <thead>
          <tr>
            <th>{t('format.field')}</th>
            <th>{t('format.type')}</th>
            <th>{t('format.value')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f, i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label={t('format.field')}
                  value={f.name}
                  onChange={(e) => {
                    const renamed = e.target.value.replace(/[^\w$]/g, '')
                    // The pattern's group follows its field's name.
                    setPattern((p) => p.split(`(?<${f.name}>`).join(`(?<${renamed}>`))
                    setFields(fields.map((g, j) => (j === i ? { ...g, name: renamed } : g)))
                  }}
                />
              </td>
              <td>
                <select
                  aria-label={t('format.type')}
                  value={f.type}
                  onChange={(e) =>
                    setFields(
                      fields.map((g, j) =>
                        j === i ? { ...g, type: e.target.value as LogFieldType } : g,
                      ),
                    )
                  }
                >
                  {LOG_FIELD_TYPES.map((ty) => (
                    <option key={ty} value={ty}>
                      {ty}
                    </option>
                  ))}
                </select>
              </td>
              <td className="mono small">{f.sample}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}

/** How many sample lines the format reads, the first one as read, the first one it cannot. */
function FormatCheck({ tried }: { tried: ReturnType<typeof tryCustomFormat> }): React.JSX.Element {
  const { t } = useI18n()
  return (
    <>
      <p className="small" data-testid="format-check" role="status">
        {'problem' in tried ? (
          <span className="bad">{tried.problem}</span>
        ) : (
          <>
            {t('format.reads', { read: tried.read, of: tried.of })}
            {tried.first ? (
              <span className="muted">
                {' '}
                —{' '}
                {[
                  tried.first.time === null ? '?' : new Date(tried.first.time).toISOString(),
                  tried.first.ip,
                  tried.first.method,
                  tried.first.path,
                  tried.first.status,
                  tried.first.durationMs !== undefined ? `${tried.first.durationMs} ms` : '',
                ]
                  .filter((v) => v !== '')
                  .join(' ')}
              </span>
            ) : null}
            {tried.unread ? (
              <span className="mono small block muted">
                {t('format.unread')} {tried.unread}
              </span>
            ) : null}
          </>
        )}
      </p>
    </>
  )
}
