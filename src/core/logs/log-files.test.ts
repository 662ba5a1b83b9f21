import { describe, expect, it } from 'vitest'
import { classifyLogPath, compareLogPaths } from './log-files'

describe('log paths', () => {
  it('recognises the platform logs and their rotations', () => {
    expect(classifyLogPath('/var/log/nginx/access.log.2.gz')).toEqual({
      kind: 'nginx-access',
      rotation: 2,
      compressed: true,
      base: '/var/log/nginx/access.log',
    })
    expect(classifyLogPath('/var/log/apache2/error.log.1').kind).toBe('apache-error')
    expect(classifyLogPath('/var/log/haproxy/haproxy.log').kind).toBe('haproxy')
    expect(classifyLogPath('/var/log/php/www.slow').kind).toBe('php-slow')
    expect(classifyLogPath('/var/log/php/www.error.log').kind).toBe('php-error')
    expect(classifyLogPath('/var/log/php/www.access.log').kind).toBe('php-access')
    expect(classifyLogPath('/var/log/php/php-fpm.log').kind).toBe('php-fpm')
    expect(classifyLogPath('/var/log/php8.2-fpm.log').kind).toBe('php-fpm')
    expect(classifyLogPath('/var/log/mysql/error.log').kind).toBe('mysql')
    expect(classifyLogPath('/var/log/syslog').kind).toBe('other')
  })

  it('sorts the live file before its rotations', () => {
    const paths = ['/a/x.log.2.gz', '/a/x.log', '/a/w.log', '/a/x.log.1']
    expect(paths.sort(compareLogPaths)).toEqual([
      '/a/w.log',
      '/a/x.log',
      '/a/x.log.1',
      '/a/x.log.2.gz',
    ])
  })
})
