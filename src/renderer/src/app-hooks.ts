// The app shell's hooks: servers' connection states, running jobs, section shortcuts.
import { useEffect, useState } from 'react'
import type { Api, ServerInfo } from '../../shared/api'
import { SECTIONS, type Section } from './components/SectionTabs'

/** Keeps each server's connection state (and failure) as the services report it. */
export function useServerStates(
  api: Api,
  setServers: React.Dispatch<React.SetStateAction<ServerInfo[]>>,
): void {
  useEffect(
    () =>
      api.on('server:state', (e) =>
        setServers((list) =>
          list.map((s) =>
            s.id === e.server
              ? {
                  ...s,
                  state: e.state,
                  ...(e.message && e.state === 'failed' ? { error: e.message } : {}),
                }
              : s,
          ),
        ),
      ),
    [api, setServers],
  )
}

/** The jobs running now, for the status bar. */
export function useRunningJobs(api: Api): Set<string> {
  const [jobs, setJobs] = useState(new Set<string>())
  useEffect(() => {
    const offProgress = api.on('job:batch', (b) =>
      setJobs((cur) => (cur.has(b.job) ? cur : new Set(cur).add(b.job))),
    )
    const offEnd = api.on('job:end', (e) =>
      setJobs((cur) => {
        if (!cur.has(e.job)) return cur
        const next = new Set(cur)
        next.delete(e.job)
        return next
      }),
    )
    return () => {
      offProgress()
      offEnd()
    }
  }, [api])

  return jobs
}

/** Ctrl/Cmd + 1…9, 0 opens a section (0: the tenth). */
export function useSectionKeys(setSection: (s: Section) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key >= '0' && e.key <= '9') {
        const next = SECTIONS[(Number(e.key) + 9) % 10]
        if (next) {
          e.preventDefault()
          setSection(next)
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setSection])
}
