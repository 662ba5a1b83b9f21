import type { AppInfo, ServerInfo, Settings } from '../../../shared/api'
import { useI18n } from '../i18n'
import { FLEET } from '../features/fleet'

interface SidebarProps {
  servers: ServerInfo[]
  selected: string | null
  onSelect(id: string): void
  settings: Settings
  onSettings(patch: Partial<Settings>): void
  onAdd(): void
  info: AppInfo | null
}

export function Sidebar({
  servers,
  selected,
  onSelect,
  settings,
  onSettings,
  onAdd,
  info,
}: SidebarProps): React.JSX.Element {
  const { t } = useI18n()
  const nextTheme =
    settings.theme === 'system' ? 'dark' : settings.theme === 'dark' ? 'light' : 'system'
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="logo" aria-hidden>
          ▚
        </span>
        {t('app.title')}
      </div>
      <div className="sidebar-title">{t('servers.title')}</div>
      {servers.some((s) => s.kind === 'ssh') && (
        <button
          type="button"
          className={`server fleet ${selected === FLEET ? 'selected' : ''}`}
          onClick={() => onSelect(FLEET)}
        >
          <span className="server-name">{t('fleet.title')}</span>
          <span className="muted small">{servers.filter((s) => s.kind === 'ssh').length}</span>
        </button>
      )}
      <ul className="server-list" aria-label={t('servers.title')}>
        {servers.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className={`server ${s.id === selected ? 'selected' : ''}`}
              onClick={() => onSelect(s.id)}
              title={s.kind === 'demo' ? t('servers.demo.hint') : s.address}
            >
              <span className={`dot ${s.state}`} aria-hidden />
              <span className="server-name">{s.name}</span>
              <span className={`role ${s.role}`}>{t(`server.role.${s.role}`)}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="add-server" onClick={onAdd}>
        + {t('server.add')}
      </button>
      <div className="sidebar-foot">
        <label>
          {t('locale.label')}{' '}
          <select
            value={settings.locale}
            onChange={(e) => onSettings({ locale: e.target.value as Settings['locale'] })}
          >
            <option value="system">{t('locale.system')}</option>
            <option value="en">English</option>
            <option value="fr">Français</option>
          </select>
        </label>
        <label>
          {t('clock.label')}{' '}
          <select
            value={settings.clock}
            data-testid="clock-mode"
            onChange={(e) => onSettings({ clock: e.target.value as Settings['clock'] })}
          >
            <option value="server">{t('clock.mode.server')}</option>
            <option value="utc">{t('clock.mode.utc')}</option>
            <option value="local">{t('clock.mode.local')}</option>
          </select>
        </label>
        <button type="button" className="ghost" onClick={() => onSettings({ theme: nextTheme })}>
          {t(`theme.${settings.theme}`)}
        </button>
        {info && (
          <span
            className="secrets-store muted"
            data-testid="secrets-store"
            title={
              info.secrets.kind === 'key-file'
                ? t('secrets.keyFile.hint', { file: info.secrets.keyFile ?? '' })
                : t('secrets.keychain.hint')
            }
          >
            {info.secrets.kind === 'key-file' ? t('secrets.keyFile') : t('secrets.keychain')}
          </span>
        )}
      </div>
    </aside>
  )
}
