// GeoIP: IP → country with the `maxmind` reader on a small .mmdb written in the test, and the
// .htaccess linter, both through the built `twb` as a user runs it.
import { truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { localReader, lookupIp, readerOf, serverReader } from '../../src/main/services/http/geoip'
import { LocalTarget } from '../../src/main/services/platform/local-target'
import { buildGeoipRules } from '../../src/core/http/geoip-rules'
import { cliRunner } from '../harness/cli'
import { writeCountryMmdb } from '../harness/mmdb'
import { tempDir } from '../harness/process'

const work = tempDir('geoip')
afterAll(() => work.remove())

const mmdb = join(work.path, 'GeoLite2-Country.mmdb')
writeFileSync(
  mmdb,
  writeCountryMmdb({
    '192.0.2.0/24': {
      continent: { code: 'EU' },
      country: { iso_code: 'FR', names: { en: 'France' } },
    },
    '198.51.100.128/25': {
      continent: { code: 'EU' },
      country: { iso_code: 'GB', names: { en: 'United Kingdom' } },
    },
  }),
)

describe('GeoIP', () => {
  it('places addresses with the maxmind reader, and says when the database does not', async () => {
    const reader = await localReader(mmdb)
    expect(lookupIp(reader, '192.0.2.77')).toEqual({
      ip: '192.0.2.77',
      country: 'FR',
      name: 'France',
      continent: 'EU',
      network: '192.0.2.0/24',
      database: 'GeoLite2-Country',
    })
    expect(lookupIp(reader, '198.51.100.200')).toMatchObject({
      country: 'GB',
      network: '198.51.100.128/25',
    })
    expect(lookupIp(reader, '198.51.100.5')).toMatchObject({ country: null, network: null })
    expect(() => lookupIp(reader, 'not-an-ip')).toThrow('"not-an-ip" is not an IP address.')
    await expect(readerOf(Buffer.from('not a database'), 'x.mmdb')).rejects.toThrow(
      'x.mmdb is not a MaxMind database (.mmdb)',
    )
  })

  it('twb geoip lookup and twb geoip lint', () => {
    const twb = cliRunner(work.path)
    const r = twb('geoip', 'lookup', '192.0.2.1', '198.51.100.5', '--mmdb', mmdb)
    expect(r.code).toBe(0)
    expect(r.out).toBe(
      '192.0.2.1\tFR\tFrance\t192.0.2.0/24\n198.51.100.5\t-\t\tnot in the database\n',
    )
    expect(twb('geoip', 'lookup', '1.1.1.1', '--mmdb', join(work.path, 'none.mmdb')).err).toContain(
      'no such file',
    )
    // A file far bigger than any MaxMind database is refused before it is read into memory
    // (sparse: it takes no disk).
    const huge = join(work.path, 'huge.mmdb')
    writeFileSync(huge, '')
    truncateSync(huge, 300 * 1048576)
    const big = twb('geoip', 'lookup', '1.1.1.1', '--mmdb', huge)
    expect(big.code).toBe(1)
    expect(big.err).toContain('weighs 300 MB: more than a MaxMind database')
    const bad = join(work.path, 'bad.htaccess')
    writeFileSync(bad, 'RewriteCond %{ENV:MM_COUNTRY_CODE} ^(UK)$\nRewriteRule ^ /uk/ [R=302,L]\n')
    const lint = twb('geoip', 'lint', bad)
    expect(lint.code).toBe(1)
    expect(lint.out).toContain(
      `${bad}:1: error: "UK" is not an ISO 3166 country code: the database says GB.`,
    )
    expect(lint.out).toContain('fix: RewriteCond %{HTTP_HOST} !^media\\. [NC]')
    const good = join(work.path, 'good.htaccess')
    writeFileSync(good, buildGeoipRules({ action: 'block', countries: ['CN', 'RU'] }))
    expect(twb('geoip', 'lint', good)).toMatchObject({
      code: 0,
      out: `${good}: no problem found in its GeoIP rules\n`,
    })
  })

  it("reads the server's database through its target (as over SFTP), and says when it is not there", async () => {
    const target = new LocalTarget('geo', work.path)
    const reader = await serverReader(target, '/GeoLite2-Country.mmdb')
    expect(lookupIp(reader, '192.0.2.9').country).toBe('FR')
    await expect(serverReader(target, '/usr/share/GeoIP/GeoLite2-Country.mmdb')).rejects.toThrow(
      /no such file/i,
    )
    await target.close()
  })
})
