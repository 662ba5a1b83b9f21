// Web mode's guard: every HTTP request and WebSocket upgrade needs the per-run token, the
// Host must be the server itself, and a WebSocket's Origin must match.
import { mkdtempSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createServices } from '../../src/main/services/api/services'
import { startWebServer } from '../../src/main/web/server'
import { APP_ROOT, serveApp, type ServedApp } from '../harness/app'

/** Sends raw bytes on a new connection and resolves with all the server wrote back. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let out = ''
    socket.on('data', (b: Buffer) => (out += b.toString('latin1')))
    socket.on('end', () => resolve(out))
    socket.on('close', () => resolve(out))
    socket.on('error', (err) => (out ? resolve(out) : reject(err)))
    socket.write(text)
  })
}

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = ''
      res.on('data', (b: Buffer) => (body += b.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function openSocket(
  url: string,
  headers: Record<string, string>,
): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => resolve({ ws }))
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }))
    ws.once('error', () => resolve({ status: -1 }))
  })
}

describe('web mode server', () => {
  let app: ServedApp
  beforeAll(async () => {
    app = await serveApp()
  })
  afterAll(async () => {
    await app?.stop()
  })

  it('prints its URL as http://127.0.0.1:PORT/?token=TOKEN', () => {
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/)
  })

  it('refuses requests without the token, with a wrong token, or for another Host', async () => {
    expect((await get(`${app.origin}/`)).status).toBe(401)
    expect((await get(`${app.origin}/assets/x.js`)).status).toBe(401)
    expect((await get(`${app.origin}/?token=wrong`)).status).toBe(401)
    expect(
      (await get(`${app.origin}/`, { Cookie: `twb_token_${new URL(app.url).port}=wrong` })).status,
    ).toBe(401)
    expect((await get(app.url, { Host: 'evil.example:80' })).status).toBe(403)
  })

  it('trades the token for a strict cookie, then serves the app with its CSP', async () => {
    const first = await get(app.url)
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe('/')
    const cookie = String(first.headers['set-cookie'])
    expect(cookie).toMatch(/twb_token_\d+=[^;]+; HttpOnly; SameSite=Strict; Path=\//)
    expect(cookie).toContain(`twb_token_${new URL(app.url).port}=`)
    const page = await get(`${app.origin}/`, { Cookie: cookie.split(';')[0]! })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<div id="root"></div>')
    // The header says at least what the page's own meta tag says (the one Electron applies to
    // file://), directive for directive: web mode tests the policy Electron runs under.
    const header = String(page.headers['content-security-policy'])
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(page.body)?.[1]
    const directives = (policy: string): string[] => policy.split(';').map((d) => d.trim())
    expect(directives(meta ?? '')).toContain("worker-src 'self'")
    for (const d of directives(meta!)) expect(directives(header)).toContain(d)
    expect(
      (await get(`${app.origin}/../../package.json`, { Cookie: cookie.split(';')[0]! })).status,
    ).toBe(404)
  })

  it('refuses a WebSocket from another origin or without the token, and serves the API otherwise', async () => {
    const api = `ws://127.0.0.1:${new URL(app.url).port}/api`
    const cookie = `twb_token_${new URL(app.url).port}=${app.token}`
    expect(await openSocket(api, { Origin: 'http://evil.example', Cookie: cookie })).toEqual({
      status: 403,
    })
    expect(await openSocket(api, { Origin: app.origin })).toEqual({ status: 403 })
    expect(await openSocket(api, { Cookie: cookie })).toEqual({ status: 403 })
    const opened = await openSocket(api, { Origin: app.origin, Cookie: cookie })
    if (!('ws' in opened)) throw new Error(`refused: ${opened.status}`)
    const reply = await new Promise<unknown>((resolve) => {
      opened.ws.once('message', (data) => resolve(JSON.parse(String(data))))
      opened.ws.send(JSON.stringify({ id: 7, call: 'servers:list', req: {} }))
    })
    expect(reply).toMatchObject({
      id: 7,
      result: { ok: true, value: [{ id: 'demo', name: 'Demo', state: 'connected' }] },
    })
    // Web mode has no native file dialog: app:info says so, and asking for one says why.
    const ask = (id: number, call: string, req: unknown): Promise<unknown> =>
      new Promise<unknown>((resolve) => {
        opened.ws.once('message', (data) => resolve(JSON.parse(String(data))))
        opened.ws.send(JSON.stringify({ id, call, req }))
      })
    expect(await ask(8, 'app:info', {})).toMatchObject({
      result: { ok: true, value: { transport: 'web', fileDialog: false } },
    })
    expect(await ask(9, 'app:pick-file', { purpose: 'ssh-key' })).toMatchObject({
      result: {
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message: expect.stringMatching(/^No file dialog in web mode/),
        },
      },
    })
    const closed = new Promise<number>((resolve) =>
      opened.ws.once('close', (code) => resolve(code)),
    )
    opened.ws.send('not json')
    expect(await closed).toBe(1003)
  })

  it('answers 400 to targets it cannot parse, and keeps serving', async () => {
    const port = Number(new URL(app.url).port)
    const host = `127.0.0.1:${port}`
    const cookie = `twb_token_${port}=${app.token}`
    const targets = [
      'http://[',
      'http://[ ',
      '//evil.example/',
      '/%ff%zz',
      '/%',
      '/assets/%E0%A4%A',
      '/%00',
      '*',
      '?',
      'http://127.0.0.1:1/x',
      '/?token=%zz',
      '/api%zz',
    ]
    for (const target of targets) {
      for (const withCookie of [false, true]) {
        const reply = await raw(
          port,
          `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${withCookie ? `Cookie: ${cookie}\r\n` : ''}Connection: close\r\n\r\n`,
        )
        expect(reply, `GET ${target}`).toMatch(/^HTTP\/1\.1 (400|401|404) /)
      }
      // The same target as a WebSocket upgrade.
      const upgrade = await raw(
        port,
        `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\nOrigin: http://${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      )
      expect(upgrade, `upgrade ${target}`).toMatch(/^HTTP\/1\.1 (400|403) |^$/)
    }
    // Garbage that is not HTTP at all.
    expect(await raw(port, '\x00\x01\x02 not http\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /)
    expect(app.child.exitCode).toBeNull()
    const page = await get(`${app.origin}/`, { Cookie: cookie })
    expect(page.status).toBe(200)
  })
})

describe('one-time URL for a browser command line', () => {
  it('is traded for the cookie once, then refused', async () => {
    const services = createServices({
      appRoot: APP_ROOT,
      dataDir: mkdtempSync(join(tmpdir(), 'twb-once-')),
      locale: 'en',
    })
    const server = await startWebServer({
      services,
      rendererDir: join(APP_ROOT, 'out', 'renderer'),
    })
    try {
      const once = server.oneTimeUrl()
      expect(once).not.toContain(server.token)
      expect(once).toMatch(/\/\?once=[A-Za-z0-9_-]{32}$/)
      const first = await get(once)
      expect(first.status).toBe(303)
      expect(String(first.headers['set-cookie'])).toContain(`${server.cookie}=${server.token}`)
      const again = await get(once)
      expect(again.status).toBe(401)
      expect(again.body).toContain('one-time link was used already')
      // Two codes are independent.
      expect((await get(server.oneTimeUrl())).status).toBe(303)
    } finally {
      await server.close()
    }
  })
})
