// A TLS server on 127.0.0.1 with a self-signed certificate of a known lifetime (made by openssl
// in its own temp dir), for what measures a site's certificate.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { tempDir } from './process'

export async function startTlsServer(
  days: number,
): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = tempDir('tls')
  const key = join(dir.path, 'key.pem')
  const cert = join(dir.path, 'cert.pem')
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
      '/CN=localhost',
    ],
    { stdio: 'ignore' },
  )
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
