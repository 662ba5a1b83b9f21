// IP → country with a MaxMind database (.mmdb): a local file, or the server's, read over SFTP
// (mod_maxminddb's MaxMindDBFile), with the `maxmind` reader.
import { readFile, stat } from 'node:fs/promises'
import { isIP } from 'node:net'
import type { CountryResponse, Reader } from 'maxmind'
import { ServiceError } from '../platform'
import { readBytes } from '../files'
import type { Target } from '../platform'
import type { GeoipAnswer } from '../../../shared/http'

export type { GeoipAnswer } from '../../../shared/http'

/**
 * The largest database read: it is read whole into memory. MaxMind's country databases weigh
 * about 10 MB and the city ones under 100 MB; past this it is the wrong file.
 */
export const MAX_MMDB_BYTES = 256 << 20

function checkSize(size: number, source: string): void {
  if (size > MAX_MMDB_BYTES)
    throw new ServiceError(
      'BAD_FORMAT',
      `${source} weighs ${Math.round(size / 1048576)} MB: more than a MaxMind database (at most ${MAX_MMDB_BYTES / 1048576} MB is read). Is it the right file?`,
    )
}

export async function readerOf(bytes: Buffer, source: string): Promise<Reader<CountryResponse>> {
  // Loaded when first needed: start-up does not pay for a rarely used reader.
  const { Reader } = await import('maxmind')
  try {
    return new Reader<CountryResponse>(bytes)
  } catch (err) {
    throw new ServiceError(
      'BAD_FORMAT',
      `${source} is not a MaxMind database (.mmdb): ${(err as Error).message}`,
    )
  }
}

export function lookupIp(reader: Reader<CountryResponse>, ip: string): GeoipAnswer {
  if (isIP(ip) === 0) throw new ServiceError('BAD_REQUEST', `"${ip}" is not an IP address.`)
  let found: [CountryResponse | null, number]
  try {
    found = reader.getWithPrefixLength(ip)
  } catch {
    throw new ServiceError('BAD_REQUEST', `"${ip}" is not an IP address.`)
  }
  const [record, prefix] = found
  const country = record?.country ?? record?.registered_country ?? null
  const network = record ? `${networkStart(ip, prefix)}/${prefix}` : null
  return {
    ip,
    country: country?.iso_code ?? null,
    name: country?.names?.en ?? null,
    continent: record?.continent?.code ?? null,
    network,
    database: reader.metadata.databaseType,
  }
}

function networkStart(ip: string, prefix: number): string {
  if (!ip.includes('.')) return ip // IPv6: shown as given
  const n = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0)
  const start = Math.floor(n / 2 ** (32 - prefix)) * 2 ** (32 - prefix)
  return [24, 16, 8, 0].map((s) => Math.floor(start / 2 ** s) % 256).join('.')
}

export async function localReader(path: string): Promise<Reader<CountryResponse>> {
  let bytes: Buffer
  try {
    checkSize((await stat(path)).size, path)
    bytes = await readFile(path)
  } catch (err) {
    if (err instanceof ServiceError) throw err
    const code = (err as NodeJS.ErrnoException).code
    throw new ServiceError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'IO',
      `${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}.`,
    )
  }
  return readerOf(bytes, path)
}

/** The server's database (Debian's geoipupdate puts it in /usr/share/GeoIP), read over SFTP. */
export async function serverReader(
  target: Target,
  path = '/usr/share/GeoIP/GeoLite2-Country.mmdb',
): Promise<Reader<CountryResponse>> {
  const st = await target.stat(path)
  checkSize(st.size, path)
  return readerOf(await readBytes(target, path, 0, st.size), path)
}
