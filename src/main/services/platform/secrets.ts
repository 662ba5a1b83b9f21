import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ServiceError } from './errors'

/** Encrypts secrets at rest: Electron's safeStorage in the app, a private key file elsewhere. */
export interface SecretCipher {
  readonly kind: string
  encrypt(plain: string): string
  decrypt(sealed: string): string
}

const PREFIX = 'v1:'

/**
 * AES-256-GCM with a random key kept in its own 0600 file, apart from the files it protects
 * (web mode and the CLI, where Electron's safeStorage is not available).
 */
export class KeyFileCipher implements SecretCipher {
  readonly kind = 'key-file'
  private key: Buffer | null = null

  constructor(private readonly keyFile: string) {}

  encrypt(plain: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.loadKey(true), iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
  }

  decrypt(sealed: string): string {
    if (!sealed.startsWith(PREFIX))
      throw new ServiceError('INTERNAL', 'A stored secret has an unknown format.')
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64')
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.loadKey(false), raw.subarray(0, 12))
      decipher.setAuthTag(raw.subarray(12, 28))
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
    } catch {
      throw new ServiceError(
        'INTERNAL',
        `A stored secret cannot be decrypted (the key file ${this.keyFile} was changed or lost): enter the password again.`,
      )
    }
  }

  private loadKey(create: boolean): Buffer {
    if (this.key) return this.key
    if (existsSync(this.keyFile)) {
      const key = Buffer.from(readFileSync(this.keyFile, 'utf8').trim(), 'base64')
      if (key.length !== 32)
        throw new ServiceError('INTERNAL', `The key file ${this.keyFile} is damaged.`)
      this.key = key
    } else {
      if (!create)
        throw new ServiceError(
          'INTERNAL',
          `The key file ${this.keyFile} is missing: enter the password again.`,
        )
      mkdirSync(dirname(this.keyFile), { recursive: true, mode: 0o700 })
      const key = randomBytes(32)
      writeFileSync(this.keyFile, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
      chmodSync(this.keyFile, 0o600)
      this.key = key
    }
    return this.key
  }
}

/** The part of Electron's `safeStorage` the workbench uses (kept apart: services never import electron). */
export interface OsStorage {
  isEncryptionAvailable(): boolean
  /** Linux only: which keyring Chromium found; `basic_text` means none (a hard-coded key). */
  getSelectedStorageBackend?(): string
  encryptString(plain: string): Buffer
  decryptString(sealed: Buffer): string
}

/**
 * Electron's safeStorage when it really encrypts with the OS keychain, else null (the sealed key
 * file is used). On Linux without a keyring Chromium falls back to `basic_text`, a key hard-coded
 * in every copy of Chromium: that protects nothing, so it is refused.
 */
export function osKeychainCipher(
  storage: OsStorage,
  platform: NodeJS.Platform = process.platform,
): SecretCipher | null {
  if (!storage.isEncryptionAvailable()) return null
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return null
  return {
    kind: 'os-keychain',
    encrypt: (plain) => 'ss1:' + storage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => storage.decryptString(Buffer.from(sealed.replace(/^ss1:/, ''), 'base64')),
  }
}
