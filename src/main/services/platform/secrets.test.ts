import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createServices } from '../api'
import { osKeychainCipher, type OsStorage } from './secrets'

/** Electron's safeStorage as each platform reports it (no Electron binary runs here). */
function storage(available: boolean, backend?: string): OsStorage {
  return {
    isEncryptionAvailable: () => available,
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
    encryptString: (plain) => Buffer.from([...Buffer.from(plain)].reverse()),
    decryptString: (sealed) => Buffer.from([...sealed].reverse()).toString(),
  }
}

describe('where secrets are sealed', () => {
  it('uses the OS keychain only when it really encrypts', () => {
    const gnome = osKeychainCipher(storage(true, 'gnome_libsecret'), 'linux')
    expect(gnome?.kind).toBe('os-keychain')
    expect(gnome!.decrypt(gnome!.encrypt('s3cret'))).toBe('s3cret')
    expect(osKeychainCipher(storage(true), 'darwin')?.kind).toBe('os-keychain')
    // Linux without a keyring: Chromium's basic_text backend uses a hard-coded key.
    expect(osKeychainCipher(storage(true, 'basic_text'), 'linux')).toBeNull()
    expect(osKeychainCipher(storage(false), 'win32')).toBeNull()
  })

  it('says which one is in use (Settings shows it)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'twb-secrets-'))
    const appRoot = join(__dirname, '../../../..')
    expect(createServices({ appRoot, dataDir }).info.secrets).toEqual({
      kind: 'key-file',
      keyFile: join(dataDir, 'keys', 'secrets.key'),
    })
    const cipher = osKeychainCipher(storage(true, 'kwallet5'), 'linux')!
    expect(createServices({ appRoot, dataDir, cipher }).info.secrets).toEqual({
      kind: 'os-keychain',
    })
  })
})
