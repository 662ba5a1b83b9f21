import { useEffect, useState } from 'react'
import type { Api, Timeline } from '../../../../shared/api'

/** How often a followed timeline reads on (main reads from a little before where it ended). */
export const FOLLOW_EVERY_MS = 5000

/**
 * While `following`, the timeline reads on every few seconds to now, and the new records join
 * in their places in main (each line once however the reads overlap). A failed read is said and
 * the next one tries again.
 */
export function useFollow(
  api: Api,
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
      void api.call('timeline:follow', { id: result.id }).then((r) => {
        if (gone) return
        if (!r.ok) {
          setState((s) => ({ ...s, error: r.error.message }))
          // Asked again at the next turn.
          setResult({ ...result })
          return
        }
        const { added, ...timeline } = r.value
        setState({ at: Date.parse(timeline.to), added, error: null })
        setResult(timeline)
      })
    }, FOLLOW_EVERY_MS)
    return () => {
      gone = true
      clearTimeout(timer)
    }
  }, [api, result, setResult, following])
  return state
}
