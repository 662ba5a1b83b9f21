// A real nginx on 127.0.0.1 with free ports, its own prefix folder and a self-signed
// certificate for its HTTPS server; started in the foreground, stopped by PID.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { findBinary, REQUIREMENTS } from './bootstrap'
import { selfSignedCert } from './tls'
import { canConnect, freePort, startDaemon, tempDir, waitFor, type Daemon } from './process'

export interface TestNginx {
  /** Ports named by the config's placeholders (`{{http}}`, `{{https}}`, …). */
  ports: Record<string, number>
  dir: string
  daemon: Daemon
  stop(): Promise<void>
}

/**
 * Starts nginx with `servers` (the inside of its `http {}` block), where `{{name}}` stands for a
 * free port of that name and `{{cert}}` / `{{key}}` for the self-signed certificate's files.
 */
export async function startNginx(servers: string, portNames: string[]): Promise<TestNginx> {
  const binary = findBinary(REQUIREMENTS.find((r) => r.binary === 'nginx')!)
  if (!binary) throw new Error('nginx is not installed')
  const tmp = tempDir('nginx')
  const dir = tmp.path
  mkdirSync(join(dir, 'logs'))
  mkdirSync(join(dir, 'tmp'))
  const { cert, key } = selfSignedCert(dir, 2, '127.0.0.1')
  const ports: Record<string, number> = {}
  for (const name of portNames) ports[name] = await freePort()
  let body = servers.replaceAll('{{cert}}', cert).replaceAll('{{key}}', key)
  for (const [name, port] of Object.entries(ports))
    body = body.replaceAll(`{{${name}}}`, String(port))
  const t = join(dir, 'tmp')
  writeFileSync(
    join(dir, 'nginx.conf'),
    // As root, workers would switch to nobody and lose access to the test's temp files.
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs', 'error.log')} info;
events { worker_connections 64; }
http {
  access_log ${join(dir, 'logs', 'access.log')};
  client_body_temp_path ${t}/body; proxy_temp_path ${t}/proxy; fastcgi_temp_path ${t}/fastcgi;
  uwsgi_temp_path ${t}/uwsgi; scgi_temp_path ${t}/scgi;
  default_type text/plain;
${body}
}
`,
  )
  const daemon = startDaemon(binary, [
    '-p',
    dir,
    '-c',
    join(dir, 'nginx.conf'),
    '-g',
    'daemon off;',
  ])
  for (const port of Object.values(ports))
    await waitFor(`nginx on port ${port}`, () => canConnect(port), 20_000, daemon)
  return {
    ports,
    dir,
    daemon,
    stop: async () => {
      await daemon.stop()
      tmp.remove()
    },
  }
}
