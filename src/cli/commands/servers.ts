// twb serve, twb server …: web mode and the configured servers.
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { ServerProfileInput } from '../../shared/api'
import {
  callSession,
  createApiSession,
  type ApiSession,
  type Services,
} from '../../main/services/api'
import { openAppWindow } from '../../main/web/browser'
import { startWebServer } from '../../main/web/server'
import {
  APP_ROOT,
  UsageError,
  CliError,
  exitCodeFor,
  call,
  fromEnv,
  positionals,
  noEvents,
  type Io,
} from '../common'

export async function serve(services: Services, args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, 'no-open': { type: 'boolean' } },
  })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port takes a port number')
  const server = await startWebServer({
    services,
    rendererDir: join(APP_ROOT, 'out', 'renderer'),
    port,
  })
  io.out(server.url + '\n')
  if (!values['no-open']) {
    // The browser gets a one-time URL: its command line (visible in `ps`) holds no usable token.
    const opened = openAppWindow(
      server.oneTimeUrl(),
      join(services.info.dataDir, 'chromium-profile'),
    )
    io.err(
      opened
        ? 'Opened in a Chromium window.\n'
        : 'No Chromium found: open the URL above in your browser.\n',
    )
  }
  await new Promise<void>((done) => {
    process.once('SIGINT', done)
    process.once('SIGTERM', done)
  })
  await server.close()
  return 0
}

export async function server(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  const session = createApiSession(services, 'web', noEvents)
  switch (sub) {
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } })
      const list = await call(session, 'servers:list', {})
      if (values.json) io.out(JSON.stringify(list, null, 2) + '\n')
      else for (const s of list) io.out(`${s.name}\t${s.kind}\t${s.role}\t${s.address}\n`)
      return 0
    }
    case 'add': {
      const { values, positionals: pos } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          host: { type: 'string' },
          port: { type: 'string' },
          user: { type: 'string' },
          key: { type: 'string' },
          'passphrase-env': { type: 'string' },
          'password-env': { type: 'string' },
          agent: { type: 'boolean' },
          root: { type: 'string' },
          role: { type: 'string' },
          jump: { type: 'string' },
          url: { type: 'string' },
          'preprod-link-env': { type: 'string' },
          group: { type: 'string' },
          tag: { type: 'string', multiple: true },
        },
      })
      const [name] = positionals(pos, 1, 'NAME')
      const methods = [
        values.key !== undefined,
        values['password-env'] !== undefined,
        values.agent === true,
      ]
      if (methods.filter(Boolean).length !== 1)
        throw new UsageError('choose one of --key FILE, --password-env VAR, --agent')
      if (!values.host || !values.user) throw new UsageError('--host and --user are required')
      if (values.role !== undefined && values.role !== 'production' && values.role !== 'preprod') {
        throw new UsageError('--role is production or preprod')
      }
      const port = values.port === undefined ? undefined : Number(values.port)
      const profile: ServerProfileInput = {
        name: name!,
        host: values.host,
        user: values.user,
        auth: values.key !== undefined ? 'key' : values.agent ? 'agent' : 'password',
        ...(port !== undefined ? { port } : {}),
        ...(values.key !== undefined ? { keyFile: resolve(values.key) } : {}),
        ...(values.root ? { cmsRoot: values.root } : {}),
        ...(values.role ? { role: values.role as 'production' | 'preprod' } : {}),
        ...(values.jump ? { jump: values.jump } : {}),
        ...(values.url ? { productionUrl: values.url } : {}),
        ...(values.group ? { group: values.group } : {}),
        ...(values.tag?.length ? { tags: values.tag } : {}),
      }
      const passphrase = fromEnv('--passphrase-env', values['passphrase-env'])
      const password = fromEnv('--password-env', values['password-env'])
      const preprodLink = fromEnv('--preprod-link-env', values['preprod-link-env'])
      if (passphrase) profile.passphrase = passphrase
      if (password) profile.password = password
      if (preprodLink) profile.preprodLink = preprodLink
      const added = await call(session, 'servers:add', { profile })
      io.out(
        `Added ${added.name} (${added.address}). Next: twb server trust ${JSON.stringify(added.name)}\n`,
      )
      return 0
    }
    case 'remove': {
      const [name] = positionals(
        parseArgs({ args: rest, allowPositionals: true }).positionals,
        1,
        'NAME',
      )
      const info = await call(session, 'servers:list', {}).then((l) =>
        l.find((s) => s.id === name || s.name.toLowerCase() === name!.toLowerCase()),
      )
      if (!info) throw new CliError(`No server named "${name}".`, 1)
      await call(session, 'servers:remove', { server: info.id })
      io.out(`Removed ${info.name}.\n`)
      return 0
    }
    case 'import-ssh-config': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } })
      const found = await call(session, 'servers:ssh-config', {})
      if (values.json) io.out(JSON.stringify(found, null, 2) + '\n')
      else {
        for (const c of found) {
          const auth = c.keyFile ? `--key ${c.keyFile}` : '--agent'
          io.out(
            `twb server add ${c.name} --host ${c.host}${c.port ? ` --port ${c.port}` : ''} --user ${c.user || 'USER'} ${auth}${c.jump ? ` --jump ${c.jump}` : ''}\n`,
          )
        }
      }
      return 0
    }
    case 'import':
      return importMany(session, rest, io)
    case 'trust':
      return trust(session, rest, io)
    default:
      throw new UsageError('expected "twb server list|add|import|remove|trust"')
  }
}

