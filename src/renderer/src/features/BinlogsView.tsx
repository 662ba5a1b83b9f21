import type { ServerInfo } from '../../../shared/api'
import { useCall } from '../api/context'
import { Loadable } from '../components/Loadable'
import { FileTable } from '../components/FileTable'
import { useI18n } from '../i18n'

const BINLOG = /-bin\.\d+$/

export function BinlogsView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const [state, reload] = useCall(
    'files:list',
    { server: server.id, path: '/var/log/mysql' },
    server.id,
  )
  return (
    <div className="column">
      <h2 className="pane-title">{t('binlogs.title')}</h2>
      <p className="note">{t('binlogs.note')}</p>
      <Loadable state={state} reload={reload}>
        {(entries) => {
          const logs = entries.filter((e) => e.type === 'file' && BINLOG.test(e.name))
          if (logs.length === 0) return <div className="empty">{t('binlogs.none')}</div>
          return (
            <FileTable
              label={t('binlogs.title')}
              rows={logs.map((e) => ({
                key: e.path,
                name: e.name,
                size: e.size,
                mtimeMs: e.mtimeMs,
              }))}
            />
          )
        }}
      </Loadable>
    </div>
  )
}
