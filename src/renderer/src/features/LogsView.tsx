import { useState } from 'react'
import type { ServerInfo } from '../../../shared/api'
import { useCall } from '../api/context'
import { Loadable } from '../components/Loadable'
import { LogTail } from '../components/LogTail'
import { useI18n } from '../i18n'
import { LogList } from './LogList'

export function LogsView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const [state, reload] = useCall('logs:discover', { server: server.id }, server.id)
  const [path, setPath] = useState<string | null>(null)
  return (
    <div className="split">
      <div className="pane-left">
        <Loadable state={state} reload={reload}>
          {(logs) =>
            logs.length === 0 ? (
              <div className="empty">{t('logs.none')}</div>
            ) : (
              <LogList
                logs={logs.filter((l) => l.kind !== 'php-slow')}
                selected={path}
                onSelect={setPath}
              />
            )
          }
        </Loadable>
      </div>
      <div className="pane-right">
        {path ? (
          <LogTail key={path} server={server.id} path={path} follow={!path.endsWith('.gz')} />
        ) : (
          <div className="empty">{t('logs.pick')}</div>
        )}
      </div>
    </div>
  )
}
