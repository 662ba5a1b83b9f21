import { useState } from 'react'
import type { ServerInfo } from '../../../../shared/api'
import { SubTabs } from '../../components/SubTabs'
import type { Section } from '../../components/SectionTabs'
import { useI18n } from '../../i18n'
import type { MomentFocus } from '../../moment'
import { FleetBinlog } from './FleetBinlog'
import { FleetSearch } from './FleetSearch'
import { FleetOverview } from './FleetOverview'
import { ImportServers } from './ImportServers'

/** What the sidebar's "All servers" selects (not a server's id: ids are names' slugs). */
export const FLEET = '\u0000fleet'

/** Where a result opens its server: a section, at a moment, on a record. */
export type OpenAt = (
  id: string,
  at?: { section: Section; moment?: number; focus?: MomentFocus | null },
) => void

const PANES = ['overview', 'search', 'binlog'] as const
type Pane = (typeof PANES)[number]
const PANE_KEYS = {
  overview: 'fleet.pane.overview',
  search: 'fleet.pane.search',
  binlog: 'fleet.pane.binlog',
} as const

/**
 * Every SSH server at once (or a group's): the overview (a row each, filled as each answers), a
 * search of their logs, the binlog finder across them; a result opens its server at its place.
 */
export function FleetView({
  servers,
  onOpen,
  onAdded,
}: {
  servers: ServerInfo[]
  onOpen: OpenAt
  onAdded(added: ServerInfo[]): void
}): React.JSX.Element {
  const { t } = useI18n()
  const ssh = servers.filter((s) => s.kind === 'ssh')
  const groups = [...new Set(ssh.flatMap((s) => (s.group ? [s.group] : [])))].sort()
  const [group, setGroup] = useState('')
  const [pane, setPane] = useState<Pane>('overview')
  const [importing, setImporting] = useState(false)
  const importButton = (
    <button type="button" onClick={() => setImporting(true)}>
      {t('import.open')}
    </button>
  )
  const dialog = importing && (
    <ImportServers existing={servers} onClose={() => setImporting(false)} onAdded={onAdded} />
  )
  if (ssh.length === 0)
    return (
      <div className="empty">
        <p>{t('fleet.none')}</p>
        {importButton}
        {dialog}
      </div>
    )
  return (
    <div className="fleet-view" data-testid="fleet-view">
      {dialog}
      <h2 className="pane-title">{t('fleet.title')}</h2>
      <div className="toolbar">
        <label>
          {t('fleet.group')}{' '}
          <select
            value={group}
            onChange={(e) => setGroup(e.target.value)}
            aria-label={t('fleet.group')}
          >
            <option value="">{t('fleet.group.all')}</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        {importButton}
        <SubTabs<Pane>
          tabs={PANES}
          value={pane}
          onChange={setPane}
          label={(p) => t(PANE_KEYS[p])}
        />
      </div>
      {/* Each pane keeps its results while another is looked at. */}
      <div hidden={pane !== 'overview'}>
        <FleetOverview group={group} servers={ssh.length} onOpen={onOpen} />
      </div>
      <div hidden={pane !== 'search'}>
        <FleetSearch group={group} onOpen={onOpen} />
      </div>
      <div hidden={pane !== 'binlog'}>
        <FleetBinlog group={group} onOpen={onOpen} />
      </div>
    </div>
  )
}
