import { describe, expect, it } from 'vitest'
import { parseServerCsv } from './server-import'

describe('a CSV of servers', () => {
  it('reads each row as a server: quoted cells, tags, any case of the header, a BOM', () => {
    const csv =
      '\uFEFFName,Host,User,Port,Key,CMS_root,Role,Group,Tags\n' +
      'shop-a,a.example.net,shopa,2222,~/.ssh/id_ed25519,/var/www/site,production,"Acme, Inc.",magento eu\n' +
      '\n' +
      'shop-a-pre,pre.a.example.net,shopa_pre,,,,preprod,"Acme, Inc.",magento;pre\n'
    const { profiles, problems } = parseServerCsv(csv)
    expect(problems).toEqual([])
    expect(profiles).toEqual([
      {
        name: 'shop-a',
        host: 'a.example.net',
        user: 'shopa',
        auth: 'key',
        port: 2222,
        keyFile: '~/.ssh/id_ed25519',
        cmsRoot: '/var/www/site',
        role: 'production',
        group: 'Acme, Inc.',
        tags: ['magento', 'eu'],
      },
      {
        name: 'shop-a-pre',
        host: 'pre.a.example.net',
        user: 'shopa_pre',
        auth: 'agent',
        role: 'preprod',
        group: 'Acme, Inc.',
        tags: ['magento', 'pre'],
      },
    ])
  })

  it('reads a spreadsheet’s semicolons too', () => {
    const { profiles } = parseServerCsv('name;host;user\nb;b.example.net;bee\n')
    expect(profiles.map((p) => [p.name, p.host, p.user])).toEqual([['b', 'b.example.net', 'bee']])
  })

  it('says by line the rows that are not servers, and keeps the others', () => {
    const { profiles, problems } = parseServerCsv(
      'name,host,user,port,auth,role\n' +
        'ok,ok.example.net,u,22,,\n' +
        'p,p.example.net,u,twenty,,\n' +
        'a,a.example.net,u,,password,\n' +
        'r,r.example.net,u,,,staging\n' +
        ',,u,,,\n',
    )
    expect(profiles.map((p) => p.name)).toEqual(['ok'])
    expect(problems).toEqual([
      'Line 3: the port "twenty" is not a number.',
      "Line 4: auth is key or agent (a password is typed in the server's dialog).",
      'Line 5: the role is production or preprod.',
      'Line 6: no name, no host.',
    ])
  })

  it('refuses a secret column, an unknown one, a missing one and what is not CSV', () => {
    expect(() => parseServerCsv('name,host,user,password\nx,h,u,secret\n')).toThrow(
      /"password" column: no secret is read from a file/,
    )
    expect(() => parseServerCsv('name,host,user,colour\n')).toThrow(/Unknown column "colour"/)
    expect(() => parseServerCsv('name,user\nx,u\n')).toThrow(/needs a "host" column/)
    expect(() => parseServerCsv('')).toThrow(/empty/)
    expect(() => parseServerCsv('name,host,user\n"x,h,u\n')).toThrow(/^Not a CSV file: /)
  })
})
