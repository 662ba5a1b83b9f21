// The fleet's binlog finder (issue #22): the binlog filters on every server — "which of our sites
// had an UPDATE on *_options in the last hour?" — each server decoding its own binlogs of the span
// (its mysqlbinlog, the finder's push-down), the workbench merging the events by time.
import type { ChangeFilter } from '../../../shared/binlog'
import type { FleetBinlogResult, ServerInfo } from '../../../shared/api'
import { changesOver, listBinlogs, MYSQL_LOG_DIR } from '../binlog'
import { ServiceError, type ServerRegistry } from '../platform'
import { eachServer, type FleetRunOptions } from './each-server'

async function findOnServer(
  servers: ServerRegistry,
  info: ServerInfo,
  filter: ChangeFilter,
  signal: AbortSignal | undefined,
): Promise<FleetBinlogResult> {
  const began = performance.now()
  const target = servers.sshTarget(info.id)
  await target.connect()
  const result: FleetBinlogResult = {
    server: info.name,
    id: info.id,
    ok: true,
    events: [],
    total: 0,
    binlogs: 0,
    notes: [],
    ms: 0,
  }
  // No folder of binlogs: binary logging is off there, said (not a failure of the server).
  const binlogs = await listBinlogs(target).catch((err: ServiceError) => {
    if (err.code !== 'NOT_FOUND') throw err
    return []
  })
  if (binlogs.length === 0) result.notes.push(`No binary log in ${MYSQL_LOG_DIR}.`)
  else {
    const over = await changesOver(target, binlogs, filter, signal)
    result.events = over.events
    result.total = over.found
    result.binlogs = over.files.length
    if (over.unreadable) result.notes.push(over.unreadable)
    if (over.files.length === 0 && !over.unreadable)
      result.notes.push(`None of its ${binlogs.length} binary logs covers the time asked.`)
  }
  result.ms = Math.round(performance.now() - began)
  return result
}

/** The finder on each server, a few at once, each result given as it comes. */
export function fleetBinlog(
  servers: ServerRegistry,
  chosen: readonly ServerInfo[],
  filter: ChangeFilter,
  onResult: (r: FleetBinlogResult) => void,
  o: FleetRunOptions = {},
): Promise<FleetBinlogResult[]> {
  return eachServer(
    chosen,
    (info) => findOnServer(servers, info, filter, o.signal),
    (info, err, ms) => ({
      server: info.name,
      id: info.id,
      ok: false,
      error: err.message,
      events: [],
      total: 0,
      binlogs: 0,
      notes: [],
      ms,
    }),
    onResult,
    o,
  )
}
