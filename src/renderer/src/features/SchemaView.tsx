import type { ServerInfo } from '../../../shared/api'
import { useCall } from '../api/context'
import { Loadable } from '../components/Loadable'
import { LogTail } from '../components/LogTail'
import { useI18n } from '../i18n'

export const INTEGRITY_LOG = '/var/log/mysql/btws_integrity.log'

// The host's format is unpublished: only light, tolerant highlighting of any text.
function integrityLineClass(line: string): string | undefined {
  if (/^={3,}/.test(line)) return 'hl-head'
  if (/\bDROP\b/i.test(line)) return 'hl-danger'
  // Only changed lines of a diff are flagged; context lines stay plain.
  const changed = /^[-+](?![-+]{2} )/.test(line)
  if (!changed) return undefined
  if (/\bPRIMARY KEY\b/i.test(line)) return 'hl-danger'
  if (/\b(UNIQUE KEY|KEY|INDEX)\b/i.test(line)) return 'hl-warn'
  return line.startsWith('+') ? 'hl-add' : 'hl-del'
}

export function SchemaView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  const [state, reload] = useCall(
    'files:list',
    { server: server.id, path: '/var/log/mysql' },
    server.id,
  )
  return (
    <Loadable state={state} reload={reload}>
      {(entries) =>
        entries.some((e) => e.path === INTEGRITY_LOG) ? (
          <div className="column">
            <h2 className="pane-title">{t('schema.title')}</h2>
            <LogTail
              server={server.id}
              path={INTEGRITY_LOG}
              history={100_000}
              lineClass={integrityLineClass}
            />
          </div>
        ) : (
          <div className="empty">{t('schema.none')}</div>
        )
      }
    </Loadable>
  )
}
