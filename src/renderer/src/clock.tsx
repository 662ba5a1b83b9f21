// The one clock of the screens: every time is shown in the zone the user picked (the server's,
// UTC, or this computer's) and says its zone. The server's zone is read once per server.
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { ClockMode, ServerClock } from '../../shared/api'
import {
  displayZone,
  formatInstant,
  serverLocalToEpoch,
  serverOffsetAt,
  serverZoneName,
  wallTime,
  wallToEpoch,
  zoneSuffix,
  type DisplayZone,
} from '../../core/text'
import { useCall } from './api/context'
import { useI18n } from './i18n'

export interface Clock {
  mode: ClockMode
  /** The server's zone; null while it is read, `source: 'unknown'` when it cannot be. */
  server: ServerClock | null
  zone: DisplayZone
  /** `2026-11-28 14:23:15 +01:00`: an instant with its zone. */
  format(ms: number, precision?: 'minute' | 'second' | 'ms'): string
  /** The wall time alone, for columns whose heading says the zone (`zoneShort`). */
  wall(ms: number, precision?: 'minute' | 'second' | 'ms'): string
  /** The zone as a heading writes it: `UTC`, `UTC+01:00`. */
  zoneShort: string
  /** A wall time typed in the display zone (a `datetime-local` field): the instant. */
  parseWall(local: string): number | null
  /** A time a log wrote without a zone, placed with the server's zone. */
  fromServerLocal(local: string): number | null
  /** The server's offset from UTC at an instant, in minutes (0 when unknown). */
  serverOffsetAt(ms: number): number
}

export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC'

export function makeClock(mode: ClockMode, server: ServerClock | null): Clock {
  const zone = displayZone(mode, server, localZone())
  const suffix = zoneSuffix(Date.now(), zone)
  return {
    mode,
    server,
    zone,
    format: (ms, precision) => formatInstant(ms, zone, precision),
    wall: (ms, precision) => wallTime(ms, zone, precision),
    zoneShort: suffix === 'UTC' ? 'UTC' : `UTC${suffix}`,
    fromServerLocal: (local) => serverLocalToEpoch(local, server),
    parseWall: (local) => wallToEpoch(local, zone),
    serverOffsetAt: (ms) => serverOffsetAt(server, ms),
  }
}

const ClockContext = createContext<Clock>(makeClock('utc', null))

export function useClock(): Clock {
  return useContext(ClockContext)
}

/** The clock of one server's screens: its zone read once, shown in the user's choice. */
export function ClockProvider({
  server,
  mode,
  children,
}: {
  server: string
  mode: ClockMode
  children: ReactNode
}): React.JSX.Element {
  const [state] = useCall('servers:clock', { server }, server)
  const serverClock = state.status === 'ok' ? state.value : null
  const clock = useMemo(() => makeClock(mode, serverClock), [mode, serverClock])
  return <ClockContext.Provider value={clock}>{children}</ClockContext.Provider>
}

/** Says which zone the times are in, and where the server's zone was read. */
export function ClockBadge(): React.JSX.Element | null {
  const { t } = useI18n()
  const clock = useClock()
  const server = clock.server
  const where =
    server === null
      ? ''
      : server.source === 'unknown'
        ? t('clock.server.unknown')
        : t(server.source === 'demo-data' ? 'clock.server.demo' : 'clock.server.read', {
            zone: serverZoneName(server, Date.now()),
          })
  const shown =
    clock.mode === 'local'
      ? t('clock.in.local', { zone: `${clock.zone.name ?? ''} ${clock.zoneShort}`.trim() })
      : clock.mode === 'utc'
        ? t('clock.in.utc')
        : server?.source === 'unknown'
          ? t('clock.in.unknown')
          : t('clock.in.server', {
              zone: server ? serverZoneName(server, Date.now()) : clock.zoneShort,
            })
  return (
    <span
      className="clock-badge muted small"
      data-testid="clock"
      title={where ? `${shown} — ${where}` : shown}
    >
      {shown}
    </span>
  )
}
