import { useEffect, useState } from 'react'
import type { ConnectionTest, ServerInfo, ServerProfileInput } from '../../../../shared/api'
import { useApi, useCall } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Modal } from '../../components/Modal'
import { useI18n } from '../../i18n'

interface ServerDialogProps {
  /** The server to edit; a new one when absent. Secrets are never shown: blank keeps them. */
  server?: ServerInfo
  onClose(): void
  onSaved(server: ServerInfo): void
}

export function ServerDialog({ server, onClose, onSaved }: ServerDialogProps): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [form, setForm] = useState<ServerProfileInput>(() => ({
    name: server?.name ?? '',
    host: server ? hostOf(server.address) : '',
    port: server ? portOf(server.address) : 22,
    user: server ? server.address.split('@')[0]! : '',
    auth: server?.auth ?? 'key',
    keyFile: server?.keyFile ?? '~/.ssh/id_ed25519',
    jump: server?.jump ?? '',
    cmsRoot: server?.cmsRoot ?? '/var/www/site',
    role: server?.role === 'preprod' ? 'preprod' : 'production',
    productionUrl: server?.productionUrl ?? '',
    preprodLink: '',
  }))
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [candidates, setCandidates] = useState<ServerProfileInput[]>([])
  useEffect(() => {
    if (server) return
    void api.call('servers:ssh-config', {}).then((r) => r.ok && setCandidates(r.value))
  }, [api, server])
  const set = (patch: Partial<ServerProfileInput>): void => setForm((f) => ({ ...f, ...patch }))

  const [tested, setTested] = useState<ConnectionTest | 'testing' | null>(null)
  // Tried as typed, nothing saved (a blank secret of a saved server is its saved one).
  const testConnection = async (): Promise<void> => {
    setTested('testing')
    const r = await api.call('servers:test', {
      profile: form,
      ...(server ? { server: server.id } : {}),
    })
    setTested(r.ok ? r.value : { ok: false, code: r.error.code, message: r.error.message })
  }

  const save = async (): Promise<void> => {
    setBusy(true)
    const r = server
      ? await api.call('servers:update', { server: server.id, profile: form })
      : await api.call('servers:add', { profile: form })
    setBusy(false)
    if (r.ok) onSaved(r.value)
    else setError(r.error.message)
  }

  return (
    <Modal title={server ? t('server.edit') : t('server.add')} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        {candidates.length > 0 && (
          <label>
            {t('server.import')}
            <select
              defaultValue=""
              onChange={(e) => {
                const picked = candidates.find((c) => c.name === e.target.value)
                if (picked) set({ ...picked, cmsRoot: form.cmsRoot, role: form.role })
              }}
            >
              <option value="">—</option>
              {candidates.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name} ({c.user ? `${c.user}@` : ''}
                  {c.host})
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('server.name')}
          <input
            value={form.name}
            onChange={(e) => set({ name: e.target.value })}
            required
            autoFocus
          />
        </label>
        <LoginFields form={form} set={set} editing={server !== undefined} />
        <SiteFields form={form} set={set} server={server} />
        {error && <ErrorBanner message={error} />}
        <TestResult result={tested} />
        <div className="actions">
          <button type="button" className="ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            disabled={busy || !form.host || !form.user}
            onClick={() => void testConnection()}
          >
            {t('server.test')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  )
}

/** What "Test connection" found: connected with its tools, a host key to trust, or why not. */
function TestResult({
  result,
}: {
  result: ConnectionTest | 'testing' | null
}): React.JSX.Element | null {
  const { t } = useI18n()
  if (result === null) return null
  if (result === 'testing') return <p className="muted">{t('server.test.running')}</p>
  if (result.ok)
    return (
      <p className="ok-text" data-testid="connection-test">
        {t('server.test.ok', { tools: result.tools.join(', ') || '—' })}
      </p>
    )
  return (
    <p className={result.fingerprint ? 'muted' : 'warn-text'} data-testid="connection-test">
      {result.fingerprint
        ? t('server.test.unknownKey', { fingerprint: result.fingerprint })
        : result.message}
    </p>
  )
}

function hostOf(address: string): string {
  return address.slice(address.indexOf('@') + 1).replace(/:\d+$/, '')
}

function portOf(address: string): number {
  const m = /:(\d+)$/.exec(address)
  return m ? Number(m[1]) : 22
}

interface FieldsProps {
  form: ServerProfileInput
  set(patch: Partial<ServerProfileInput>): void
}

/** Where and how to log in: host, port, user, and the key, password or agent. */
function LoginFields({
  form,
  set,
  editing,
}: FieldsProps & { editing: boolean }): React.JSX.Element {
  const { t } = useI18n()
  const [keys] = useCall('servers:keys', {}, 'ssh-keys')
  const [info] = useCall('app:info', {}, 'app-info')
  const api = useApi()
  const [pickError, setPickError] = useState<string | null>(null)
  // Electron's native dialog (web mode has none: the path is typed or one of ~/.ssh's keys).
  const browse = async (): Promise<void> => {
    const r = await api.call('app:pick-file', { purpose: 'ssh-key' })
    if (!r.ok) setPickError(r.error.message)
    else if (r.value.path !== null) {
      setPickError(null)
      set({ keyFile: r.value.path })
    }
  }
  const server = editing
  return (
    <>
      <div className="row">
        <label className="grow">
          {t('server.host')}
          <input
            value={form.host}
            onChange={(e) => set({ host: e.target.value })}
            required
            placeholder="ssh.example.com"
          />
        </label>
        <label className="small">
          {t('server.port')}
          <input
            type="number"
            min={1}
            max={65535}
            value={form.port ?? 22}
            onChange={(e) => set({ port: Number(e.target.value) })}
          />
        </label>
      </div>
      <label>
        {t('server.user')}
        <input value={form.user} onChange={(e) => set({ user: e.target.value })} required />
      </label>
      <fieldset className="choices">
        <legend>{t('server.auth')}</legend>
        {(['key', 'password', 'agent'] as const).map((m) => (
          <label key={m} className="inline">
            <input
              type="radio"
              name="auth"
              checked={form.auth === m}
              onChange={() => set({ auth: m })}
            />{' '}
            {t(`server.auth.${m}`)}
          </label>
        ))}
      </fieldset>
      {form.auth === 'key' && (
        <div className="row">
          <label className="grow">
            {t('server.keyFile')}
            <input
              value={form.keyFile ?? ''}
              onChange={(e) => set({ keyFile: e.target.value })}
              list="ssh-keys"
              title={t('server.keys.found')}
              required
            />
            <datalist id="ssh-keys">
              {(keys.status === 'ok' ? keys.value : []).map((k) => (
                <option key={k} value={k} />
              ))}
            </datalist>
            {pickError && <span className="error-text small">{pickError}</span>}
          </label>
          {info.status === 'ok' && info.value.fileDialog && (
            <button type="button" className="ghost browse" onClick={() => void browse()}>
              {t('server.keyFile.browse')}
            </button>
          )}
          <label className="grow">
            {t('server.passphrase')}
            <input
              type="password"
              autoComplete="off"
              value={form.passphrase ?? ''}
              onChange={(e) => set({ passphrase: e.target.value })}
              placeholder={server ? t('server.secret.keep') : ''}
            />
          </label>
        </div>
      )}
      {form.auth === 'password' && (
        <label>
          {t('server.password')}
          <input
            type="password"
            autoComplete="off"
            value={form.password ?? ''}
            onChange={(e) => set({ password: e.target.value })}
            placeholder={server ? t('server.secret.keep') : ''}
          />
        </label>
      )}
    </>
  )
}

/** The site on the server: its CMS root, role, jump host, URL and preprod link. */
function SiteFields({
  form,
  set,
  server,
}: FieldsProps & { server?: ServerInfo }): React.JSX.Element {
  const { t } = useI18n()
  return (
    <>
      <div className="row">
        <label className="grow">
          {t('server.cmsRoot')}
          <input value={form.cmsRoot ?? ''} onChange={(e) => set({ cmsRoot: e.target.value })} />
        </label>
        <label>
          {t('server.role')}
          <select
            value={form.role}
            onChange={(e) => set({ role: e.target.value as 'production' | 'preprod' })}
          >
            <option value="production">{t('server.role.production')}</option>
            <option value="preprod">{t('server.role.preprod')}</option>
          </select>
        </label>
      </div>
      <label>
        {t('server.jump')}
        <input
          value={form.jump ?? ''}
          onChange={(e) => set({ jump: e.target.value })}
          placeholder="user@bastion.example.com:22"
        />
      </label>
      <label>
        {t('server.productionUrl')}
        <input
          value={form.productionUrl ?? ''}
          onChange={(e) => set({ productionUrl: e.target.value })}
          placeholder="https://www.example.com"
        />
      </label>
      {form.role === 'preprod' && (
        <label>
          {t('server.preprodLink')}
          <input
            type="password"
            autoComplete="off"
            value={form.preprodLink ?? ''}
            onChange={(e) => set({ preprodLink: e.target.value })}
            placeholder={server?.preprodLink ?? 'https://LOGIN:PASSWORD@preprod.example.com'}
          />
        </label>
      )}
    </>
  )
}
