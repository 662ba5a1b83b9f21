// twb http trace|cache|ban, twb geoip lint|lookup.
import { parseArgs } from 'node:util'
import { createApiSession, type Services } from '../../main/services/api'
import { cacheDiagnosis, traceRedirects } from '../../main/services/http'
import { localReader, lookupIp } from '../../main/services/http'
import { lintGeoipRules } from '../../core/http'
import { readFileSync } from 'node:fs'
import {
  UsageError,
  CliError,
  call,
  nothingUnderstood,
  positionals,
  noEvents,
  type Io,
} from '../common'

/** `twb geoip lint FILE` (an .htaccess's country rules), `twb geoip lookup IP --mmdb FILE`. */
export async function geoip(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  const { values, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, mmdb: { type: 'string' } },
  })
  if (sub === 'lint') {
    const [file] = positionals(pos, 1, 'FILE')
    let text: string
    try {
      text = readFileSync(file!, 'utf8')
    } catch (err) {
      throw new CliError(
        `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
        1,
      )
    }
    if (text.includes('\0') || text.includes('\uFFFD'))
      throw nothingUnderstood(
        file!,
        'not a text file: an .htaccess (or Apache configuration) was expected.',
      )
    const issues = lintGeoipRules(text)
    if (values.json) io.out(JSON.stringify(issues, null, 2) + '\n')
    else {
      for (const i of issues) {
        io.out(`${file}:${i.line}: ${i.severity}: ${i.message}\n`)
        if (i.fix) io.out(`  fix: ${i.fix.replace(/\n/g, '\n       ')}\n`)
      }
      if (issues.length === 0) io.out(`${file}: no problem found in its GeoIP rules\n`)
    }
    return issues.some((i) => i.severity === 'error') ? 1 : 0
  }
  if (sub === 'lookup') {
    const ips = pos
    if (ips.length === 0) throw new UsageError('expected IP... --mmdb FILE')
    if (!values.mmdb) throw new UsageError('expected --mmdb FILE (a MaxMind .mmdb database)')
    const reader = await localReader(values.mmdb)
    const answers = ips.map((ip) => lookupIp(reader, ip))
    if (values.json) io.out(JSON.stringify(answers, null, 2) + '\n')
    else
      for (const a of answers)
        io.out(
          `${a.ip}\t${a.country ?? '-'}\t${a.name ?? ''}\t${a.network ?? 'not in the database'}\n`,
        )
    return 0
  }
  throw new UsageError('expected "twb geoip lint FILE" or "twb geoip lookup IP... --mmdb FILE"')
}

/**
 * `twb http trace URL`: the redirect chain, each hop measured and explained; `twb http cache URL`:
 * which cache serves it; `twb http ban --server NAME [URL]`: is it me or the site.
 */
export async function http(services: Services, args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'ban') return httpBan(services, rest, io)
  if (sub !== 'trace' && sub !== 'cache')
    throw new UsageError('expected "twb http trace URL", "twb http cache URL" or "twb http ban"')
  const { values, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      user: { type: 'string' },
      'password-env': { type: 'string' },
      repeat: { type: 'string' },
      insecure: { type: 'boolean' },
      timeout: { type: 'string' },
    },
  })
  const [url] = positionals(pos, 1, 'URL')
  const repeat = values.repeat === undefined ? 3 : Number(values.repeat)
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20)
    throw new UsageError('--repeat takes 1 to 20 requests per hop')
  const timeoutSec = values.timeout === undefined ? 10 : Number(values.timeout)
  if (!(timeoutSec > 0)) throw new UsageError('--timeout takes seconds')
  let auth: { login: string; password: string } | undefined
  if (values.user !== undefined) {
    // The password from the environment, never on the command line (ps shows it).
    const variable = values['password-env']
    if (!variable) throw new UsageError('--user needs --password-env VAR (the password in $VAR)')
    const password = process.env[variable]
    if (password === undefined) throw new UsageError(`$${variable} is not set`)
    auth = { login: values.user, password }
  }
  if (sub === 'cache') {
    const d = await cacheDiagnosis(url!, {
      timeoutMs: timeoutSec * 1000,
      ...(values.insecure ? { insecure: true } : {}),
      ...(auth ? { auth } : {}),
    })
    if (values.json) io.out(JSON.stringify(d, null, 2) + '\n')
    else {
      for (const f of d.fetches)
        io.out(
          `${f.variant.padEnd(12)} ${f.status} ${f.bytes} bytes ${f.hash.slice(0, 12)} ${f.headers['content-type'] ?? ''}${f.headers.age ? ` Age=${f.headers.age}` : ''}\n`,
        )
      for (const v of d.verdicts) io.out(`\n${v.kind}: ${v.why}\n  next: ${v.next}\n`)
    }
    return 0
  }
  const hops = await traceRedirects(url!, {
    repeat,
    timeoutMs: timeoutSec * 1000,
    ...(values.insecure ? { insecure: true } : {}),
    ...(auth ? { auth } : {}),
  })
  if (values.json) {
    io.out(JSON.stringify({ hops }, null, 2) + '\n')
    return 0
  }
  for (const [i, h] of hops.entries()) {
    io.out(
      `${i + 1}. ${h.status} ${h.url}${h.location ? ` → ${h.location}` : ''}\n   TTFB ${Math.round(h.ttfbMs)} ms, total ${Math.round(h.totalMs)} ms${h.origin ? `, origin: ${h.origin}` : ''}\n`,
    )
    for (const e of h.evidence) io.out(`   - ${e}\n`)
  }
  return 0
}

export async function httpBan(services: Services, args: string[], io: Io): Promise<number> {
  const { values, positionals: pos } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      json: { type: 'boolean' },
      insecure: { type: 'boolean' },
    },
  })
  if (!values.server) throw new UsageError('expected --server NAME [URL]')
  if (pos.length > 1) throw new UsageError('expected one URL')
  const session = createApiSession(services, 'web', noEvents)
  const r = await call(session, 'http:ban', {
    server: values.server,
    ...(pos[0] ? { url: pos[0] } : {}),
    ...(values.insecure ? { insecure: true } : {}),
  })
  if (values.json) io.out(JSON.stringify(r, null, 2) + '\n')
  else io.out(`${r.verdict}: ${r.explanation}\n`)
  return 0
}
