// Recognises the hosting platform's log files by path (DESIGN: logs live under fixed
// folders of /var/log). Content sniffing comes with the log parsers.
import type { LogKind } from '../../shared/api'

export interface LogPathInfo {
  kind: LogKind
  rotation: number
  compressed: boolean
  /** The live file this one was rotated from, e.g. `/var/log/nginx/access.log`. */
  base: string
}

const ROTATED = /^(.*?)(?:\.(\d+))?(\.gz)?$/

export function classifyLogPath(path: string): LogPathInfo {
  const m = ROTATED.exec(path)
  const base = m?.[1] ?? path
  const rotation = m?.[2] !== undefined ? Number(m[2]) : 0
  const compressed = m?.[3] !== undefined
  return { kind: logKind(base), rotation, compressed, base }
}

function logKind(base: string): LogKind {
  const name = base.slice(base.lastIndexOf('/') + 1)
  const dir = base.slice(0, base.lastIndexOf('/'))
  if (dir.endsWith('/haproxy') || name.startsWith('haproxy')) return 'haproxy'
  if (dir.endsWith('/nginx')) return name.includes('error') ? 'nginx-error' : 'nginx-access'
  if (dir.endsWith('/apache2') || dir.endsWith('/httpd')) {
    return name.includes('error') ? 'apache-error' : 'apache-access'
  }
  if (dir.endsWith('/mysql') || dir.endsWith('/mariadb')) return 'mysql'
  if (name.endsWith('.slow')) return 'php-slow'
  if (/php[\d.]*-fpm/.test(name)) return 'php-fpm'
  if (dir.includes('/php')) {
    if (name.includes('error')) return 'php-error'
    if (name.includes('access')) return 'php-access'
    return 'php-fpm'
  }
  return 'other'
}

/** Sort key: by base name, the live file first, then `.1`, `.2.gz`… */
export function compareLogPaths(a: string, b: string): number {
  const ia = classifyLogPath(a)
  const ib = classifyLogPath(b)
  if (ia.base !== ib.base) return ia.base < ib.base ? -1 : 1
  return ia.rotation - ib.rotation
}
