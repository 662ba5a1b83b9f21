import { lazy, Suspense } from 'react'
import type { ServerInfo } from '../../../shared/api'
import type { Section } from '../components/SectionTabs'
import { useI18n } from '../i18n'
import { BinlogsView } from './BinlogsView'
import { CloneView } from './CloneView'
import { HttpView } from './HttpView'
import { LogsView } from './LogsView'
import { Notice } from './Notice'
import { ProfilesView } from './ProfilesView'
import { SchemaView } from './SchemaView'
import { SlowView } from './SlowView'

const FilesView = lazy(() => import('./FilesView'))
const TerminalView = lazy(() => import('./TerminalView'))

export function SectionView({
  server,
  section,
}: {
  server: ServerInfo
  section: Section
}): React.JSX.Element {
  const { t } = useI18n()
  switch (section) {
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
  }
}
