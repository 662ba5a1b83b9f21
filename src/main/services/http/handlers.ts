// The HTTP diagnosis calls: redirects, caches, IDS bans, GeoIP.
import type { HttpCalls } from '../../../shared/api'
import {
  flag,
  integer,
  object,
  optionalText,
  text,
  textList,
  type CallHandlers,
  type SessionContext,
} from '../platform'
import { discoverLogs } from '../logs'
import { lookupIp, serverReader } from './geoip'
import {
  banCheck,
  cacheDiagnosis,
  curlFromServer,
  htaccessReader,
  logGrep,
  traceRedirects,
} from './http-probe'
import { siteUrl } from './site-url'

export function httpHandlers(ctx: SessionContext): CallHandlers<HttpCalls> {
  const { servers, jobs } = ctx
  return {
    'http:trace': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const { url, auth } = siteUrl(servers, server.id, optionalText(r, 'url', 4096))
      const target = servers.target(server.id)
      let logFiles: Promise<string[]> | undefined
      const options = {
        repeat: integer(r, 'repeat', 3, 1, 10),
        insecure: flag(r, 'insecure', false),
        timeoutMs: integer(r, 'timeoutMs', 10_000, 500, 120_000),
        ...(auth ? { auth } : {}),
        ...(server.cmsRoot ? { htaccessFor: htaccessReader(target, server.cmsRoot) } : {}),
        // The probe's own lines in the front end's and web servers' current logs (found once).
        logsFor: async (token: string) => {
          logFiles ??= discoverLogs(target).then((logs) =>
            logs
              .filter(
                (l) =>
                  !l.compressed &&
                  (l.kind === 'haproxy' || l.kind === 'nginx-access' || l.kind === 'apache-access'),
              )
              .map((l) => l.path),
          )
          return logGrep(target, await logFiles)(token)
        },
      }
      // A job: each hop shows as soon as it is known, and cancelling stops the probes.
      const job = jobs.start('http:trace', async (j) => {
        await traceRedirects(url, {
          ...options,
          signal: j.signal,
          onHop: (hop) => void j.push(hop),
        })
      })
      return { job }
    },
    'http:cache': async (req) => {
      const r = object(req)
      const { url, auth } = siteUrl(servers, text(r, 'server'), optionalText(r, 'url', 4096))
      return cacheDiagnosis(url, {
        insecure: flag(r, 'insecure', false),
        ...(auth ? { auth } : {}),
      })
    },
    'http:ban': async (req) => {
      const r = object(req)
      const server = servers.info(text(r, 'server'))
      const { url, auth } = siteUrl(servers, server.id, optionalText(r, 'url', 4096))
      let fromServer: ReturnType<typeof curlFromServer> | undefined
      if (server.kind === 'ssh') {
        // The server itself is asked over SSH; if SSH is refused too, that is part of the answer.
        fromServer = async (u, a) => {
          await servers.connect(server.id)
          return curlFromServer(servers.sshTarget(server.id))(u, a)
        }
      }
      const check = await banCheck(url, {
        insecure: flag(r, 'insecure', false),
        ...(auth ? { auth } : {}),
        ...(fromServer ? { fromServer } : {}),
      })
      // The address the host would whitelist: this computer's, as the server sees it.
      if (server.kind === 'ssh') {
        const seen = await servers
          .sshTarget(server.id)
          .run(['sh', '-c', 'echo "$SSH_CLIENT"'])
          .catch(() => null)
        const ip = seen?.stdout.trim().split(/\s+/)[0]
        if (ip) check.clientIp = ip
      }
      return check
    },
    'geoip:lookup': async (req) => {
      const r = object(req)
      const target = servers.target(text(r, 'server'))
      const path = optionalText(r, 'path', 1024) || '/usr/share/GeoIP/GeoLite2-Country.mmdb'
      const ips = textList(r, 'ips')
      const reader = await serverReader(target, path)
      return ips.map((ip) => lookupIp(reader, ip))
    },
  }
}
