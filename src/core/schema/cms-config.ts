// Database credentials from a CMS configuration file, read as text (PHP is never executed):
// WordPress wp-config.php `define('DB_NAME', …)`, PrestaShop 1.6 settings.inc.php `define('_DB_…')`,
// PrestaShop 1.7/8 app/config/parameters.php and Magento 2 app/etc/env.php arrays, Drupal
// sites/default/settings.php `$databases['default']['default'] = …`. Comments are removed first:
// Drupal's default settings.php documents an example `$databases` array in a comment.

import type { Cms } from '../../shared/clone'
export type { Cms } from '../../shared/clone'

export interface DbCredentials {
  cms: Cms
  host: string
  port: number
  /** A Unix socket path when the host names one (`localhost:/run/mysqld/mysqld.sock`). */
  socket?: string
  database: string
  user: string
  password: string
  prefix: string
}

/** Where each CMS keeps its configuration, relative to the CMS root (tried in this order). */
export const CMS_CONFIG_FILES: { cms: Cms; path: string }[] = [
  { cms: 'wordpress', path: 'wp-config.php' },
  { cms: 'prestashop', path: 'app/config/parameters.php' },
  { cms: 'prestashop-1.6', path: 'config/settings.inc.php' },
  { cms: 'magento', path: 'app/etc/env.php' },
  { cms: 'drupal', path: 'sites/default/settings.php' },
]

/** PHP source without its comments, strings kept intact. */
export function stripPhpComments(src: string): string {
  let out = ''
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (c === "'" || c === '"') {
      let j = i + 1
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1
      out += src.slice(i, j + 1)
      i = j + 1
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2)
      i = end === -1 ? src.length : end + 2
    } else if ((c === '/' && src[i + 1] === '/') || (c === '#' && src[i + 1] !== '[')) {
      const end = src.indexOf('\n', i)
      i = end === -1 ? src.length : end
    } else {
      out += c
      i++
    }
  }
  return out
}

function unquote(literal: string): string {
  const q = literal[0]
  const body = literal.slice(1, -1)
  if (q === "'") return body.replace(/\\(['\\])/g, '$1')
  return body
    .replace(/\\(["\\$])/g, '$1')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
}

const STRING = `'(?:[^'\\\\]|\\\\.)*'|"(?:[^"\\\\]|\\\\.)*"`
const DEFINE = new RegExp(`define\\s*\\(\\s*(${STRING})\\s*,\\s*(${STRING}|[\\w.]+)\\s*\\)`, 'g')
const PAIR = new RegExp(`(${STRING})\\s*=>\\s*(${STRING}|-?\\d+|true|false|null)`, 'g')

function defines(code: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of code.matchAll(DEFINE)) {
    const value = m[2]!
    out.set(unquote(m[1]!), /^['"]/.test(value) ? unquote(value) : value)
  }
  return out
}

function pairs(code: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of code.matchAll(PAIR)) {
    const key = unquote(m[1]!)
    const value = m[2]!
    if (!out.has(key)) out.set(key, /^['"]/.test(value) ? unquote(value) : value)
  }
  return out
}

/** `host`, `host:3307`, `localhost:/path/to.sock`, `[::1]:3306`. */
function hostPort(
  text: string,
  defaultPort: number,
): { host: string; port: number; socket?: string } {
  const sock = /^([^:]*):(\/.+)$/.exec(text)
  if (sock) return { host: sock[1] || 'localhost', port: defaultPort, socket: sock[2]! }
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(text)
  if (!m) return { host: text, port: defaultPort }
  return { host: m[1]!, port: m[2] ? Number(m[2]) : defaultPort }
}

/** Reads the credentials of one CMS configuration file; null when the file does not hold them. */
export function parseCmsConfig(cms: Cms, source: string): DbCredentials | null {
  const code = stripPhpComments(source)
  switch (cms) {
    case 'wordpress': {
      const d = defines(code)
      if (!d.has('DB_NAME')) return null
      const prefix = /\$table_prefix\s*=\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/.exec(code)
      return {
        cms,
        ...hostPort(d.get('DB_HOST') ?? 'localhost', 3306),
        database: d.get('DB_NAME')!,
        user: d.get('DB_USER') ?? '',
        password: d.get('DB_PASSWORD') ?? '',
        prefix: prefix ? unquote(prefix[1]!) : 'wp_',
      }
    }
    case 'prestashop-1.6': {
      const d = defines(code)
      if (!d.has('_DB_NAME_')) return null
      return {
        cms,
        ...hostPort(d.get('_DB_SERVER_') ?? 'localhost', 3306),
        database: d.get('_DB_NAME_')!,
        user: d.get('_DB_USER_') ?? '',
        password: d.get('_DB_PASSWD_') ?? '',
        prefix: d.get('_DB_PREFIX_') ?? 'ps_',
      }
    }
    case 'prestashop': {
      const p = pairs(code)
      if (!p.has('database_name')) return null
      const port = Number(p.get('database_port') || 3306)
      return {
        cms,
        ...hostPort(
          p.get('database_host') ?? 'localhost',
          Number.isInteger(port) && port > 0 ? port : 3306,
        ),
        database: p.get('database_name')!,
        user: p.get('database_user') ?? '',
        password: p.get('database_password') ?? '',
        prefix: p.get('database_prefix') ?? 'ps_',
      }
    }
    case 'magento': {
      const db = code.indexOf("'db'")
      if (db === -1) return null
      const p = pairs(code.slice(db))
      if (!p.has('dbname')) return null
      return {
        cms,
        ...hostPort(p.get('host') ?? 'localhost', 3306),
        database: p.get('dbname')!,
        user: p.get('username') ?? '',
        password: p.get('password') ?? '',
        prefix: p.get('table_prefix') ?? '',
      }
    }
    case 'drupal': {
      const at = code.search(
        /\$databases\s*\[\s*['"]default['"]\s*\]\s*\[\s*['"]default['"]\s*\]\s*=/,
      )
      if (at === -1) return null
      const p = pairs(code.slice(at))
      if (!p.has('database')) return null
      return {
        cms,
        ...hostPort(p.get('host') ?? 'localhost', Number(p.get('port') || 3306)),
        database: p.get('database')!,
        user: p.get('username') ?? '',
        password: p.get('password') ?? '',
        prefix: p.get('prefix') ?? '',
      }
    }
  }
}
