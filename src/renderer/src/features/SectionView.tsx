import { lazy, Suspense } from 'react'
import type { ServerInfo } from '../../../shared/api'
import type { Section } from '../components/SectionTabs'
import { useI18n } from '../i18n'
import { BackupsView } from './backups'
import { BinlogsView } from './binlog'
import { CloneView } from './clone'
import { HttpView } from './http'
import { LogsView } from './logs'
import { Notice } from '../components/Notice'
import { ProfilesView } from './profiles'
import { SchemaView } from './schema'
import { SlowView } from './slowlog'
import { TimelineView } from './timeline'

const FilesView = lazy(() => import('./files').then((m) => ({ default: m.FilesView })))
const TerminalView = lazy(() => import('./terminal').then((m) => ({ default: m.TerminalView })))

export function SectionView({
  server,
  section,
}: {
  server: ServerInfo
  section: Section
}): React.JSX.Element {
  const { t } = useI18n()
  switch (section) {
    case 'timeline':
      return <TimelineView server={server} />
    case 'logs':
      return <LogsView server={server} />
    case 'slow':
      return <SlowView server={server} />
    case 'profiles':
      return <ProfilesView server={server} />
    case 'binlogs':
      return <BinlogsView server={server} />
    case 'schema':
      return <SchemaView server={server} />
    case 'files':
      return (
        <Suspense fallback={<div className="empty">{t('common.loading')}</div>}>
          <FilesView server={server} />
        </Suspense>
      )
    case 'terminal':
      if (server.kind === 'demo') return <Notice text={t('terminal.demo')} />
      return (
        <Suspense fallback={<div className="empty">{t('common.loading')}</div>}>
          <TerminalView server={server} />
        </Suspense>
      )
    case 'http':
      return <HttpView server={server} />
    case 'clone':
      return <CloneView server={server} />
    case 'backups':
      return <BackupsView server={server} />
  }
}
