import { useEffect, useState } from 'react'
import type { ApiError, FileChunk, FileEntry, ServerInfo } from '../../../shared/api'
import { useApi, useCall } from '../api/context'
import { useJob } from '../api/use-job'
import { ErrorBanner } from '../components/ErrorBanner'
import { Loadable } from '../components/Loadable'
import { MonacoViewer } from '../components/MonacoViewer'
import { formatBytes, formatTime, useI18n } from '../i18n'

const PAGE = 1 << 20

export default function FilesView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t, locale } = useI18n()
  const [dir, setDir] = useState('/var/log')
  const [state, reload] = useCall(
    'files:list',
    { server: server.id, path: dir },
    `${server.id}:${dir}`,
  )
  const [open, setOpen] = useState<string | null>(null)
  const parent = dir === '/' ? null : dir.slice(0, dir.lastIndexOf('/')) || '/'

  const pick = (e: FileEntry): void => {
    if (e.type === 'dir') setDir(e.path)
    else setOpen(e.path)
  }

  return (
    <div className="split">
      <div className="pane-left wide">
        <div className="toolbar">
          <button type="button" disabled={!parent} onClick={() => parent && setDir(parent)}>
            ↑ {t('files.up')}
          </button>
          <form
            className="grow-form"
            onSubmit={(e) => {
              e.preventDefault()
              const typed = new FormData(e.currentTarget).get('path')
              if (typeof typed === 'string' && typed.startsWith('/'))
                setDir(typed.replace(/(.)\/+$/, '$1'))
            }}
          >
            <input
              key={dir}
              name="path"
              className="path-input mono"
              defaultValue={dir}
              aria-label={t('files.path')}
              data-testid="cwd"
            />
          </form>
        </div>
        <Loadable state={state} reload={reload}>
          {(entries) => (
            <table className="table compact" aria-label={dir}>
              <thead>
                <tr>
                  <th>{t('common.name')}</th>
                  <th className="num">{t('common.size')}</th>
                  <th>mode</th>
                  <th>{t('common.modified')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr
                    key={e.path}
                    className={`clickable ${e.path === open ? 'selected' : ''}`}
                    onClick={() => pick(e)}
                    onKeyDown={(k) => k.key === 'Enter' && pick(e)}
                    tabIndex={0}
                  >
                    <td className="mono">
                      {e.type === 'dir' ? '📁 ' : ''}
                      {e.name}
                    </td>
                    <td className="num">{e.type === 'dir' ? '' : formatBytes(e.size, locale)}</td>
                    <td className="mono muted">{(e.mode & 0o777).toString(8)}</td>
                    <td>{formatTime(e.mtimeMs, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loadable>
      </div>
      <div className="pane-right">
        {open ? (
          <FileViewer key={open} server={server} path={open} />
        ) : (
          <div className="empty">{t('files.viewer.empty')}</div>
        )}
      </div>
    </div>
  )
}

/** Opens a file by range: the first megabyte, then more on request (a 2 GB log is never fetched whole). */
function FileViewer({ server, path }: { server: ServerInfo; path: string }): React.JSX.Element {
  const api = useApi()
  const { t, locale } = useI18n()
  const [chunk, setChunk] = useState<FileChunk | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)

  const load = (start: number): void => {
    void api.call('files:read', { server: server.id, path, start, length: PAGE }).then((r) => {
      if (!r.ok) return setError(r.error)
      setError(null)
      setChunk((cur) =>
        cur && start > 0
          ? { ...r.value, start: cur.start, text: cur.text + r.value.text }
          : r.value,
      )
    })
  }
  useEffect(() => load(0), [server.id, path]) // eslint-disable-line react-hooks/exhaustive-deps

  // Editing is opt-in, for whole files of a real server; production asks first and every save
  // keeps the previous version beside the file.
  const canEdit = server.kind === 'ssh' && chunk !== null && !chunk.truncated && chunk.start === 0
  const save = async (): Promise<void> => {
    if (!chunk || draft === null) return
    const production = server.role === 'production'
    if (production && !window.confirm(t('files.confirmProduction', { path, name: server.name })))
      return
    const r = await api.call('files:write', {
      server: server.id,
      path,
      text: draft,
      expectedMtimeMs: chunk.mtimeMs,
      confirmProduction: production,
    })
    if (!r.ok) return setError(r.error)
    setError(null)
    setSaved(r.value.backup)
    setChunk({
      ...chunk,
      text: draft,
      size: r.value.entry.size,
      end: r.value.entry.size,
      mtimeMs: r.value.entry.mtimeMs,
    })
    setDraft(null)
  }

  return (
    <div className="column">
      <div className="toolbar">
        <span className="mono path">{path}</span>
        <span className="spacer" />
        {chunk?.truncated && (
          <>
            <span className="muted">
              {t('files.viewer.partial', {
                shown: formatBytes(chunk.end, locale),
                size: formatBytes(chunk.size, locale),
              })}
            </span>
            <button type="button" onClick={() => load(chunk.end)}>
              {t('files.more')}
            </button>
          </>
        )}
        {canEdit && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            {t('files.edit')}
          </button>
        )}
        {editing && (
          <button
            type="button"
            className="primary"
            disabled={draft === null}
            onClick={() => void save()}
          >
            {t('common.save')}
          </button>
        )}
        <DownloadButton server={server.id} path={path} />
      </div>
      {saved && (
        <div className="banner info" data-testid="saved">
          {t('files.saved', { backup: saved })}
        </div>
      )}
      {error && <ErrorBanner message={error.message} onRetry={() => load(chunk?.end ?? 0)} />}
      {chunk ? (
        <MonacoViewer
          path={path}
          text={chunk.text}
          editable={editing}
          onChange={setDraft}
          onSave={() => void save()}
        />
      ) : (
        !error && <div className="empty">{t('common.loading')}</div>
      )}
    </div>
  )
}

/** Downloads the file to the local downloads folder, with progress. */
function DownloadButton({ server, path }: { server: string; path: string }): React.JSX.Element {
  const api = useApi()
  const { t, locale } = useI18n()
  const [job, setJob] = useState<{ job: string; to: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const run = useJob(job?.job ?? null)
  const start = async (): Promise<void> => {
    setError(null)
    const r = await api.call('files:download', { server, path })
    if (r.ok) setJob(r.value)
    else setError(r.error.message)
  }
  const p = run.progress
  return (
    <span className="download" data-testid="download">
      {job && run.state === 'running' && p?.total ? (
        <>
          <progress max={p.total} value={p.done} />
          <span className="muted">
            {formatBytes(p.done, locale)} / {formatBytes(p.total, locale)}
          </span>
          <button type="button" onClick={() => void api.call('jobs:cancel', { job: job.job })}>
            {t('common.cancel')}
          </button>
        </>
      ) : (
        <button type="button" onClick={() => void start()}>
          ⭳ {t('files.download')}
        </button>
      )}
      {job && run.state === 'done' && (
        <span className="muted" title={job.to}>
          {t('files.downloaded', { to: job.to })}
        </span>
      )}
      {(error ?? run.error?.message) && (
        <span className="error-text">{error ?? run.error?.message}</span>
      )}
    </span>
  )
}
