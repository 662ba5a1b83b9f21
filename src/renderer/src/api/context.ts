import { createContext, useCallback, useContext, useEffect, useState } from 'react'
import type { Api, ApiError, CallName, CallRequest, CallResult } from '../../../shared/api'

export const ApiContext = createContext<Api | null>(null)

export function useApi(): Api {
  const api = useContext(ApiContext)
  if (!api) throw new Error('useApi outside ApiContext')
  return api
}

export type CallState<T> =
  { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; error: ApiError }

/** Calls the API when `key` changes; `reload` calls it again. */
export function useCall<K extends CallName>(
  name: K,
  req: CallRequest<K> | null,
  key: string,
): [CallState<CallResult<K>>, () => void] {
  const api = useApi()
  const [state, setState] = useState<CallState<CallResult<K>>>({ status: 'loading' })
  const [round, setRound] = useState(0)
  useEffect(() => {
    if (req === null) return
    let live = true
    setState({ status: 'loading' })
    void api.call(name, req).then((r) => {
      if (!live) return
      setState(r.ok ? { status: 'ok', value: r.value } : { status: 'error', error: r.error })
    })
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the request
  }, [api, name, key, round])
  const reload = useCallback(() => setRound((r) => r + 1), [])
  return [state, reload]
}
