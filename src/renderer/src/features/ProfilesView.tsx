import type { ServerInfo } from '../../../shared/api'
import { useCall } from '../api/context'
import { Loadable } from '../components/Loadable'
import { formatBytes, formatTime, useI18n } from '../i18n'

export function ProfilesView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t, locale } = useI18n()
  const [state, reload] = useCall('profiles:list', { server: server.id }, server.id)
  return (
    <div className="column">
      <h2 className="pane-title">{t('profiles.title')}</h2>
      <Loadable state={state} reload={reload}>
        {(profiles) =>
          profiles.length === 0 ? (
            <div className="empty">{t('profiles.none')}</div>
          ) : (
            <table className="table" aria-label={t('profiles.title')}>
              <thead>
                <tr>
                  <th>{t('profiles.request')}</th>
                  <th>{t('common.name')}</th>
                  <th className="num">{t('common.size')}</th>
                  <th>{t('common.modified')}</th>
                </tr>
              </thead>
              <tbody>
                {profiles.map((p) => (
                  <tr key={p.path}>
                    <td className="mono">{p.cmd}</td>
                    <td className="mono muted">{p.name}</td>
                    <td className="num">{formatBytes(p.size, locale)}</td>
                    <td>{formatTime(p.mtimeMs, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loadable>
    </div>
  )
}
