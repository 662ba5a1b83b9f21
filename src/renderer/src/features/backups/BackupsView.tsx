// Backups (guide §7): the host's policy turned into decisions — a restore planner and the
// backup-weight audit, each ending, where the host must act, with the request to send it.
import { useEffect, useState } from 'react'
import type { ServerInfo, Settings } from '../../../../shared/api'
import { useApi } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Notice } from '../../components/Notice'
import { SubTabs } from '../../components/SubTabs'
import { useI18n } from '../../i18n'
import { PlanPane } from './PlanPane'
import { SnapshotsPane } from './SnapshotsPane'
import { WeightPane } from './WeightPane'

const PANES = ['plan', 'weight', 'snapshots'] as const
const PANE_KEYS = {
  plan: 'backups.pane.plan',
  weight: 'backups.pane.weight',
  snapshots: 'backups.pane.snapshots',
} as const
type Pane = (typeof PANES)[number]

export function BackupsView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const api = useApi()
  const [pane, setPane] = useState<Pane>('plan')
  const [settings, setSettings] = useState<Settings | null>(null)
  const [support, setSupport] = useState('')
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void api.call('settings:get', {}).then((r) => {
      if (!r.ok) return setError(r.error.message)
      setSettings(r.value)
      setSupport(r.value.supportEmail ?? '')
    })
  }, [api])
  if (server.kind !== 'ssh') return <Notice text={t('backups.demo')} />
  const saveSupport = (): void =>
    void api
      .call('settings:set', { supportEmail: support.trim() })
      .then((r) => (r.ok ? setSettings(r.value) : setError(r.error.message)))
  return (
    <div className="backups-view" data-testid="backups-view">
      <p className="muted small">{t('backups.intro')}</p>
      <div className="toolbar">
        <SubTabs<Pane>
          tabs={PANES}
          value={pane}
          onChange={setPane}
          label={(p) => t(PANE_KEYS[p])}
        />
        <span className="spacer" />
        <label className="small">
          {t('backups.support')}{' '}
          <input
            type="email"
            value={support}
            onChange={(e) => setSupport(e.target.value)}
            onBlur={saveSupport}
            aria-label={t('backups.support')}
          />
        </label>
      </div>
      {error && <ErrorBanner message={error} />}
      {settings && (
        <>
          <div hidden={pane !== 'plan'}>
            <PlanPane server={server} settings={settings} onSettings={setSettings} />
          </div>
          <div hidden={pane !== 'weight'}>
            <WeightPane server={server} support={settings.supportEmail ?? ''} />
          </div>
          <div hidden={pane !== 'snapshots'}>
            <SnapshotsPane server={server} support={settings.supportEmail ?? ''} />
          </div>
        </>
      )}
    </div>
  )
}
