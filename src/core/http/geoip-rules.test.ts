import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildGeoipRules, ISO_COUNTRIES, lintGeoipRules } from './geoip-rules'

describe('GeoIP rules in .htaccess', () => {
  it('knows the 249 ISO 3166 codes', () => {
    expect(ISO_COUNTRIES.size).toBe(249)
    expect(ISO_COUNTRIES.has('GB')).toBe(true)
    expect(ISO_COUNTRIES.has('UK')).toBe(false)
    // Kosovo, as MaxMind's databases give it, is accepted in rules.
    expect(lintGeoipRules(buildGeoipRules({ action: 'block', countries: ['XK'] }))).toEqual([])
  })

  it('finds codes that are not ISO, the missing media exclusion and supervision guard', () => {
    const text = [
      'RewriteEngine On',
      'RewriteCond %{ENV:MM_COUNTRY_CODE} ^(UK|FR|XX)$',
      'RewriteRule ^ https://uk.shop.example/ [R=302,L]',
    ].join('\n')
    const issues = lintGeoipRules(text)
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['NOT_ISO', 2],
      ['NOT_ISO', 2],
      ['NO_MEDIA_EXCLUSION', 3],
      ['NO_SUPERVISION_GUARD', 3],
    ])
    expect(issues[0]).toMatchObject({
      message: '"UK" is not an ISO 3166 country code: the database says GB.',
      fix: 'RewriteCond %{ENV:MM_COUNTRY_CODE} ^(GB|FR|XX)$',
    })
    expect(issues[1]!.message).toContain('"XX"')
    expect(issues[1]!.fix).toBeUndefined()
  })

  it('accepts what the builder writes, for redirects and blocks', () => {
    const redirect = buildGeoipRules({
      action: 'redirect',
      countries: ['gb', 'IE'],
      target: 'https://uk.shop.example/',
    })
    expect(redirect).toContain('RewriteCond %{ENV:MM_COUNTRY_CODE} ^(GB|IE)$')
    expect(redirect).toContain('RewriteRule ^ https://uk.shop.example/ [R=302,L]')
    expect(lintGeoipRules(redirect)).toEqual([])
    const block = buildGeoipRules({
      action: 'block',
      countries: ['FR'],
      except: true,
      variable: 'GEOIP_COUNTRY_CODE',
    })
    expect(block).toContain('RewriteCond %{ENV:GEOIP_COUNTRY_CODE} !^(FR)$')
    expect(block).toContain('RewriteRule ^ - [F,L]')
    expect(lintGeoipRules(block)).toEqual([])
    expect(() => buildGeoipRules({ action: 'block', countries: ['UK'] })).toThrow('UK (GB)')
    expect(() => buildGeoipRules({ action: 'redirect', countries: ['FR'] })).toThrow('Where to')
  })

  it('flags Apache 2.2 access control and conditions that can never all be true', () => {
    const text = [
      'SetEnvIf MM_COUNTRY_CODE ^(CN|RU)$ BlockCountry',
      'Order allow,deny',
      'Allow from all',
      'Deny from env=BlockCountry',
      'RewriteCond %{HTTP_HOST} !^media\\. [NC]',
      'RewriteCond %{ENV:BTW_FORBIDDEN_GEOIP} !=1',
      'RewriteCond %{ENV:MM_COUNTRY_CODE} ^(FR|BE)$',
      'RewriteCond %{ENV:MM_COUNTRY_CODE} ^(DE)$',
      'RewriteRule ^ /de/ [R=302,L]',
    ].join('\n')
    const issues = lintGeoipRules(text)
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['APACHE22_SYNTAX', 4],
      ['UNREACHABLE', 9],
    ])
    expect(issues[0]!.fix).toContain('Require not env BlockCountry')
    expect(issues[1]!.message).toContain('Lines 7 and 8')
    // An .htaccess without GeoIP rules has nothing to say.
    expect(lintGeoipRules('RewriteEngine On\nRewriteRule ^old$ /new [R=301,L]\n')).toEqual([])
  })

  it('reads flags as flags on files from public docs ([OR], [NC] are not countries)', () => {
    const peer = (name: string): string =>
      readFileSync(new URL(`../../../../shared/peer/htaccess/${name}`, import.meta.url), 'utf8')
    // [NC] was read as New Caledonia and hid the real problem: FR and BE ANDed.
    const nc = lintGeoipRules(peer('nc-flag-unreachable.derived.htaccess'))
    expect(nc.map((i) => [i.code, i.line])).toEqual([['UNREACHABLE', 6]])
    // [OR] was "OR is not an ISO 3166 country code".
    for (const name of ['russian-redirect-action.htaccess', 'litespeed-currency.htaccess']) {
      const issues = lintGeoipRules(peer(name))
      expect(issues.filter((i) => i.code === 'NOT_ISO')).toEqual([])
    }
    expect(
      lintGeoipRules(
        'RewriteCond %{ENV:MM_COUNTRY_CODE} ^(FR|BE)$ [NC,OR]\nRewriteRule ^ - [F]',
      ).filter((i) => i.code === 'NOT_ISO'),
    ).toEqual([])
  })

  it('flags a RewriteCond with its RewriteRule glued on the same line (the site answers 500)', () => {
    const text = readFileSync(
      new URL('../../../../shared/peer/htaccess/gridpane-ols-doc.htaccess', import.meta.url),
      'utf8',
    )
    const issues = lintGeoipRules(text)
    expect(issues[0]).toMatchObject({ code: 'GLUED_DIRECTIVES', severity: 'error', line: 1 })
    expect(issues[0]!.fix).toBe(
      'RewriteCond %{ENV:GEOIP_COUNTRY_CODE} ^(FR)$\nRewriteRule ^/?worldwide-url/$ france-only-url/ [L,R]',
    )
    expect(issues.filter((i) => i.code === 'NOT_ISO')).toEqual([])
    // The glued rule is not read as part of the condition's pattern (its /UK/ is a path).
    const uk = lintGeoipRules('RewriteCond %{ENV:MM_COUNTRY_CODE} ^(FR)$ RewriteRule ^ /UK/ [R]')
    expect(uk.map((i) => i.code)).toEqual(['GLUED_DIRECTIVES'])
    // A directive's name inside a path is a path.
    expect(
      lintGeoipRules('RewriteRule ^docs/rewriterule-guide$ /docs/RewriteRule [R=301,L]'),
    ).toEqual([])
  })
})
