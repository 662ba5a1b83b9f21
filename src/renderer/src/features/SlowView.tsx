import { useState } from 'react'
import type { ServerInfo } from '../../../shared/api'
import { useCall } from '../api/context'
import { Loadable } from '../components/Loadable'
import { LogTail } from '../components/LogTail'
import { useI18n } from '../i18n'
import { LogList } from './LogList'

const slowLineClass = (line: string): string | undefined =>
  line.startsWith('[') && line.includes('[pool ')
    ? 'hl-head'
    : line.startsWith('script_filename')
      ? 'hl-key'
      : undefined

export function SlowView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const [state, reload] = useCall('logs:discover', { server: server.id }, server.id)
  const [picked, setPicked] = useState<string | null>(null)
  return (
    <Loadable state={state} reload={reload}>
      {(logs) => {
        const slow = logs.filter((l) => l.kind === 'php-slow')
        if (slow.length === 0) return <div className="empty">{t('slow.none')}</div>
        const path = picked ?? slow[0]!.path
        return (
          <div className="split">
            <div className="pane-left">
              <h2 className="pane-title">{t('slow.title')}</h2>
              <LogList logs={slow} selected={path} onSelect={setPicked} />
            </div>
            <div className="pane-right">
              <LogTail key={path} server={server.id} path={path} lineClass={slowLineClass} />
            </div>
          </div>
        )
      }}
    </Loadable>
  )
}
