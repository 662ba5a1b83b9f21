// Many servers at once (issue #22): from a CSV an agency keeps of its sites, or the hosts picked
// from ~/.ssh/config. Each row is checked as the add dialog checks one server; a row that cannot
// be added says why and never stops the others. No secret is read from a CSV file.
import { parse } from 'csv-parse/sync'
import type { ServerImportResult, ServerInfo, ServerProfileInput } from '../../../shared/api'
import { ServiceError } from './errors'

/** The columns a server CSV may have (any case, `-` or `_` or none between words). */
const COLUMNS = {
  name: 'name',
  host: 'host',
  port: 'port',
  user: 'user',
  auth: 'auth',
  key: 'keyFile',
  keyfile: 'keyFile',
  jump: 'jump',
  cmsroot: 'cmsRoot',
  role: 'role',
  group: 'group',
  tags: 'tags',
  productionurl: 'productionUrl',
} as const
type Column = (typeof COLUMNS)[keyof typeof COLUMNS]

/** Columns that would hold a secret: refused, a CSV file is no place for them. */
const SECRETS = ['password', 'passphrase', 'preprodlink']

const columnOf = (header: string): string => header.toLowerCase().replace(/[\s_-]/g, '')

/**
 * The servers of a CSV whose first line names its columns (`name,host,user,…`); `tags` separated
 * by spaces or `;`; `auth` key (the default when a key file is given) or agent. Rows that are not
 * servers are said by line, the others returned.
 */
export function parseServerCsv(text: string): {
  profiles: ServerProfileInput[]
  problems: string[]
} {
  const body = text.replace(/^\uFEFF/, '')
  // The header says the separator: a comma, or a spreadsheet's semicolon or tab.
  const nl = body.indexOf('\n')
  const header = nl < 0 ? body : body.slice(0, nl)
  const delimiter = [',', ';', '\t']
    .map((d) => [d, header.split(d).length] as const)
    .sort((a, b) => b[1] - a[1])[0]![0]
  let rows: string[][]
  try {
    rows = parse(body, {
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as string[][]
  } catch (err) {
    throw new ServiceError('BAD_REQUEST', `Not a CSV file: ${(err as Error).message}`)
  }
  const [head, ...lines] = rows
  if (!head) throw new ServiceError('BAD_REQUEST', 'The CSV file is empty.')
  const names = head.map(columnOf)
  const secret = names.find((n) => SECRETS.includes(n))
  if (secret !== undefined)
    throw new ServiceError(
      'BAD_REQUEST',
      `The CSV has a "${head[names.indexOf(secret)]}" column: no secret is read from a file. Use keys or the agent, or type the password in the server's dialog after the import.`,
    )
  const unknown = head.filter((_, i) => !(names[i]! in COLUMNS))
  if (unknown.length)
    throw new ServiceError(
      'BAD_REQUEST',
      `Unknown column ${unknown.map((u) => `"${u}"`).join(', ')}: the columns are ${Object.keys(COLUMNS).join(', ')}.`,
    )
  for (const needed of ['name', 'host', 'user'])
    if (!names.includes(needed))
      throw new ServiceError('BAD_REQUEST', `The CSV needs a "${needed}" column.`)
  const profiles: ServerProfileInput[] = []
  const problems: string[] = []
  lines.forEach((row, i) => {
    const v: Partial<Record<Column, string>> = {}
    names.forEach((n, k) => {
      const cell = row[k]?.trim()
      if (cell) v[COLUMNS[n as keyof typeof COLUMNS]] = cell
    })
    const line = i + 2
    const missing = (['name', 'host', 'user'] as const).filter((k) => !v[k])
    if (missing.length) {
      problems.push(`Line ${line}: no ${missing.join(', no ')}.`)
      return
    }
    const port = v.port === undefined ? undefined : Number(v.port)
    if (port !== undefined && !Number.isInteger(port)) {
      problems.push(`Line ${line}: the port "${v.port}" is not a number.`)
      return
    }
    const auth = v.auth ?? (v.keyFile ? 'key' : 'agent')
    if (auth !== 'key' && auth !== 'agent') {
      problems.push(
        `Line ${line}: auth is key or agent (a password is typed in the server's dialog).`,
      )
      return
    }
    if (v.role !== undefined && v.role !== 'production' && v.role !== 'preprod') {
      problems.push(`Line ${line}: the role is production or preprod.`)
      return
    }
    profiles.push({
      name: v.name!,
      host: v.host!,
      user: v.user!,
      auth,
      ...(port !== undefined ? { port } : {}),
      ...(v.keyFile ? { keyFile: v.keyFile } : {}),
      ...(v.jump ? { jump: v.jump } : {}),
      ...(v.cmsRoot ? { cmsRoot: v.cmsRoot } : {}),
      ...(v.role ? { role: v.role } : {}),
      ...(v.group ? { group: v.group } : {}),
      ...(v.tags ? { tags: v.tags.split(/[\s;]+/).filter(Boolean) } : {}),
      ...(v.productionUrl ? { productionUrl: v.productionUrl } : {}),
    })
  })
  return { profiles, problems }
}

/** Adds each server (`add` checks it as one added by hand); those that cannot be, said by name. */
export function importServers(
  add: (p: ServerProfileInput) => ServerInfo,
  profiles: readonly ServerProfileInput[],
): ServerImportResult {
  const result: ServerImportResult = { added: [], skipped: [] }
  for (const p of profiles) {
    try {
      result.added.push(add(p))
    } catch (err) {
      result.skipped.push({ name: p.name || '(no name)', reason: (err as Error).message })
    }
  }
  return result
}
