import type { ServerInfo } from '../../../../shared/api'
import { useI18n } from '../../i18n'

const WANTED = [
  'tail',
  'zcat',
  'grep',
  'find',
  'mysqlbinlog',
  'mysqldump',
  'rsync',
  'curl',
] as const

interface ServerHeaderProps {
  server: ServerInfo
  onEdit?(): void
  onRemove?(): void
  onDisconnect?(): void
  onRights?(): void
  onPreprod?(): void
}

export function ServerHeader({
  server,
  onEdit,
  onRemove,
  onDisconnect,
  onRights,
  onPreprod,
}: ServerHeaderProps): React.JSX.Element {
  const { t } = useI18n()
  const tools = server.tools
  const has = (tool: string): boolean =>
    !!tools &&
    (tools.includes(tool) ||
      (tool === 'mysqlbinlog' && tools.includes('mariadb-binlog')) ||
      (tool === 'mysqldump' && tools.includes('mariadb-dump')))
  return (
    <>
      <header className="server-header">
        <span className="server-title">{server.name}</span>
        <span className="mono muted">
          {server.kind === 'demo' ? t('servers.demo.hint') : server.address}
        </span>
        {server.jump && <span className="muted">via {server.jump}</span>}
        <span className={`role ${server.role}`}>{t(`server.role.${server.role}`)}</span>
        <span className="spacer" />
        {tools && (
          <span className="tools" data-testid="tools">
            {WANTED.map((tool) => (
              <span
                key={tool}
                className={`tool ${has(tool) ? 'ok' : 'missing'}`}
                title={has(tool) ? t('tools.present') : t('tools.missing')}
              >
                {tool}
              </span>
            ))}
          </span>
        )}
        {onRights && server.state === 'connected' && (
          <button type="button" className="ghost" onClick={onRights}>
            {t('rights.button')}
          </button>
        )}
        {onDisconnect && server.state === 'connected' && (
          <button type="button" className="ghost" onClick={onDisconnect}>
            {t('server.disconnect')}
          </button>
        )}
        {onEdit && (
          <button type="button" className="ghost" onClick={onEdit}>
            {t('server.edit')}
          </button>
        )}
        {onRemove && (
          <button type="button" className="ghost" onClick={onRemove}>
            {t('server.remove')}
          </button>
        )}
      </header>
      {server.role === 'preprod' && (
        <div className="banner preprod" role="note" data-testid="preprod-guard">
          <span>{t('preprod.guard')}</span>
          {onPreprod && server.state === 'connected' && (
            <button type="button" onClick={onPreprod}>
              {t('preprod.check')}
            </button>
          )}
        </div>
      )}
    </>
  )
}
