// A TLS server on 127.0.0.1 with a self-signed certificate of a known lifetime (made by openssl
// in its own temp dir), for what measures a site's certificate.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { tempDir } from './process'

/** A self-signed certificate for `cn`, valid `days`, made by openssl in `dir`: its files. */
export function selfSignedCert(
  dir: string,
  days: number,
  cn = 'localhost',
): { key: string; cert: string } {
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      String(days),
      '-subj',
      `/CN=${cn}`,
    ],
    { stdio: 'ignore' },
  )
  return { key, cert }
}

export async function startTlsServer(
  days: number,
): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = tempDir('tls')
  const { key, cert } = selfSignedCert(dir.path, days)
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (s) => s.end())
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((ok) =>
        server.close(() => {
          dir.remove()
          ok()
        }),
      ),
  }
}
