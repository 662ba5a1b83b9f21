import type {
  Api,
  ApiError,
  BridgeApi,
  CallName,
  CallRequest,
  CallResult,
  EventName,
  Events,
  Result,
  ServerMessage,
} from '../../../shared/api'

type Listener = (payload: unknown) => void

/** One API for the UI, over the Electron bridge when present, else over the web-mode socket. */
export function createApi(): Api & { onConnection(cb: (up: boolean) => void): () => void } {
  const listeners = new Map<string, Set<Listener>>()
  const dispatch = (event: string, payload: unknown): void => {
    for (const l of listeners.get(event) ?? []) l(payload)
  }
  const on = <E extends EventName>(
    event: E,
    listener: (payload: Events[E]) => void,
  ): (() => void) => {
    const set = listeners.get(event) ?? new Set<Listener>()
    listeners.set(event, set)
    set.add(listener as Listener)
    return () => set.delete(listener as Listener)
  }
  if (window.twb) return bridgeApi(window.twb, dispatch, on)
  return socketApi(dispatch, on)
}

function bridgeApi(
  bridge: BridgeApi,
  dispatch: (event: string, payload: unknown) => void,
  on: Api['on'],
): ReturnType<typeof createApi> {
  bridge.onEvent(dispatch)
  return {
    call: async <K extends CallName>(name: K, req: CallRequest<K>) =>
      (await bridge.call(name, req)) as Result<CallResult<K>>,
    on,
    onConnection: (cb) => {
      cb(true)
      return () => undefined
    },
  }
}

function socketApi(
  dispatch: (event: string, payload: unknown) => void,
  on: Api['on'],
): ReturnType<typeof createApi> {
  let socket: WebSocket | null = null
  let opened: Promise<WebSocket> | null = null
  let nextId = 1
  let retry = 0
  const pending = new Map<number, (r: Result<unknown>) => void>()
  const connectionListeners = new Set<(up: boolean) => void>()
  const lost: ApiError = {
    code: 'CONNECTION_LOST',
    message: 'Lost the connection to the workbench service. Is "npm start" still running?',
  }

  const connect = (): Promise<WebSocket> => {
    opened ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(
        `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`,
      )
      ws.onopen = () => {
        retry = 0
        socket = ws
        for (const cb of connectionListeners) cb(true)
        resolve(ws)
      }
      ws.onmessage = (e: MessageEvent<string>) => {
        const msg = JSON.parse(e.data) as ServerMessage
        if ('id' in msg) {
          pending.get(msg.id)?.(msg.result)
          pending.delete(msg.id)
        } else dispatch(msg.event, msg.payload)
      }
      ws.onclose = () => {
        socket = null
        opened = null
        for (const done of pending.values()) done({ ok: false, error: lost })
        pending.clear()
        for (const cb of connectionListeners) cb(false)
        reject(new Error(lost.message))
        // Reconnect with backoff; jobs of the old connection ended with it.
        retry = Math.min(retry + 1, 6)
        setTimeout(() => void connect().catch(() => undefined), 250 * 2 ** retry)
      }
    })
    return opened
  }
  void connect().catch(() => undefined)

  return {
    call: async <K extends CallName>(
      name: K,
      req: CallRequest<K>,
    ): Promise<Result<CallResult<K>>> => {
      let ws: WebSocket
      try {
        ws = socket ?? (await connect())
      } catch {
        return { ok: false, error: lost }
      }
      const id = nextId++
      return new Promise<Result<CallResult<K>>>((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void)
        ws.send(JSON.stringify({ id, call: name, req }))
      })
    },
    on,
    onConnection: (cb) => {
      connectionListeners.add(cb)
      cb(socket !== null)
      return () => connectionListeners.delete(cb)
    },
  }
}
