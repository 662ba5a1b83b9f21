import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import SSHConfig, { LineType } from 'ssh-config'
import type { ServerProfileInput } from '../../../shared/api'

/**
 * Server candidates from an OpenSSH client config (`~/.ssh/config`): one per concrete `Host`
 * alias (patterns with `*` or `?` are defaults, not servers), with the values OpenSSH would use
 * for it (HostName, Port, User, IdentityFile, ProxyJump), computed across every matching block.
 */
export function importSshConfig(text: string, home = homedir()): ServerProfileInput[] {
  const config = SSHConfig.parse(text)
  const aliases: string[] = []
  for (const line of config) {
    if (line.type !== LineType.DIRECTIVE || line.param.toLowerCase() !== 'host') continue
    const values = Array.isArray(line.value)
      ? line.value.map((v) => (typeof v === 'string' ? v : v.val))
      : String(line.value).split(/\s+/)
    for (const alias of values)
      if (alias && !/[*?!]/.test(alias) && !aliases.includes(alias)) aliases.push(alias)
  }
  return aliases.map((alias) => {
    const c = config.compute(alias)
    const one = (key: string): string | undefined => {
      const v = c[key]
      return Array.isArray(v) ? v[0] : v
    }
    const identity = one('IdentityFile')?.replace(/^~(?=\/)/, home)
    const port = one('Port') ? Number(one('Port')) : undefined
    const jump = one('ProxyJump')
    // HostName's tokens, as OpenSSH expands them: %h the alias, %% a percent sign.
    const host = one('HostName')?.replace(/%([h%])/g, (_, t: string) => (t === 'h' ? alias : '%'))
    return {
      name: alias,
      host: host ?? alias,
      ...(port && Number.isInteger(port) ? { port } : {}),
      user: one('User') ?? '',
      auth: identity ? 'key' : 'agent',
      ...(identity ? { keyFile: identity } : {}),
      ...(jump && jump.toLowerCase() !== 'none' ? { jump: jump.split(',')[0]! } : {}),
    }
  })
}

export async function readSshConfig(
  file = join(homedir(), '.ssh', 'config'),
): Promise<ServerProfileInput[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  return importSshConfig(text)
}
