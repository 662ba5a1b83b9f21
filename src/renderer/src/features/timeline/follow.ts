import { useEffect, useState } from 'react'
import type { Api, Timeline } from '../../../../shared/api'
import { addNewRecords } from '../../../../core/timeline'

/** How often a followed timeline reads on, and how far back each read starts. */
export const FOLLOW_EVERY_MS = 5000
const OVERLAP_MS = 30_000

/**
 * While `following`, the timeline reads on every few seconds from a little before where it
 * ended (lines written late, a request logged when it ends) to now, and the new records join
 * in their places. A failed read is said and the next one tries again.
 */
export function useFollow(
  api: Api,
  server: string,
  sources: readonly string[],
  result: Timeline | null,
  setResult: (t: Timeline) => void,
  following: boolean,
): { at: number | null; added: number; error: string | null } {
  const [state, setState] = useState<{ at: number | null; added: number; error: string | null }>({
    at: null,
    added: 0,
    error: null,
  })
  useEffect(() => {
    if (!following || !result) return
    let gone = false
    const timer = setTimeout(() => {
      const since = Date.parse(result.to) - OVERLAP_MS
      const to = Date.now()
      void api
        .call('timeline:build', { server, from: since, to, sources: [...sources] })
        .then((r) => {
          if (gone) return
          if (!r.ok) {
            setState((s) => ({ ...s, error: r.error.message }))
            // The same window is asked again at the next turn.
            setResult({ ...result })
            return
          }
          const { records, added } = addNewRecords(result.records, r.value.records, since)
          setState({ at: to, added, error: null })
          setResult({
            ...result,
            to: new Date(to).toISOString(),
            records,
            total: result.total + added,
            sources: result.sources.map((s) => r.value.sources.find((x) => x.path === s.path) ?? s),
          })
        })
    }, FOLLOW_EVERY_MS)
    return () => {
      gone = true
      clearTimeout(timer)
    }
  }, [api, server, sources, result, setResult, following])
  return state
}
