import { useEffect, useState } from 'react'
import type { ServerInfo } from '../../../../shared/api'
import { useCall } from '../../api/context'
import { Loadable } from '../../components/Loadable'
import { LogTail } from '../../components/LogTail'
import { useI18n } from '../../i18n'
import { LogList } from './LogList'
import { LogExplorer } from './LogExplorer'
import { LogSearch } from './LogSearch'
import { SubTabs } from '../../components/SubTabs'
import { useMoment } from '../../moment'

type LogTab = 'tail' | 'explore' | 'search'

export function LogsView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const [state, reload] = useCall('logs:discover', { server: server.id }, server.id)
  // Opened for a log line (the timeline's "open at source"): its file, at the moment. Once.
  const { focus, setFocus } = useMoment()
  const [opened] = useState(focus?.kind === 'log' ? focus.path : null)
  useEffect(() => {
    if (opened) setFocus(null)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  const [path, setPath] = useState<string | null>(opened)
  const [tab, setTab] = useState<LogTab>('tail')
  // Every text log can be explored: access logs as requests, error logs as entries, the others
  // once their format is defined. Slow logs have their own view; binlogs are not text.
  const kinds = new Map(state.status === 'ok' ? state.value.map((l) => [l.path, l.kind]) : [])
  const explorable = (p: string): boolean =>
    kinds.has(p) && kinds.get(p) !== 'php-slow' && !/-bin\.(\d+|index)$/.test(p)
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
        {path && (
          <SubTabs<LogTab>
            tabs={explorable(path) ? ['tail', 'explore', 'search'] : ['tail', 'search']}
            value={tab}
            onChange={setTab}
            label={(x) => t(`logs.tab.${x}`)}
          />
        )}
        {!path ? (
          <div className="empty">{t('logs.pick')}</div>
        ) : tab === 'explore' && explorable(path) ? (
          <LogExplorer key={path} server={server} path={path} />
        ) : tab === 'search' ? (
          <LogSearch key={path} server={server} path={path} />
        ) : (
          <LogTail
            key={path}
            server={server.id}
            path={path}
            follow={!path.endsWith('.gz')}
            goToMoment={path === opened}
          />
        )}
      </div>
    </div>
  )
}
