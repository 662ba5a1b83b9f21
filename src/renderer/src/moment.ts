import { createContext, useContext } from 'react'
import type { Section } from './components/SectionTabs'

/**
 * The shared timeline: one moment (epoch ms, UTC) picked in any view — a histogram bar, a slow
 * entry, a binlog event — that the other views open at: the log explorer on its bar, the slow
 * log on its minute, the binlog search around it.
 */
/** A thing at the moment a view should open on, not only its minute (a binlog event, a log). */
export type MomentFocus =
  /** A binlog event: the binlog's name and the event's position. */
  | { kind: 'binlog'; file: string; pos: number }
  /** A log file (a rotation too), to open at the moment. */
  | { kind: 'log'; path: string }
  /** The integrity log's block of the moment. */
  | { kind: 'integrity' }
  /** A slow-log entry: its file and its worker's pid (at the moment's second). */
  | { kind: 'slow'; path: string; pid: number }

export interface MomentState {
  moment: number | null
  setMoment(ms: number | null): void
  /** What to open at the moment, once (the view that opens it clears it). */
  focus: MomentFocus | null
  setFocus(f: MomentFocus | null): void
  /** Opens another section at the moment. */
  open(section: Section): void
}

export const MomentContext = createContext<MomentState>({
  moment: null,
  setMoment: () => undefined,
  focus: null,
  setFocus: () => undefined,
  open: () => undefined,
})

export function useMoment(): MomentState {
  return useContext(MomentContext)
}
