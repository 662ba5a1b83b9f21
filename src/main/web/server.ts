import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { extname, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ClientMessage, ServerMessage } from '../../shared/api'
import { createApiSession, type Services } from '../services/api'

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; worker-src 'self'; connect-src 'self'; object-src 'none'; " +
  "base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
}

const MAX_MESSAGE_BYTES = 1 << 20
/** How long a one-time URL (the one given to a browser's command line) can be used. */
const ONCE_TTL_MS = 120_000

export interface WebServerOptions {
  services: Services
  /** The built renderer (`out/renderer`). */
  rendererDir: string
  port?: number
  /** Fixed token for tests; a random one per run otherwise. */
  token?: string
}

export interface WebServer {
  url: string
  port: number
  token: string
  /** The cookie that carries the token: named after the port, so two instances don't collide. */
  cookie: string
  /**
   * A URL that opens the app once: traded for the cookie at its first use and refused after,
   * so that what a browser's command line shows (`ps`) is worth nothing.
   */
  oneTimeUrl(): string
  clients(): number
  close(): Promise<void>
}

/**
 * Web mode: the built renderer and the API over WebSocket, on 127.0.0.1 only. Every HTTP
 * request and WebSocket upgrade must carry the per-run token (query or cookie), the Host must be
 * this server (no DNS rebinding), and a WebSocket's Origin must be this server too.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const root = resolve(options.rendererDir)
  let port = 0
  let cookie = 'twb_token'
  /** One-time codes not used yet, with the moment each expires. */
  const onceCodes = new Map<string, number>()

  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`]
  const hostOk = (req: IncomingMessage): boolean => allowedHosts().includes(req.headers.host ?? '')
  const tokenOk = (req: IncomingMessage, url: URL): boolean => {
    const given = url.searchParams.get('token') ?? readCookie(req, cookie)
    return given !== null && safeEqual(given, token)
  }
  const takeOnce = (url: URL): boolean => {
    const code = url.searchParams.get('once')
    if (code === null) return false
    const expires = onceCodes.get(code)
    onceCodes.delete(code)
    return expires !== undefined && expires >= Date.now()
  }

  const http = createServer((req, res) => {
    serveHttp(req, res).catch(() => {
      // Nothing a request carries may take the service down: whatever slipped through is a 400.
      if (!res.headersSent) deny(res, 400, 'Bad request.')
      else res.destroy()
    })
  })
  // A request Node's own parser refuses (bad header, bad method) ends here, not in a crash.
  http.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostOk(req)) return deny(res, 403, 'Forbidden: unknown Host.')
    const url = requestUrl(req)
    if (!url) return deny(res, 400, 'Bad request: the request target does not parse.')
    const once = takeOnce(url)
    if (!once && !tokenOk(req, url)) {
      return deny(
        res,
        401,
        url.searchParams.has('once')
          ? 'Unauthorized: this one-time link was used already or has expired; open the URL printed by "twb serve" or "npm start".'
          : 'Unauthorized: open the URL printed by "twb serve" or "npm start"; it carries the access token.',
      )
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.')
    if (once || url.searchParams.has('token')) {
      // Trade the token in the URL for a cookie, so that it leaves the address bar and history.
      res.writeHead(303, {
        Location: url.pathname,
        'Set-Cookie': `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      })
      return void res.end()
    }
    await serveFile(req, res, root, url)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    try {
      const origin = req.headers.origin ?? ''
      const url = requestUrl(req)
      const originOk = allowedHosts().some((h) => origin === `http://${h}`)
      if (!url || url.pathname !== '/api' || !hostOk(req) || !tokenOk(req, url) || !originOk) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, options.services))
    } catch {
      socket.destroy()
    }
  })

  await new Promise<void>((done, fail) => {
    http.once('error', fail)
    http.listen(options.port ?? 0, '127.0.0.1', () => done())
  })
  port = (http.address() as AddressInfo).port
  cookie = `twb_token_${port}`

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    cookie,
    oneTimeUrl: () => {
      const now = Date.now()
      for (const [code, expires] of onceCodes) if (expires < now) onceCodes.delete(code)
      const code = randomBytes(24).toString('base64url')
      onceCodes.set(code, now + ONCE_TTL_MS)
      return `http://127.0.0.1:${port}/?once=${code}`
    },
    clients: () => wss.clients.size,
    close: async () => {
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      http.closeAllConnections()
      await new Promise<void>((done) => http.close(() => done()))
    },
  }
}

/** A file of the built renderer, with the CSP and no-sniff headers; nothing outside `root`. */
async function serveFile(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  url: URL,
): Promise<void> {
  let rel: string
  try {
    rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1))
  } catch {
    return deny(res, 400, 'Bad request: the path is not valid percent-encoding.')
  }
  if (rel.includes('\0')) return deny(res, 400, 'Bad request.')
  const file = resolve(root, rel)
  if (!file.startsWith(root + sep)) return deny(res, 404, 'Not found.')
  try {
    const st = await stat(file)
    if (!st.isFile()) return deny(res, 404, 'Not found.')
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': rel === 'index.html' ? 'no-store' : 'max-age=3600',
    })
    if (req.method === 'HEAD') return void res.end()
    createReadStream(file).pipe(res)
  } catch {
    deny(res, 404, 'Not found.')
  }
}

/** One WebSocket client: a session of its own, ended when the socket closes. */
function serveSocket(ws: WebSocket, services: Services): void {
  const send = (msg: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
  }
  const session = createApiSession(services, 'web', (event, payload) => send({ event, payload }))
  ws.on('message', (data, isBinary) => {
    let msg: ClientMessage
    try {
      if (isBinary) throw new Error('binary')
      msg = JSON.parse(String(data)) as ClientMessage
      if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number')
        throw new Error('shape')
    } catch {
      ws.close(1003, 'malformed message')
      return
    }
    const id = msg.id
    session
      .handle(msg.call, msg.req)
      .then((result) => send({ id, result }))
      .catch((err: unknown) =>
        send({
          id,
          result: {
            ok: false,
            error: { code: 'INTERNAL', message: `Internal error: ${String(err)}` },
          },
        }),
      )
  })
  ws.on('close', () => session.dispose())
  ws.on('error', () => session.dispose())
}

/**
 * The request's target as a URL, or null when it does not parse. Only origin-form targets
 * (`/path?query`) are served: an absolute-form target (`GET http://…`) is a proxy request.
 */
function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '/'
  if (!target.startsWith('/') || target.startsWith('//')) return null
  try {
    return new URL(target, 'http://x')
  } catch {
    return null
  }
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  })
  res.end(message + '\n')
}

function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return null
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
