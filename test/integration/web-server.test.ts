// Web mode's guard: every HTTP request and WebSocket upgrade needs the per-run token, the
// Host must be the server itself, and a WebSocket's Origin must match.
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { serveApp, type ServedApp } from '../harness/app'

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
    expect((await get(`${app.origin}/`, { Cookie: 'twb_token=wrong' })).status).toBe(401)
    expect((await get(app.url, { Host: 'evil.example:80' })).status).toBe(403)
  })

  it('trades the token for a strict cookie, then serves the app with its CSP', async () => {
    const first = await get(app.url)
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe('/')
    const cookie = String(first.headers['set-cookie'])
    expect(cookie).toMatch(/twb_token=[^;]+; HttpOnly; SameSite=Strict; Path=\//)
    const page = await get(`${app.origin}/`, { Cookie: cookie.split(';')[0]! })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<div id="root"></div>')
    expect(page.headers['content-security-policy']).toContain("default-src 'self'")
    expect(
      (await get(`${app.origin}/../../package.json`, { Cookie: cookie.split(';')[0]! })).status,
    ).toBe(404)
  })

  it('refuses a WebSocket from another origin or without the token, and serves the API otherwise', async () => {
    const api = `ws://127.0.0.1:${new URL(app.url).port}/api`
    const cookie = `twb_token=${app.token}`
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
    const closed = new Promise<number>((resolve) =>
      opened.ws.once('close', (code) => resolve(code)),
    )
    opened.ws.send('not json')
    expect(await closed).toBe(1003)
  })
})
