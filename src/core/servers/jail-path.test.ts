import { describe, expect, it } from 'vitest'
import { jailPath } from './jail-path'

describe('jail paths', () => {
  it('maps a path php-fpm wrote outside the chroot into the jail', () => {
    expect(jailPath('/tmp/tb/chroot/var/www/site/tb-slow.php', '/var/www/site')).toBe(
      '/var/www/site/tb-slow.php',
    )
    expect(jailPath('/var/www/site/index.php', '/var/www/site')).toBe('/var/www/site/index.php')
    // Not under the site: left as written (a PHP internal, a library outside the site).
    expect(jailPath('/usr/share/php/x.php', '/var/www/site')).toBe('/usr/share/php/x.php')
    expect(jailPath('/srv/var/www/site2/x.php', '/var/www/site')).toBe('/srv/var/www/site2/x.php')
  })
})
