// Many servers at once (issue #22): `twb server import` from an agency's CSV and from the hosts
// of ~/.ssh/config, each checked as one added by hand, the refused ones said.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ServerInfo } from '../../src/shared/api'
import { cliRunner } from '../harness/cli'
import { tempDir } from '../harness/process'

const home = tempDir('import-home')
const user = tempDir('import-user') // the user's $HOME, with its ~/.ssh/config
afterAll(() => {
  home.remove()
  user.remove()
})
const twb = cliRunner(home.path, { HOME: user.path })
const list = (): ServerInfo[] => JSON.parse(twb('server', 'list', '--json').out) as ServerInfo[]

describe('twb server import', () => {
  it('adds the servers of a CSV, says the rows it could not add, and keeps the others', () => {
    const csv = join(user.path, 'sites.csv')
    writeFileSync(
      csv,
      [
        'name;host;user;port;cms_root;role;group;tags',
        'acme-prod;acme.example.net;acme;2222;/var/www/site;production;Acme;magento eu',
        'acme-pre;pre.acme.example.net;acme_pre;;;preprod;Acme;magento',
        'broken;bad host name;x;;;;;',
        'acme-prod;other.example.net;y;;;;;', // the same name again
        'noport;n.example.net;n;abc;;;;',
      ].join('\n'),
    )
    // A dry run saves nothing.
    const dry = twb('server', 'import', '--csv', csv, '--dry-run')
    expect(JSON.parse(dry.out).profiles).toHaveLength(4)
    expect(list().map((s) => s.name)).toEqual(['Demo'])
    const r = twb('server', 'import', '--csv', csv, '--tag', 'agency', '--json')
    expect(r.code).toBe(1)
    const result = JSON.parse(r.out) as {
      added: ServerInfo[]
      skipped: { name: string; reason: string }[]
      problems: string[]
    }
    expect(result.added.map((s) => [s.name, s.group, s.tags, s.role])).toEqual([
      ['acme-prod', 'Acme', ['magento', 'eu', 'agency'], 'production'],
      ['acme-pre', 'Acme', ['magento', 'agency'], 'preprod'],
    ])
    expect(result.skipped).toEqual([
      {
        name: 'broken',
        reason: 'The host must be a host name or an address, without user or port.',
      },
      { name: 'acme-prod', reason: 'A server named "acme-prod" already exists.' },
    ])
    expect(result.problems).toEqual(['Line 6: the port "abc" is not a number.'])
    expect(r.err).toContain('2 of 5 servers added.')
    expect(list().map((s) => s.name)).toEqual(['Demo', 'acme-prod', 'acme-pre'])
    expect(list().find((s) => s.name === 'acme-prod')!.address).toBe('acme@acme.example.net:2222')
  })

  it('refuses a CSV with a password column, adding nothing', () => {
    const csv = join(user.path, 'secrets.csv')
    writeFileSync(csv, 'name,host,user,password\nx,x.example.net,x,hunter2\n')
    const r = twb('server', 'import', '--csv', csv)
    expect(r.code).not.toBe(0)
    expect(r.err).toContain('no secret is read from a file')
    expect(r.err).not.toContain('hunter2')
    expect(list().map((s) => s.name)).not.toContain('x')
  })

  it('adds the hosts picked from ~/.ssh/config, with a group and a login for those without', () => {
    mkdirSync(join(user.path, '.ssh'), { recursive: true })
    const config = join(user.path, '.ssh', 'config')
    writeFileSync(
      config,
      [
        'Host *',
        '  ServerAliveInterval 30',
        'Host client-a client-b',
        '  HostName %h.example.org',
        'Host client-a',
        '  HostName a.example.org',
        '  User alice',
        '  IdentityFile ~/.ssh/id_client',
        'Host client-b',
        '  HostName b.example.org',
        'Host client-c',
        '  HostName c.example.org',
        '  User carol',
      ].join('\n'),
    )
    const found = JSON.parse(twb('server', 'import-ssh-config', '--json').out) as {
      name: string
      host: string
    }[]
    expect(found.map((c) => c.name)).toEqual(['client-a', 'client-b', 'client-c'])
    const r = twb(
      'server',
      'import',
      '--ssh-config',
      'client-a',
      'client-b',
      '--group',
      'Clients',
      '--user',
      'deploy',
    )
    expect(r.code).toBe(0)
    // As OpenSSH reads it (`ssh -G`): the first value wins, %h is the alias.
    for (const alias of ['client-a', 'client-b', 'client-c']) {
      const g = execFileSync('ssh', ['-G', '-F', config, alias], { encoding: 'utf8' })
      const hostname = /^hostname (.*)$/m.exec(g)![1]
      expect(found.find((c) => c.name === alias)?.host).toBe(hostname)
    }
    expect(r.out).toContain('Added client-a (alice@client-a.example.org)')
    expect(r.out).toContain('Added client-b (deploy@client-b.example.org)')
    expect(r.err).toContain('2 of 2 servers added.')
    const added = list().filter((s) => s.group === 'Clients')
    expect(added.map((s) => [s.name, s.auth, s.keyFile])).toEqual([
      ['client-a', 'key', join(user.path, '.ssh/id_client')],
      ['client-b', 'agent', undefined],
    ])
    const unknown = twb('server', 'import', '--ssh-config', 'client-z')
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('not a Host of ~/.ssh/config: client-z')
  })
})
