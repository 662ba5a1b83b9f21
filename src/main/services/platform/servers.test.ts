import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { localPrivateKeys } from './servers'

describe('the private keys offered for the key field', () => {
  it('are the files of ~/.ssh whose first line says they are one', () => {
    const home = mkdtempSync(join(tmpdir(), 'twb-keys-'))
    expect(localPrivateKeys(home)).toEqual([]) // no ~/.ssh: nothing, no error
    const ssh = join(home, '.ssh')
    mkdirSync(join(ssh, 'sub'), { recursive: true })
    writeFileSync(join(ssh, 'id_ed25519'), '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n')
    writeFileSync(join(ssh, 'id_ed25519.pub'), 'ssh-ed25519 AAAA me@here\n')
    writeFileSync(join(ssh, 'legacy_rsa'), '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n')
    writeFileSync(join(ssh, 'known_hosts'), '|1|x= ssh-ed25519 AAAA\n')
    writeFileSync(join(ssh, 'config'), 'Host shop\n')
    writeFileSync(join(ssh, 'notes.txt'), 'my keys\n')
    expect(localPrivateKeys(home)).toEqual(['~/.ssh/id_ed25519', '~/.ssh/legacy_rsa'])
  })
})
