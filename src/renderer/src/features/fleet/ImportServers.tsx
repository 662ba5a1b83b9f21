// Many servers at once: the hosts picked from ~/.ssh/config, or the rows of a CSV an agency keeps
// of its sites, with a group and tags for all; each checked as one added by hand, the refused ones
// said with why. Nothing is saved before "Add".
import { useEffect, useState } from 'react'
import type { ServerImportResult, ServerInfo, ServerProfileInput } from '../../../../shared/api'
import { useApi } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Modal } from '../../components/Modal'
import { SubTabs } from '../../components/SubTabs'
import { useI18n } from '../../i18n'

const SOURCES = ['ssh-config', 'csv'] as const
type Source = (typeof SOURCES)[number]

export function ImportServers({
  existing,
  onClose,
  onAdded,
}: {
  existing: ServerInfo[]
  onClose(): void
  onAdded(added: ServerInfo[]): void
}): React.JSX.Element {
  const { t } = useI18n()
  const api = useApi()
  const [source, setSource] = useState<Source>('ssh-config')
  const [candidates, setCandidates] = useState<ServerProfileInput[]>([])
  const [problems, setProblems] = useState<string[]>([])
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const [common, setCommon] = useState<Common>({ group: '', tags: '', login: '' })
  const { group, tags, login } = common
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<ServerImportResult | null>(null)
  const taken = new Set(existing.map((s) => s.name.toLowerCase()))
  const offer = (list: ServerProfileInput[]): void => {
    setCandidates(list)
    setPicked(new Set(list.map((c) => c.name).filter((n) => !taken.has(n.toLowerCase()))))
  }
  useEffect(() => {
    setError(null)
    setProblems([])
    setResult(null)
    offer([])
    if (source === 'ssh-config')
      void api
        .call('servers:ssh-config', {})
        .then((r) => (r.ok ? offer(r.value) : setError(r.error.message)))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source])
  const readCsv = async (file: File): Promise<void> => {
    setError(null)
    const r = await api.call('servers:csv', { text: await file.text() })
    if (!r.ok) return setError(r.error.message)
    offer(r.value.profiles)
    setProblems(r.value.problems)
  }
  const add = async (): Promise<void> => {
    const extra = tags.split(/[\s,;]+/).filter(Boolean)
    const profiles = candidates
      .filter((c) => picked.has(c.name))
      .map((c) => ({
        ...c,
        ...(group.trim() ? { group: group.trim() } : {}),
        ...(extra.length ? { tags: [...new Set([...(c.tags ?? []), ...extra])] } : {}),
        ...(!c.user && login.trim() ? { user: login.trim() } : {}),
      }))
    const r = await api.call('servers:import', { profiles })
    if (!r.ok) return setError(r.error.message)
    setResult(r.value)
    setPicked(new Set())
    onAdded(r.value.added)
  }
  return (
    <Modal title={t('import.title')} onClose={onClose}>
      <div className="form import-servers" data-testid="import-servers">
        <SubTabs<Source>
          tabs={SOURCES}
          value={source}
          onChange={setSource}
          label={(s) => t(s === 'csv' ? 'import.csv' : 'import.sshConfig')}
        />
        {source === 'csv' && (
          <label>
            {t('import.csv.file')}
            <input
              type="file"
              accept=".csv,.txt,text/csv"
              onChange={(e) => {
                const file = e.target.files?.[0]
                if (file) void readCsv(file)
              }}
            />
          </label>
        )}
        {source === 'csv' && <p className="muted small">{t('import.csv.columns')}</p>}
        {error && <ErrorBanner message={error} />}
        <Problems problems={problems} />
        <CandidateList
          candidates={candidates}
          picked={picked}
          taken={taken}
          onPick={(name, on) =>
            setPicked((s) => {
              const next = new Set(s)
              if (on) next.add(name)
              else next.delete(name)
              return next
            })
          }
        />
        <CommonFields common={common} onChange={setCommon} />
        {result && <ImportOutcome result={result} />}
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t(result ? 'common.close' : 'common.cancel')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={picked.size === 0}
            onClick={() => void add()}
          >
            {t('import.add', { n: picked.size })}
          </button>
        </div>
      </div>
    </Modal>
  )
}

function Problems({ problems }: { problems: string[] }): React.JSX.Element | null {
  if (problems.length === 0) return null
  return (
    <ul className="small error-text" data-testid="import-problems">
      {problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  )
}

/** What every imported server gets: a group, tags, the login of hosts that name none. */
interface Common {
  group: string
  tags: string
  login: string
}

function CommonFields({
  common,
  onChange,
}: {
  common: Common
  onChange(c: Common): void
}): React.JSX.Element {
  const { t } = useI18n()
  const field = (key: keyof Common, label: string): React.JSX.Element => (
    <label>
      {label}
      <input value={common[key]} onChange={(e) => onChange({ ...common, [key]: e.target.value })} />
    </label>
  )
  return (
    <>
      {field('group', t('fleet.group'))}
      {field('tags', t('import.tags'))}
      {field('login', t('import.login'))}
    </>
  )
}

function CandidateList({
  candidates,
  picked,
  taken,
  onPick,
}: {
  candidates: ServerProfileInput[]
  picked: Set<string>
  taken: Set<string>
  onPick(name: string, on: boolean): void
}): React.JSX.Element {
  const { t } = useI18n()
  if (candidates.length === 0) return <p className="muted small">{t('import.none')}</p>
  return (
    <table className="table compact" aria-label={t('import.candidates')}>
      <tbody>
        {candidates.map((c) => {
          const exists = taken.has(c.name.toLowerCase())
          return (
            <tr key={c.name}>
              <td>
                <label className="inline">
                  <input
                    type="checkbox"
                    disabled={exists}
                    checked={picked.has(c.name)}
                    onChange={(e) => onPick(c.name, e.target.checked)}
                  />{' '}
                  {c.name}
                </label>
              </td>
              <td className="mono small">
                {c.user || '?'}@{c.host}
                {c.port && c.port !== 22 ? `:${c.port}` : ''}
              </td>
              <td className="muted small">
                {exists
                  ? t('import.exists')
                  : [c.group, ...(c.tags ?? [])].filter(Boolean).join(' · ')}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function ImportOutcome({ result }: { result: ServerImportResult }): React.JSX.Element {
  const { t } = useI18n()
  const total = result.added.length + result.skipped.length
  return (
    <div role="status" data-testid="import-outcome">
      <p>
        {t('import.added', { n: result.added.length, total })}
        {result.added.length > 0 && <span className="muted small"> {t('import.trust')}</span>}
      </p>
      {result.skipped.length > 0 && (
        <ul className="small error-text">
          {result.skipped.map((s) => (
            <li key={s.name}>
              <strong>{s.name}</strong>: {s.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
