// The site URL of a cloned database, rewritten for its new domain: every text column of the
// site's tables (PHP-serialized values kept valid), WordPress guids left alone as WordPress
// asks, and the bare host names PrestaShop keeps in shop_url and its configuration. Run on the
// destination database only, reviewed first (without `apply` nothing is written).
import type { RowDataPacket } from 'mysql2/promise'
import { replaceInValue } from '../../../core/clone'
import type { DbAccess, UrlRewriteColumn, UrlRewritePlan } from '../../../shared/clone'
import { ServiceError } from '../platform'
import { connectDatabase } from '../schema'

export type { UrlRewriteColumn, UrlRewritePlan } from '../../../shared/clone'

const q = (n: string): string => '`' + n.replace(/`/g, '``') + '`'
const TEXT_TYPES = ['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext']

const hostOf = (url: string): string | null => {
  try {
    return new URL(url).host
  } catch {
    return null
  }
}

const around = (value: string, needle: string): string => {
  const at = Math.max(0, value.indexOf(needle) - 30)
  return (at > 0 ? '…' : '') + value.slice(at, at + needle.length + 60)
}

export async function rewriteSiteUrl(
  db: DbAccess,
  options: { from: string; to: string; prefix?: string; apply?: boolean },
): Promise<UrlRewritePlan> {
  const { from, to } = options
  if (!from || from === to) throw new ServiceError('BAD_REQUEST', 'Give the old and the new URL.')
  const fromHost = hostOf(from)
  const toHost = hostOf(to)
  // The search and replace work on byte strings (see serialized-replace).
  const bytes = (v: string): string => Buffer.from(v, 'utf8').toString('latin1')
  const bFrom = bytes(from)
  const bTo = bytes(to)
  const bFromHost = fromHost === null ? null : bytes(fromHost)
  const bToHost = toHost === null ? null : bytes(toHost)
  const conn = await connectDatabase(db)
  const plan: UrlRewritePlan = { from, to, applied: options.apply === true, columns: [], notes: [] }
  try {
    const [cols] = await conn.query<RowDataPacket[]>(
      `SELECT c.TABLE_NAME AS t, c.COLUMN_NAME AS c, c.DATA_TYPE AS type
         FROM information_schema.COLUMNS c JOIN information_schema.TABLES t
           ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
        WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' AND c.TABLE_NAME LIKE ?
        ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
      [`${(options.prefix ?? '').replace(/[\\%_]/g, '\\$&')}%`],
    )
    const [keys] = await conn.query<RowDataPacket[]>(
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION`,
    )
    const primary = new Map<string, string[]>()
    for (const k of keys)
      primary.set(String(k.t), [...(primary.get(String(k.t)) ?? []), String(k.c)])
    const noKey = new Set<string>()
    if (options.apply) await conn.beginTransaction()
    for (const col of cols) {
      const table = String(col.t)
      const column = String(col.c)
      if (!TEXT_TYPES.includes(String(col.type).toLowerCase())) continue
      // WordPress: a post's guid is its identity for feed readers, never a link to rewrite.
      if (column === 'guid' && table.endsWith('posts')) continue
      const pk = primary.get(table)
      // PrestaShop keeps bare host names (domain, domain_ssl, PS_SHOP_DOMAIN…).
      const hostColumn =
        fromHost !== null &&
        toHost !== null &&
        ((table.endsWith('shop_url') && (column === 'domain' || column === 'domain_ssl')) ||
          (table.endsWith('configuration') && column === 'value'))
      const needles = hostColumn ? [from, fromHost!] : [from]
      // The raw bytes, as PHP sees them, whatever the column's character set says.
      const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT ${pk ? pk.map(q).join(', ') + ', ' : ''}CAST(${q(column)} AS BINARY) AS v FROM ${q(table)} WHERE ${needles.map(() => `${q(column)} LIKE ?`).join(' OR ')}`,
        needles.map((n) => `%${n.replace(/[\\%_]/g, '\\$&')}%`),
      )
      if (rows.length === 0) continue
      if (!pk) {
        noKey.add(table)
        continue
      }
      let changed = 0
      let sample: UrlRewriteColumn['sample']
      for (const row of rows) {
        const before = (row.v as Buffer).toString('latin1')
        let after = replaceInValue(before, bFrom, bTo)
        if (hostColumn && after === before && before === bFromHost) after = bToHost!
        if (after === before) continue
        changed++
        const text = (s: string): string => Buffer.from(s, 'latin1').toString('utf8')
        sample ??= {
          before: around(text(before), before.includes(bFrom) ? from : fromHost!),
          after: around(text(after), after.includes(bTo) ? to : toHost!),
        }
        if (options.apply) {
          await conn.query(
            `UPDATE ${q(table)} SET ${q(column)} = ? WHERE ${pk.map((c) => `${q(c)} = ?`).join(' AND ')}`,
            [Buffer.from(after, 'latin1'), ...pk.map((c) => row[c] as unknown)],
          )
        }
      }
      if (changed > 0)
        plan.columns.push({ table, column, rows: changed, ...(sample ? { sample } : {}) })
    }
    if (options.apply) await conn.commit()
    for (const t of noKey)
      plan.notes.push(`${t} has the old URL but no primary key: not rewritten, check it by hand.`)
    return plan
  } catch (err) {
    if (options.apply) await conn.rollback().catch(() => undefined)
    throw err
  } finally {
    await conn.end().catch(() => undefined)
  }
}
