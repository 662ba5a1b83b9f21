import type { ServerInfo } from '../../../shared/api'
import { useCall } from '../api/context'
import { Loadable } from '../components/Loadable'
import { FileTable } from '../components/FileTable'
import { useI18n } from '../i18n'

export function ProfilesView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const [state, reload] = useCall('profiles:list', { server: server.id }, server.id)
  return (
    <div className="column">
      <h2 className="pane-title">{t('profiles.title')}</h2>
      <Loadable state={state} reload={reload}>
        {(profiles) =>
          profiles.length === 0 ? (
            <div className="empty">{t('profiles.none')}</div>
          ) : (
            <FileTable
              label={t('profiles.title')}
              leadHeader={t('profiles.request')}
              rows={profiles.map((p) => ({
                key: p.path,
                lead: p.cmd,
                name: p.name,
                size: p.size,
                mtimeMs: p.mtimeMs,
              }))}
            />
          )
        }
      </Loadable>
    </div>
  )
}
