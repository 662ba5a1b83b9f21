import { useClock } from '../../clock'
import { useEffect, useState } from 'react'
import type { Locale, ProfileFile, ServerInfo } from '../../../../shared/api'
import type { ProfileView } from '../../../../shared/profiles'
import { useApi, useCall } from '../../api/context'
import { useJob } from '../../api/use-job'
import { RunOrCancel } from '../../components/RunOrCancel'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loadable } from '../../components/Loadable'
import { formatBytes, formatDuration, useI18n } from '../../i18n'
import { ProfileViewer } from './ProfileViewer'

export const MAX_ROWS = 400

export function ProfilesView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t, locale } = useI18n()
  const clock = useClock()
  const [state, reload] = useCall('profiles:list', { server: server.id }, server.id)
  const [picked, setPicked] = useState<ProfileFile | null>(null)
  return (
    <div className="split">
      <div className="pane-left">
        <h2 className="pane-title">{t('profiles.title')}</h2>
        <ProfileUrlBar
          server={server}
          onProfiled={(file) => {
            setPicked(file)
            reload()
          }}
        />
        <Loadable state={state} reload={reload}>
          {(profiles) =>
            profiles.length === 0 ? (
              <div className="empty">{t('profiles.none')}</div>
            ) : (
              <div
                className="filelist"
                role="listbox"
                aria-label={t('profiles.title')}
                data-testid="profile-list"
              >
                {profiles.map((p) => (
                  <button
                    key={p.path}
                    type="button"
                    role="option"
                    aria-selected={picked?.path === p.path}
                    className={`fileitem profile-item ${picked?.path === p.path ? 'selected' : ''}`}
                    onClick={() => setPicked(p)}
                    title={`${p.cmd}\n${p.path}${p.request ? `\n${t('profiles.request.hint')}` : ''}`}
                  >
                    <span className="fname">{p.request ?? shortScript(p.cmd)}</span>
                    <span className="fmeta">
                      {p.request ? `${shortScript(p.cmd)} · ` : ''}
                      {clock.format(p.startedMs ?? p.mtimeMs)} · {formatBytes(p.size, locale)}
                      {p.compressed ? ' · gz' : ''}
                    </span>
                  </button>
                ))}
              </div>
            )
          }
        </Loadable>
      </div>
      <div className="pane-right">
        {picked ? (
          <ProfileViewer
            key={`${picked.path}@${picked.mtimeMs}`}
            server={server}
            file={picked}
            others={state.status === 'ok' ? state.value : []}
          />
        ) : (
          <div className="empty">{t('profiles.pick')}</div>
        )}
      </div>
    </div>
  )
}

/** "Profile this URL": one request with the Xdebug trigger cookie, then the new profile opens. */
function ProfileUrlBar({
  server,
  onProfiled,
}: {
  server: ServerInfo
  onProfiled(file: ProfileFile): void
}): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [url, setUrl] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [note, setNote] = useState<string | null>(null)
  // The request runs as a job: how long it has been waiting is shown, and it can be cancelled.
  const [job, setJob] = useState<string | null>(null)
  const job$ = useJob(job, 'profiles:profile-url')
  const busy = job !== null && job$.state === 'running'
  const waited = useElapsed(busy)
  const site = server.preprodLink ?? server.productionUrl
  const result = job$.records[0]
  useEffect(() => {
    if (!result) return
    if (!result.file) setError(t('profiles.url.noFile', { status: result.status, ms: result.ms }))
    else {
      setNote(t('profiles.url.done', { status: result.status, ms: result.ms }))
      onProfiled(result.file)
    }
    // Once per result.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result])
  const run = async (): Promise<void> => {
    setError(null)
    setNote(null)
    const r = await api.call('profiles:profile-url', {
      server: server.id,
      ...(url.trim() ? { url: url.trim() } : {}),
    })
    if (r.ok) setJob(r.value.job)
    else setError(r.error.message)
  }
  return (
    <form
      className="profile-url"
      onSubmit={(e) => {
        e.preventDefault()
        void run()
      }}
    >
      <input
        type="url"
        className="filter grow"
        placeholder={site ?? 'https://www.example.com/page'}
        aria-label={t('profiles.url.label')}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <RunOrCancel
        job={job}
        running={busy}
        label={t('profiles.url.run')}
        progress={t('profiles.url.waiting', { s: waited })}
        testId="profile-url-progress"
      />
      {job$.state === 'cancelled' && (
        <div className="muted small">{t('profiles.url.cancelled')}</div>
      )}
      {(error ?? (job$.state === 'failed' ? job$.error?.message : null)) && (
        <ErrorBanner message={(error ?? job$.error?.message)!} />
      )}
      {note && <div className="muted small">{note}</div>}
    </form>
  )
}

/** Whole seconds since `running` became true (a clock of the screen, for a wait that shows). */
function useElapsed(running: boolean): number {
  const [seconds, setSeconds] = useState(0)
  useEffect(() => {
    setSeconds(0)
    if (!running) return
    const started = Date.now()
    const tick = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000)
    return () => clearInterval(tick)
  }, [running])
  return seconds
}

/** How a cost reads: a duration for time events, a size for memory, else a count. */
export function costFormatter(
  view: Pick<ProfileView, 'events' | 'timeUnitNs'>,
  event: number,
  locale: Locale,
): (v: number) => string {
  const unit = view.timeUnitNs[event]
  if (unit != null) {
    return (v) => formatDuration((v * unit) / 1e6, locale)
  }
  if (/memory/i.test(view.events[event] ?? '')) {
    return (v) => (v < 0 ? `−${formatBytes(-v, locale)}` : formatBytes(v, locale))
  }
  return (v) => v.toLocaleString(locale)
}

/** The profiled script as the site names it: `wp-admin/edit-comments.php`, not its full path. */
export function shortScript(cmd: string): string {
  const at = cmd.indexOf('/www/')
  const rest = at >= 0 ? cmd.slice(at + 5) : cmd
  // `/var/www/site/index.php` → `index.php` (the jail's site folder is one level under www).
  const slash = rest.indexOf('/')
  return slash >= 0 && at >= 0 ? rest.slice(slash + 1) : cmd.slice(cmd.lastIndexOf('/') + 1)
}
