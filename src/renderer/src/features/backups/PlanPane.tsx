// The restore planner: the contract (saved per server), a moment (the shared one by default),
// the newest backups before it, what a restore would lose, the mail to the host.
import { useEffect, useState } from 'react'
import type {
  BackupContract,
  BackupPlan,
  RestorePoint,
  ServerInfo,
  Settings,
} from '../../../../shared/api'
import { DEFAULT_CONTRACT } from '../../../../shared/api'
import { useApi } from '../../api/context'
import { useStartedJob } from '../../api/use-job'
import { useClock } from '../../clock'
import { ErrorBanner } from '../../components/ErrorBanner'
import { HostRequest } from '../../components/HostRequest'
import { useRowLimit } from '../../components/RowLimit'
import { RunOrCancel } from '../../components/RunOrCancel'
import { formatNumber, useI18n } from '../../i18n'
import { useMoment } from '../../moment'

/** `YYYY-MM-DDTHH:MM:SS` in UTC, for a datetime-local input. */
const utcInput = (ms: number): string => new Date(ms).toISOString().slice(0, 19)

export function PlanPane({
  server,
  settings,
  onSettings,
}: {
  server: ServerInfo
  settings: Settings
  onSettings(s: Settings): void
}): React.JSX.Element {
  const { t } = useI18n()
  const api = useApi()
  const { moment } = useMoment()
  const saved = settings.backupContracts?.[server.id] ?? DEFAULT_CONTRACT
  const [contract, setContract] = useState<BackupContract>(saved)
  const [at, setAt] = useState(moment !== null ? utcInput(moment) : '')
  const planning = useStartedJob('backup:plan')
  const [error, setError] = useState<string | null>(null)
  const [note, setNote] = useState<string | null>(null)
  useEffect(() => {
    if (moment !== null) setAt(utcInput(moment))
  }, [moment])
  const plan = planning.run.records[0] ?? null
  const save = async (): Promise<void> => {
    const r = await api.call('settings:set', {
      backupContracts: { ...settings.backupContracts, [server.id]: contract },
    })
    if (r.ok) {
      onSettings(r.value)
      setNote(t('backups.saved'))
    } else setError(r.error.message)
  }
  return (
    <div data-testid="backup-plan">
      <form
        className="toolbar wrap"
        onSubmit={(e) => {
          e.preventDefault()
          void planning.start({ server: server.id, at: Date.parse(`${at}Z`), contract })
        }}
      >
        <ContractFields contract={contract} onChange={setContract} />
        <button type="button" onClick={() => void save()}>
          {t('backups.save')}
        </button>
        {note && <span className="muted small">{note}</span>}
        <label className="small">
          {t('backups.at')}{' '}
          <input
            type="datetime-local"
            step={1}
            required
            value={at}
            onChange={(e) => setAt(e.target.value)}
            aria-label={t('backups.at')}
          />
        </label>
        <RunOrCancel
          job={planning.job}
          running={planning.running}
          label={t('backups.plan')}
          progress={t('backups.planning')}
          testId="backup-plan-progress"
        />
      </form>
      {(error ?? planning.error) && <ErrorBanner message={(error ?? planning.error)!} />}
      {plan && <PlanResult plan={plan} support={settings.supportEmail ?? ''} />}
    </div>
  )
}

function ContractFields({
  contract,
  onChange,
}: {
  contract: BackupContract
  onChange(c: BackupContract): void
}): React.JSX.Element {
  const { t } = useI18n()
  return (
    <>
      <label className="small">
        {t('backups.contract')}{' '}
        <select
          value={contract.days}
          onChange={(e) => onChange({ ...contract, days: Number(e.target.value) as 2 | 4 | 10 })}
          aria-label={t('backups.contract')}
        >
          {([2, 4, 10] as const).map((n) => (
            <option key={n} value={n}>
              {t('backups.days', { n })}
            </option>
          ))}
        </select>
      </label>
      <label className="small">
        <input
          type="checkbox"
          checked={contract.ha}
          onChange={(e) => onChange({ ...contract, ha: e.target.checked })}
        />{' '}
        {t('backups.ha')}
      </label>
      <label className="small">
        {t('backups.hour')}{' '}
        <input
          type="time"
          value={contract.hour}
          required
          onChange={(e) => onChange({ ...contract, hour: e.target.value })}
          aria-label={t('backups.hour')}
        />
      </label>
    </>
  )
}

function PlanResult({ plan, support }: { plan: BackupPlan; support: string }): React.JSX.Element {
  const { t, locale } = useI18n()
  const clock = useClock()
  const { setMoment, open } = useMoment()
  const lost = useRowLimit(plan.lostWrites ?? [], 50, 'backup-lost-limit')
  const point = (p: RestorePoint | null, oldest: RestorePoint | null): string =>
    p
      ? t('backups.point', {
          time: clock.format(p.at),
          kind: p.kind,
          kept: clock.format(p.keptUntil),
        })
      : t('backups.none', { oldest: oldest ? clock.format(oldest.at) : '–' })
  return (
    <div className="backup-result" data-testid="backup-result">
      <dl className="facts">
        <dt>{t('backups.database')}</dt>
        <dd data-testid="backup-database">{point(plan.database, plan.oldestDatabase)}</dd>
        <dt>{t('backups.files')}</dt>
        <dd data-testid="backup-files">
          {point(plan.files, plan.oldestFiles)}
          {plan.changedFiles !== null && (
            <> · {t('backups.changed', { n: formatNumber(plan.changedFiles, locale) })}</>
          )}
        </dd>
      </dl>
      {plan.notes.map((n) => (
        <p key={n} className="warn-text small">
          {n}
        </p>
      ))}
      {plan.lostWrites && (
        <>
          <p>{t('backups.lost', { n: plan.lostWrites.length })}</p>
          <table className="table compact" data-testid="backup-lost">
            <thead>
              <tr>
                <th>{t('backups.col.table')}</th>
                <th className="num">{t('backups.col.inserts')}</th>
                <th className="num">{t('backups.col.updates')}</th>
                <th className="num">{t('backups.col.deletes')}</th>
              </tr>
            </thead>
            <tbody>
              {lost.shown.map((w) => (
                <tr key={w.table}>
                  <td className="mono">{w.table}</td>
                  <td className="num">{formatNumber(w.inserts, locale)}</td>
                  <td className="num">{formatNumber(w.updates, locale)}</td>
                  <td className="num">{formatNumber(w.deletes, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {lost.footer}
        </>
      )}
      <p className="small">
        {t('backups.undo')}{' '}
        <button
          type="button"
          className="link"
          onClick={() => {
            setMoment(plan.at)
            open('binlogs')
          }}
        >
          {t('backups.openBinlogs')}
        </button>
      </p>
      <HostRequest subject={plan.request.subject} body={plan.request.body} to={support} />
    </div>
  )
}
