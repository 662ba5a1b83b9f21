// SSH servers against a real OpenSSH sshd: auth methods, host-key trust, sessions, SFTP,
// cancellation on the server, reconnect after the server drops us.
import { execFileSync, spawn } from 'node:child_process'
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordsOf, type Events, type ServerProfileInput } from '../../src/shared/api'
import { callSession, createApiSession, type Services } from '../../src/main/services/api/session'
import { createServices } from '../../src/main/services/api/services'
import { runTail } from '../../src/main/services/logs/logs'
import { detectCredentials } from '../../src/main/services/schema/schema'
import { JobManager } from '../../src/main/services/platform/jobs'
import { APP_ROOT } from '../harness/app'
import { cliRunner } from '../harness/cli'
import { tempDir, waitFor } from '../harness/process'
import {
  createPasswordUser,
  processesWith,
  sessionPids,
  startSshd,
  testProfile,
  type TestSshd,
} from '../harness/sshd'

const isRoot = process.getuid?.() === 0

describe('SSH servers', () => {
  let sshd: TestSshd
  let services: Services
  const home = tempDir('ssh-home')
  const work = tempDir('ssh-work')
  let removeUser: (() => void) | undefined

  const session = (): ReturnType<typeof createApiSession> =>
    createApiSession(services, 'web', () => undefined)
  const profile = (over: Partial<ServerProfileInput> = {}): ServerProfileInput =>
    testProfile(sshd, { name: 'Shop prod', cmsRoot: work.path, ...over })

  beforeAll(async () => {
    sshd = await startSshd()
    services = createServices({ appRoot: APP_ROOT, dataDir: home.path, locale: 'en' })
  })

  afterAll(async () => {
    await services?.servers.close()
    await sshd?.stop()
    removeUser?.()
    home.remove()
    work.remove()
  })

  it('refuses an unknown host key, naming its OpenSSH fingerprint, then connects once trusted', async () => {
    const s = session()
    const added = await callSession(s, 'servers:add', { profile: profile() })
    if (!added.ok) throw new Error(added.error.message)
    expect(added.value).toMatchObject({
      id: 'shop-prod',
      kind: 'ssh',
      state: 'disconnected',
      address: `${sshd.user}@127.0.0.1:${sshd.port}`,
    })
    const first = await callSession(s, 'servers:connect', { server: 'shop-prod' })
    expect(first.ok).toBe(false)
    if (first.ok) return
    expect(first.error.code).toBe('HOST_KEY_UNKNOWN')
    expect(first.error.details?.fingerprint).toBe(sshd.hostFingerprint)
    expect(first.error.message).toContain(sshd.hostFingerprint)
    const trusted = await callSession(s, 'servers:trust', {
      server: 'shop-prod',
      fingerprint: sshd.hostFingerprint,
    })
    expect(trusted).toEqual({ ok: true, value: null })
    const second = await callSession(s, 'servers:connect', { server: 'Shop prod' })
    if (!second.ok) throw new Error(second.error.message)
    expect(second.value.state).toBe('connected')
    expect(second.value.tools).toEqual(
      expect.arrayContaining(['tail', 'grep', 'find', 'stat', 'mysqlbinlog', 'rsync']),
    )
  })

  it('lists and reads files over SFTP with owners and modes, and says why a path fails', async () => {
    mkdirSync(join(work.path, 'logs'))
    writeFileSync(join(work.path, 'logs', 'a.log'), 'é1\nline 2\n')
    const s = session()
    const list = await callSession(s, 'files:list', {
      server: 'shop-prod',
      path: join(work.path, 'logs'),
    })
    if (!list.ok) throw new Error(list.error.message)
    expect(list.value).toEqual([
      expect.objectContaining({ name: 'a.log', type: 'file', size: 11, owner: sshd.user }),
    ])
    const read = await callSession(s, 'files:read', {
      server: 'shop-prod',
      path: join(work.path, 'logs', 'a.log'),
      start: 0,
      length: 3,
    })
    if (!read.ok) throw new Error(read.error.message)
    expect(read.value).toMatchObject({ text: 'é1', end: 3, truncated: true, size: 11 })
    const missing = await callSession(s, 'files:list', {
      server: 'shop-prod',
      path: '/no/such/dir',
    })
    expect(missing).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: '/no/such/dir: no such file or directory.' },
    })
  })

  it('tails a remote log live, and cancelling leaves no process on the server', async () => {
    const file = join(work.path, 'logs', 'live.log')
    writeFileSync(file, 'h1\nh2\n')
    const target = services.servers.sshTarget('shop-prod')
    const lines: string[] = []
    let ended = false
    const jobs = new JobManager((event, payload) => {
      if (event === 'job:batch') {
        const b = payload as Events['job:batch']
        lines.push(...recordsOf(b, 'tail:start'))
        jobs.ack(b.job, b.seq)
      }
      if (event === 'job:end') ended = true
    })
    const id = jobs.start('tail:start', (ctx) =>
      runTail(target, { server: 'shop-prod', path: file, lines: 10, follow: true }, ctx),
    )
    await waitFor('history', () => lines.length === 2)
    appendFileSync(file, 'n1\nn2\n')
    await waitFor('new lines', () => lines.length === 4)
    expect(lines).toEqual(['h1', 'h2', 'n1', 'n2'])
    expect(processesWith('tail', file)).toHaveLength(1)
    jobs.cancel(id)
    await waitFor('job end', () => ended)
    await waitFor('remote tail gone', () => processesWith('tail', file).length === 0, 10_000)
  })

  it('reconnects by itself after the server drops the connection', async () => {
    const target = services.servers.sshTarget('shop-prod')
    const states: string[] = []
    target.on('state', (state: string) => states.push(state))
    const before = sessionPids(sshd.daemon.pid)
    expect(before.length).toBeGreaterThan(0)
    for (const pid of before) process.kill(pid, 'SIGTERM')
    await waitFor(
      'reconnected',
      () => states.includes('disconnected') && target.state === 'connected',
      20_000,
    )
    const r = await target.run(['echo', 'back'])
    expect(r.stdout).toBe('back\n')
    expect(states.slice(0, 3)).toEqual(['disconnected', 'connecting', 'connected'])
  })

  it('resumes a live tail after the connection drops, rotation included: no line lost, none twice', async () => {
    const file = join(work.path, 'logs', 'resume.log')
    writeFileSync(file, 'a1\na2\na3\n')
    const target = services.servers.sshTarget('shop-prod')
    await services.servers.connect('shop-prod')
    const lines: string[] = []
    const notes: string[] = []
    let ended = false
    const jobs = new JobManager((event, payload) => {
      const p = payload as Events['job:batch'] & Events['job:progress']
      if (event === 'job:batch') {
        lines.push(...recordsOf(p, 'tail:start'))
        jobs.ack(p.job, p.seq)
      }
      if (event === 'job:progress' && p.code) notes.push(p.code)
      if (event === 'job:end') ended = true
    })
    const id = jobs.start('tail:start', (ctx) =>
      runTail(target, { server: 'shop-prod', path: file, lines: 2, follow: true }, ctx),
    )
    await waitFor('history', () => lines.length === 2)
    // A CRLF line and a byte that is not UTF-8: the offset counts bytes, not decoded text.
    appendFileSync(
      file,
      Buffer.concat([Buffer.from('b1\r\nb2 '), Buffer.from([0xff]), Buffer.from('\n')]),
    )
    await waitFor('growth', () => lines.length === 4)
    // The server drops us; the log keeps growing meanwhile.
    const drop = (): void => {
      for (const pid of sessionPids(sshd.daemon.pid)) process.kill(pid, 'SIGTERM')
    }
    drop()
    appendFileSync(file, 'c1\nc2\n')
    await waitFor('resumed', () => lines.includes('c2'), 30_000)
    appendFileSync(file, 'c3\n')
    await waitFor('c3', () => lines.includes('c3'))
    expect(lines).toEqual(['a2', 'a3', 'b1', 'b2 \ufffd', 'c1', 'c2', 'c3'])
    expect(notes).toContain('reconnected')
    // Dropped again, and the log rotated while we were away: the old file's end, then the new one.
    drop()
    appendFileSync(file, 'd1\n')
    renameSync(file, `${file}.1`)
    writeFileSync(file, 'e1\n')
    await waitFor('after the rotation', () => lines.includes('e1'), 30_000)
    appendFileSync(file, 'e2\n')
    await waitFor('e2', () => lines.includes('e2'))
    expect(lines.slice(7)).toEqual(['d1', 'e1', 'e2'])
    jobs.cancel(id)
    await waitFor('job end', () => ended)
  })

  it('refuses a changed host key with both fingerprints until it is replaced deliberately', async () => {
    const oldFingerprint = sshd.hostFingerprint
    await services.servers.disconnect('shop-prod')
    await sshd.daemon.stop()
    sshd = await startSshd({ port: sshd.port, dir: sshd.dir })
    expect(sshd.hostFingerprint).not.toBe(oldFingerprint)
    const s = session()
    const r = await callSession(s, 'servers:connect', { server: 'shop-prod' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('HOST_KEY_CHANGED')
    expect(r.error.message).toContain(oldFingerprint)
    expect(r.error.message).toContain(sshd.hostFingerprint)
    expect(r.error.message).toMatch(/man-in-the-middle/)
    // Looking for the CMS's database credentials says the same, not "No CMS configuration".
    await expect(
      detectCredentials(services.servers.sshTarget('shop-prod'), work.path),
    ).rejects.toMatchObject({ code: 'HOST_KEY_CHANGED' })
    const quiet = await callSession(s, 'servers:trust', {
      server: 'shop-prod',
      fingerprint: sshd.hostFingerprint,
    })
    expect(quiet.ok ? 'trusted' : quiet.error.code).toBe('HOST_KEY_CHANGED')
    const replaced = await callSession(s, 'servers:trust', {
      server: 'shop-prod',
      fingerprint: sshd.hostFingerprint,
      replace: true,
    })
    expect(replaced.ok).toBe(true)
    const again = await callSession(s, 'servers:connect', { server: 'shop-prod' })
    expect(again.ok).toBe(true)
  })

  it('authenticates with ssh-agent', async () => {
    const agentDir = tempDir('agent')
    const socket = join(agentDir.path, 'agent.sock')
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' })
    try {
      await waitFor('agent socket', () => {
        try {
          execFileSync('ssh-add', ['-l'], {
            env: { ...process.env, SSH_AUTH_SOCK: socket },
            stdio: 'ignore',
          })
          return true
        } catch (err) {
          return (err as { status?: number }).status === 1 // agent up, no identities yet
        }
      })
      execFileSync('ssh-add', [sshd.privateKeyPath], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
        stdio: 'ignore',
      })
      process.env.SSH_AUTH_SOCK = socket
      const s = session()
      const added = await callSession(s, 'servers:add', {
        profile: profile({ name: 'Via agent', auth: 'agent', keyFile: '' }),
      })
      if (!added.ok) throw new Error(added.error.message)
      const r = await callSession(s, 'servers:connect', { server: 'via-agent' })
      if (!r.ok) throw new Error(r.error.message)
      expect(r.value.state).toBe('connected')
    } finally {
      delete process.env.SSH_AUTH_SOCK
      agent.kill()
      agentDir.remove()
    }
  })

  it.runIf(isRoot)(
    'authenticates with a password, and says so clearly when it or the user is wrong',
    async () => {
      removeUser = createPasswordUser('twbpass', 'Corr3ct-h0rse%')
      const s = session()
      const add = (name: string, user: string, password: string): Promise<unknown> =>
        callSession(s, 'servers:add', {
          profile: profile({ name, user, auth: 'password', password, keyFile: '' }),
        })
      await add('Pw ok', 'twbpass', 'Corr3ct-h0rse%')
      await add('Pw wrong', 'twbpass', 'wrong-password')
      await add('Pw nouser', 'no-such-user-twb', 'whatever')
      const ok = await callSession(s, 'servers:connect', { server: 'pw-ok' })
      if (!ok.ok) throw new Error(ok.error.message)
      for (const server of ['pw-wrong', 'pw-nouser']) {
        const r = await callSession(s, 'servers:connect', { server })
        expect(r.ok).toBe(false)
        if (r.ok) continue
        expect(r.error.code).toBe('AUTH_FAILED')
        expect(r.error.message).toMatch(/authentication failed/)
        expect(r.error.message).not.toContain('wrong-password')
      }
    },
  )

  it('goes through a jump host (ProxyJump), each hop trusted on its own', async () => {
    const s = session()
    // The test sshd serves as its own bastion: the tunnel is opened with forwardOut.
    await callSession(s, 'servers:add', {
      profile: profile({
        name: 'Behind bastion',
        host: 'localhost',
        jump: `${sshd.user}@127.0.0.1:${sshd.port}`,
      }),
    })
    const r = await callSession(s, 'servers:connect', { server: 'behind-bastion' })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'HOST_KEY_UNKNOWN', details: { host: 'localhost', port: String(sshd.port) } },
    })
    if (r.ok) return
    await callSession(s, 'servers:trust', {
      server: 'behind-bastion',
      fingerprint: r.error.details!.fingerprint!,
      host: 'localhost',
      port: sshd.port,
    })
    const again = await callSession(s, 'servers:connect', { server: 'behind-bastion' })
    if (!again.ok) throw new Error(again.error.message)
    expect(again.value.jump).toBe(`${sshd.user}@127.0.0.1:${sshd.port}`)
    const out = await services.servers.sshTarget('behind-bastion').run(['echo', 'via bastion'])
    expect(out.stdout).toBe('via bastion\n')
  })

  it('closes the jump connection when the target behind it fails its handshake', async () => {
    const s = session()
    // The target behind the bastion has a key nobody trusted: each attempt fails after the jump.
    const target = await startSshd()
    try {
      await callSession(s, 'servers:add', {
        profile: profile({
          name: 'Leaky bastion',
          port: target.port,
          jump: `${sshd.user}@127.0.0.1:${sshd.port}`,
        }),
      })
      const before = sessionPids(sshd.daemon.pid).length
      for (let i = 0; i < 3; i++) {
        const r = await callSession(s, 'servers:connect', { server: 'leaky-bastion' })
        expect(r).toMatchObject({ ok: false, error: { code: 'HOST_KEY_UNKNOWN' } })
      }
      // sshd keeps one process per connection: the three jump connections must all be gone
      // (they leaked before: one per attempt).
      await waitFor(
        'the jump connections to close',
        () => sessionPids(sshd.daemon.pid).length <= before,
      )
      expect(sessionPids(sshd.daemon.pid).length).toBeLessThanOrEqual(before)
      // And the CLI, which lives as long as a connection does, ends by itself.
      const twb = cliRunner(home.path)
      const r = twb('server', 'trust', 'leaky-bastion')
      expect(r.code).toBe(3)
      expect(r.out).toContain(
        `127.0.0.1:${target.port} presents the host key ${target.hostFingerprint}`,
      )
    } finally {
      await target.stop()
    }
  })

  it('reports a connection refused and an unreadable key file clearly', async () => {
    const s = session()
    await callSession(s, 'servers:add', { profile: profile({ name: 'Closed port', port: 1 }) })
    const refused = await callSession(s, 'servers:connect', { server: 'closed-port' })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONNECTION_LOST', message: expect.stringContaining('connection refused') },
    })
    await callSession(s, 'servers:add', {
      profile: profile({ name: 'No key', keyFile: '/nonexistent/id_ed25519' }),
    })
    const nokey = await callSession(s, 'servers:connect', { server: 'no-key' })
    expect(nokey).toMatchObject({
      ok: false,
      error: {
        code: 'AUTH_FAILED',
        message: 'The private key /nonexistent/id_ed25519 cannot be read.',
      },
    })
  })
})
