import type { ServerInfo } from '../../../shared/api'
import { useCall } from '../api/context'
import { Loadable } from '../components/Loadable'
import { formatBytes, formatTime, useI18n } from '../i18n'

const BINLOG = /-bin\.\d+$/

export function BinlogsView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t, locale } = useI18n()
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
            <table className="table" aria-label={t('binlogs.title')}>
              <thead>
                <tr>
                  <th>{t('common.name')}</th>
                  <th className="num">{t('common.size')}</th>
                  <th>{t('common.modified')}</th>
                </tr>
              </thead>
              <tbody>
                {logs.map((e) => (
                  <tr key={e.path}>
                    <td className="mono">{e.name}</td>
                    <td className="num">{formatBytes(e.size, locale)}</td>
                    <td>{formatTime(e.mtimeMs, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }}
      </Loadable>
    </div>
  )
}
