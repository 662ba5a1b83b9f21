// A redirect made by an .htaccess on a real Apache 2.4: fast like the front end's, told apart
// because the tracer reads the .htaccess files along the path and finds the rule.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { htaccessReader, traceRedirects } from '../../src/main/services/http/http-probe'
import { LocalTarget } from '../../src/main/services/platform/local-target'
import { startApache, type TestApache } from '../harness/apache'

describe('an .htaccess redirect on Apache', () => {
  let apache: TestApache

  beforeAll(async () => {
    apache = await startApache()
    writeFileSync(
      join(apache.site, '.htaccess'),
      [
        '# the shop moved',
        'RewriteEngine On',
        'RewriteRule ^old-shop/(.*)$ /shop/$1 [R=302,L]',
        'Redirect 301 /promo /sales',
        '',
      ].join('\n'),
    )
    writeFileSync(join(apache.site, 'sales'), 'sales\n')
  }, 60_000)

  afterAll(async () => {
    await apache?.stop()
  })

  it('names the .htaccess rule that answered, read from the site (here through a local target)', async () => {
    const site = new LocalTarget('apache', apache.site)
    const base = `http://127.0.0.1:${apache.port}`
    const hops = await traceRedirects(`${base}/promo`, {
      repeat: 3,
      htaccessFor: htaccessReader(site, '/'),
    })
    expect(hops.map((h) => [h.status, h.origin])).toEqual([
      [301, 'htaccess'],
      [200, null],
    ])
    expect(hops[0]!.evidence[0]).toBe('/.htaccess:4 matches: Redirect 301 /promo /sales')
    expect(hops[0]!.server).toMatch(/^Apache/)
    const rewrite = await traceRedirects(`${base}/old-shop/cart`, {
      repeat: 1,
      htaccessFor: htaccessReader(site, '/'),
      maxHops: 1,
    })
    expect(rewrite[0]).toMatchObject({ status: 302, origin: 'htaccess' })
    expect(rewrite[0]!.evidence[0]).toContain('RewriteRule ^old-shop/(.*)$ /shop/$1 [R=302,L]')
    // Without reading the site, the time alone says "front end or .htaccess".
    const blind = await traceRedirects(`${base}/promo`, { repeat: 3, maxHops: 1 })
    expect(blind[0]!.origin).toBe('frontend')
    await site.close()
  })
})