/** Shows the host key fingerprint as OpenSSH prints it; stores it only with --yes. */
export async function trust(session: ApiSession, args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: { yes: { type: 'boolean' }, replace: { type: 'boolean' } },
  })
  const [name] = positionals(pos, 1, 'NAME')
  const first = await callSession(session, 'servers:connect', { server: name! })
  if (first.ok) {
    io.out(`${first.value.name}: the host key is already trusted.\n`)
    return 0
  }
  const { code, details, message } = first.error
  if ((code !== 'HOST_KEY_UNKNOWN' && code !== 'HOST_KEY_CHANGED') || !details?.fingerprint)
    throw new CliError(message, 1)
  const where = `${details.host}:${details.port}`
  if (code === 'HOST_KEY_CHANGED') {
    io.err(`twb: ${message}\n`)
    if (!values.yes || !values.replace) {
      io.err('Run again with --yes --replace to replace the stored key, once you are sure.\n')
      return 3
    }
  } else {
    io.out(`${where} presents the host key ${details.fingerprint}\n`)
    if (!values.yes) {
      io.out(
        'Check it with the host (ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_*_key.pub), then run again with --yes.\n',
      )
      return 3
    }
  }
  await call(session, 'servers:trust', {
    server: name!,
    fingerprint: details.fingerprint,
    host: details.host!,
    port: Number(details.port),
    replace: values.replace ?? false,
  })
  io.out(`Trusted ${details.fingerprint} for ${where}.\n`)
  // A jump host may be trusted now; the server behind it may be next.
  const next = await callSession(session, 'servers:connect', { server: name! })
  if (!next.ok && next.error.code === 'HOST_KEY_UNKNOWN') {
    io.out(
      `Next: ${next.error.details?.host}:${next.error.details?.port} presents ${next.error.details?.fingerprint}; run "twb server trust" again.\n`,
    )
  } else if (!next.ok) throw new CliError(next.error.message, exitCodeFor(next.error.code))
  return 0
}

/**
 * `twb server import (--csv FILE | --ssh-config [HOST...]) [--group G] [--tag T]... [--user U]
 * [--dry-run] [--json]`: many servers at once, each checked as one added by hand; those that
 * cannot be added say why. Exit 1 when some were not added.
 */
async function importMany(session: ApiSession, args: string[], io: Io): Promise<number> {
  const { values, positionals: hosts } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      csv: { type: 'string' },
      'ssh-config': { type: 'boolean' },
      group: { type: 'string' },
      tag: { type: 'string', multiple: true },
      user: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  })
  if ((values.csv === undefined) === !values['ssh-config'])
    throw new UsageError('twb server import --csv FILE | --ssh-config [HOST...]')
  const problems: string[] = []
  let profiles: ServerProfileInput[]
  if (values.csv !== undefined) {
    if (hosts.length) throw new UsageError('hosts are picked from --ssh-config only')
    const parsed = await call(session, 'servers:csv', {
      text: await readFile(resolve(values.csv), 'utf8').catch((err: Error) => {
        throw new CliError(`cannot read ${values.csv}: ${err.message}`, 1)
      }),
    })
    profiles = parsed.profiles
    problems.push(...parsed.problems)
  } else {
    const all = await call(session, 'servers:ssh-config', {})
    const unknown = hosts.filter((h) => !all.some((c) => c.name === h))
    if (unknown.length) throw new CliError(`not a Host of ~/.ssh/config: ${unknown.join(', ')}`, 1)
    profiles = hosts.length ? all.filter((c) => hosts.includes(c.name)) : all
  }
  // What the command line adds to each: a group, tags, the login of hosts that name none.
  profiles = profiles.map((p) => ({
    ...p,
    ...(values.group !== undefined ? { group: values.group } : {}),
    ...(values.tag?.length ? { tags: [...new Set([...(p.tags ?? []), ...values.tag])] } : {}),
    ...(!p.user && values.user ? { user: values.user } : {}),
  }))
  if (values['dry-run']) {
    io.out(JSON.stringify({ profiles, problems }, null, 2) + '\n')
    return problems.length ? 1 : 0
  }
  const result = await call(session, 'servers:import', { profiles })
  if (values.json) io.out(JSON.stringify({ ...result, problems }, null, 2) + '\n')
  else {
    for (const s of result.added) io.out(`Added ${s.name} (${s.address})\n`)
    for (const s of result.skipped) io.out(`Not added ${s.name}: ${s.reason}\n`)
  }
  for (const p of problems) io.err(`${p}\n`)
  const total = result.added.length + result.skipped.length + problems.length
  io.err(
    `${result.added.length} of ${total} servers added.${result.added.length ? ' Next: twb server trust NAME for each (its host key).' : ''}\n`,
  )
  return result.skipped.length || problems.length ? 1 : 0
}
