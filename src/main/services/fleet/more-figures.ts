// The fleet row's figures for support's daily review: schema changes since the last snapshot
// (the DDL the binlogs hold since then), preprod files a rebuild would lose, and the days its
// site's TLS certificate has left.
import { connect } from 'node:tls'
import type { FleetRow, ServerInfo } from '../../../shared/api'
import { changesOver } from '../binlog'
import { atRiskChanges } from '../preprod'
import type { SnapshotStore } from '../schema'
import type { SshTarget } from '../platform'
import type { Found } from '../timeline'

const DAY = 86_400_000

/**
 * DDL since the newest snapshot of each database snapshotted for this server, from its binlogs
 * (decoded on the server from the snapshot's second, row images dropped there); a binlog span
 * that starts after a snapshot makes the count a lower bound, said.
 */
export async function driftFigure(
  target: SshTarget,
  found: Promise<Found>,
  snapshots: SnapshotStore,
  info: ServerInfo,
  row: FleetRow,
): Promise<void> {
  const newest = new Map<string, number>()
  for (const s of await snapshots.list(info.id)) {
    const at = Date.parse(s.takenAt)
    if (at > (newest.get(s.database) ?? -Infinity)) newest.set(s.database, at)
  }
  if (newest.size === 0) {
    row.notes.push('No schema snapshot taken of this server yet: drift unknown (Schema › Take).')
    return
  }
  const { binlogs, binlogError } = await found
  if (binlogError || binlogs.length === 0) {
    row.notes.push('Schema drift needs the binlogs, and none can be read.')
    return
  }
  let ddl = 0
  for (const [db, at] of newest) {
    const since = Math.floor(at / 1000)
    const over = await changesOver(target, binlogs, { types: ['ddl'], table: `${db}.*`, since })
    ddl += over.found
    if (over.unreadable) row.notes.push(`Schema drift: ${over.unreadable}`)
    if (over.beginsAfter !== null)
      row.notes.push(
        `The binlogs begin after the snapshot of ${db} (${new Date(at).toISOString()}): the DDL before them is not counted.`,
      )
  }
  row.driftChanges = ddl
}

/** On a preprod: the files changed since its last rebuild (lost at the next one). */
export async function atRiskFigure(
  target: SshTarget,
  info: ServerInfo,
  row: FleetRow,
): Promise<void> {
  if (info.role !== 'preprod') return
  const r = await atRiskChanges(target, info.cmsRoot)
  row.preprodAtRisk = r.files.length
  if (r.truncated) row.notes.push(`At risk: at least ${r.files.length} files (the list was cut).`)
}

/** The days the production site's certificate has left, from here (its own TLS handshake). */
export async function certFigure(info: ServerInfo, row: FleetRow, now: number): Promise<void> {
  if (!info.productionUrl) {
    row.notes.push('No production URL set: the certificate is not checked.')
    return
  }
  const url = new URL(info.productionUrl)
  if (url.protocol !== 'https:') {
    row.notes.push(`${url.origin} is not HTTPS: no certificate.`)
    return
  }
  const cert = await new Promise<{ validTo: number; untrusted: string | null }>((ok, fail) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname,
      rejectUnauthorized: false,
      timeout: 15_000,
    })
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate()
      const err = socket.authorizationError
      socket.end()
      ok({
        validTo: Date.parse(peer.valid_to),
        untrusted: err ? (err instanceof Error ? err.message : String(err)) : null,
      })
    })
    socket.once('timeout', () => {
      socket.destroy()
      fail(new Error(`${url.host} did not answer the TLS handshake within 15 s`))
    })
    socket.once('error', fail)
  }).catch((err: Error) => {
    row.notes.push(`Certificate of ${url.host}: ${err.message}`)
    return null
  })
  if (!cert) return
  row.certDays = Math.floor((cert.validTo - now) / DAY)
  if (cert.untrusted)
    row.notes.push(`The certificate of ${url.host} is not trusted: ${cert.untrusted}.`)
}
