import { useClock } from '../../clock'
import { useEffect, useRef, useState } from 'react'
import type { Api, ApiError, FileChunk, FileEntry, ServerInfo } from '../../../../shared/api'
import { useApi, useCall } from '../../api/context'
import { useJob } from '../../api/use-job'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Loadable } from '../../components/Loadable'
import { MonacoViewer } from '../../components/MonacoViewer'
import { ReadCostNote } from '../../components/ReadCost'
import { formatBytes, useI18n } from '../../i18n'

const PAGE = 1 << 20

export function FilesView({ server }: { server: ServerInfo }): React.JSX.Element {
  const { t, locale } = useI18n()
  const clock = useClock()
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
          <UploadButton server={server} dir={dir} onDone={reload} />
        </div>
        <Loadable state={state} reload={reload}>
          {(entries) =>
            entries.length === 0 ? (
              <div className="empty">{t('common.empty')}</div>
            ) : (
              <table className="table compact" aria-label={dir}>
                <thead>
                  <tr>
                    <th>{t('common.name')}</th>
                    <th className="num">{t('common.size')}</th>
                    <th>mode</th>
                    <th>{t('files.owner')}</th>
                    <th>{`${t('common.modified')} (${clock.zoneShort})`}</th>
                  </tr>
                </thead>
                <tbody>
                  {foldersFirst(entries).map((e) => (
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
                      <td className="mono muted">
                        {e.owner ?? e.uid ?? ''}
                        {e.group !== undefined || e.gid !== undefined ? `:${e.group ?? e.gid}` : ''}
                      </td>
                      <td className="mono nowrap">{clock.wall(e.mtimeMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
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

/** Folders first, then files, each by name (as file managers list them). */
function foldersFirst(entries: FileEntry[]): FileEntry[] {
  const dir = (e: FileEntry): number => (e.type === 'dir' ? 0 : 1)
  return [...entries].sort((a, b) => dir(a) - dir(b) || a.name.localeCompare(b.name))
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
          ? {
              ...r.value,
              start: cur.start,
              text: cur.text + (r.value.binary ? '\n' : '') + r.value.text,
            }
          : r.value,
      )
    })
  }
  useEffect(() => load(0), [server.id, path]) // eslint-disable-line react-hooks/exhaustive-deps

  // Editing is opt-in, for whole files of a real server; production asks first and every save
  // keeps the previous version beside the file.
  const canEdit =
    server.kind === 'ssh' &&
    chunk !== null &&
    !chunk.binary &&
    !chunk.truncated &&
    chunk.start === 0
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
      {chunk?.binary && (
        <div className="banner info" data-testid="binary">
          {t('files.binary', { size: formatBytes(chunk.size, locale) })}
        </div>
      )}
      {chunk ? (
        <MonacoViewer
          path={chunk.binary ? 'hexdump.txt' : path}
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
  const run = useJob(job?.job ?? null, 'files:download')
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
          {t('files.download')}
        </button>
      )}
      {job && run.state === 'done' && (
        <>
          <span className="muted" title={job.to}>
            {t('files.downloaded', { to: job.to })}
          </span>
          <ReadCostNote cost={run.records[0]?.cost} />
        </>
      )}
      {(error ?? run.error?.message) && (
        <span className="error-text">{error ?? run.error?.message}</span>
      )}
    </span>
  )
}

const UPLOAD_CHUNK = 512 * 1024
const UPLOADS_IN_FLIGHT = 4

/** Sends local files to the current folder in pieces, several in flight, with progress. */
function UploadButton({
  server,
  dir,
  onDone,
}: {
  server: ServerInfo
  dir: string
  onDone(): void
}): React.JSX.Element {
  const api = useApi()
  const { t, locale } = useI18n()
  const input = useRef<HTMLInputElement>(null)
  const [progress, setProgress] = useState<{ name: string; done: number; total: number } | null>(
    null,
  )
  const [error, setError] = useState<string | null>(null)
  /** The last upload the server confirmed: what the user (and the tests) wait on. */
  const [uploaded, setUploaded] = useState<{ name: string; size: number } | null>(null)

  const send = async (file: File): Promise<void> => {
    const path = `${dir === '/' ? '' : dir}/${file.name}`
    const production = server.role === 'production'
    if (production && !window.confirm(t('files.confirmUpload', { path, name: server.name }))) return
    let begin = await api.call('files:upload-begin', {
      server: server.id,
      path,
      size: file.size,
      confirmProduction: production,
    })
    if (!begin.ok && begin.error.code === 'CONFLICT') {
      if (!window.confirm(t('files.overwrite', { path }))) return
      begin = await api.call('files:upload-begin', {
        server: server.id,
        path,
        size: file.size,
        overwrite: true,
        confirmProduction: production,
      })
    }
    if (!begin.ok) throw new Error(begin.error.message)
    const upload = begin.value.upload
    setProgress({ name: file.name, done: 0, total: file.size })
    await sendChunks(api, upload, file, (done) =>
      setProgress({ name: file.name, done, total: file.size }),
    )
    const end = await api.call('files:upload-end', { upload })
    if (!end.ok) throw new Error(end.error.message)
    setUploaded({ name: file.name, size: file.size })
  }

  const pick = async (files: FileList | null): Promise<void> => {
    setError(null)
    setUploaded(null)
    try {
      for (const file of Array.from(files ?? [])) await send(file)
      onDone()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setProgress(null)
      if (input.current) input.current.value = ''
    }
  }

  return (
    <span className="download" data-testid="upload">
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label={t('files.upload')}
        onChange={(e) => void pick(e.target.files)}
      />
      {progress ? (
        <>
          <progress max={progress.total || 1} value={progress.done} />
          <span className="muted">
            {progress.name} {formatBytes(progress.done, locale)} /{' '}
            {formatBytes(progress.total, locale)}
          </span>
        </>
      ) : (
        <button
          type="button"
          disabled={server.kind === 'demo'}
          onClick={() => input.current?.click()}
        >
          {t('files.upload')}
        </button>
      )}
      {uploaded && !progress && (
        <span className="muted" data-testid="uploaded" role="status">
          {t('files.uploaded', {
            name: `${uploaded.name} (${formatBytes(uploaded.size, locale)})`,
          })}
        </span>
      )}
      {error && <span className="error-text">{error}</span>}
    </span>
  )
}

/** The file's bytes in base64 chunks, several in flight; the upload is aborted on a failure. */
async function sendChunks(
  api: Api,
  upload: string,
  file: File,
  onProgress: (done: number) => void,
): Promise<void> {
  let next = 0
  let done = 0
  const worker = async (): Promise<void> => {
    while (next < file.size) {
      const position = next
      next += UPLOAD_CHUNK
      const bytes = new Uint8Array(
        await file.slice(position, position + UPLOAD_CHUNK).arrayBuffer(),
      )
      let binary = ''
      for (let i = 0; i < bytes.length; i += 0x8000)
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      const r = await api.call('files:upload-chunk', { upload, position, data: btoa(binary) })
      if (!r.ok) throw new Error(r.error.message)
      done += bytes.length
      onProgress(done)
    }
  }
  try {
    await Promise.all(Array.from({ length: UPLOADS_IN_FLIGHT }, worker))
  } catch (err) {
    await api.call('files:upload-end', { upload, abort: true })
    throw err
  }
}
