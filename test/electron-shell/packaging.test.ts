// The packaging configuration, checked without electron-builder's downloads: valid against its
// own JSON schema, and what it packs exists after the build.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ROOT } from '../harness/app'

const require = createRequire(import.meta.url)

interface BuilderConfig {
  files: string[]
  extraResources: { from: string; to: string }[]
  asarUnpack: string[]
}

const config = (require('js-yaml') as { load(text: string): unknown }).load(
  readFileSync(join(APP_ROOT, 'electron.builder.yml'), 'utf8'),
) as BuilderConfig

describe('electron.builder.yml', () => {
  it('is valid against electron-builder’s configuration schema', () => {
    const { default: Ajv } = require('ajv') as { default: new (o: object) => AjvLike }
    const ajv = new Ajv({ allErrors: true, strict: false })
    const validate = ajv.compile(require('app-builder-lib/scheme.json'))
    const valid = validate(config)
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([])
    expect(valid).toBe(true)
  })

  it('packs what the build made, the demo beside it, the workers unpacked', () => {
    for (const f of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html'])
      expect(existsSync(join(APP_ROOT, f)), f).toBe(true)
    expect(config.files).toContain('out/**')
    // The main process reads <resources>/resources/demo and <resources>/package.json.
    expect(config.extraResources).toEqual(
      expect.arrayContaining([
        { from: 'resources', to: 'resources' },
        { from: 'package.json', to: 'package.json' },
      ]),
    )
    expect(existsSync(join(APP_ROOT, 'resources/demo/var/log'))).toBe(true)
    // Worker threads cannot start from inside the asar archive.
    expect(config.asarUnpack).toContain('out/main/**')
    for (const w of ['cachegrind-worker.js', 'part-worker.js'])
      expect(existsSync(join(APP_ROOT, 'out/main', w)), w).toBe(true)
  })
})

interface AjvLike {
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown[] | null }
}
