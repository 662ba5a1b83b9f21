import { describe, expect, it } from 'vitest'
import { importSshConfig } from './ssh-config'

const CONFIG = `
# defaults first, as people write them
Host *
  ServerAliveInterval 30
  User deploy

Host shop-prod shop-prod-alias
  HostName ssh.shop.example.com
  Port 2222
  IdentityFile ~/.ssh/shop_ed25519
  ProxyJump ops@bastion.example.com:22

Host shop-preprod
  HostName 10.0.0.12
  User preprod_user

Host *.internal
  ProxyJump bastion
`

describe('importing ~/.ssh/config', () => {
  it('makes one candidate per concrete Host, with the values OpenSSH would use', () => {
    const found = importSshConfig(CONFIG, '/home/me')
    expect(found).toEqual([
      {
        name: 'shop-prod',
        host: 'ssh.shop.example.com',
        port: 2222,
        user: 'deploy',
        auth: 'key',
        keyFile: '/home/me/.ssh/shop_ed25519',
        jump: 'ops@bastion.example.com:22',
      },
      {
        name: 'shop-prod-alias',
        host: 'ssh.shop.example.com',
        port: 2222,
        user: 'deploy',
        auth: 'key',
        keyFile: '/home/me/.ssh/shop_ed25519',
        jump: 'ops@bastion.example.com:22',
      },
      // First obtained value wins, as in OpenSSH: `Host *` came first, so its User applies.
      { name: 'shop-preprod', host: '10.0.0.12', user: 'deploy', auth: 'agent' },
    ])
  })

  it('expands HostName’s %h (the alias) and %% as OpenSSH does', () => {
    const [c] = importSshConfig(
      'Host shop\n  HostName %h.example.net\n  User u\nHost x\n  HostName a%%b\n',
    )
    expect(c!.host).toBe('shop.example.net')
    expect(importSshConfig('Host x\n  HostName a%%b\n')[0]!.host).toBe('a%b')
  })

  it('survives an empty or odd file', () => {
    expect(importSshConfig('')).toEqual([])
    expect(importSshConfig('garbage line without value\n\tHost\n')).toEqual([])
  })
})
