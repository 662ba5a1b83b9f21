// The layer matrix of DESIGN.md is enforced by lint: prove the rules fire.
import { ESLint } from 'eslint'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ROOT } from '../harness/app'

const eslint = new ESLint({ cwd: APP_ROOT })

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(APP_ROOT, file) })
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message)
}

describe('layer rules', () => {
  it('keeps Node out of the pure core', async () => {
    expect(
      await restricted(
        'src/core/x.ts',
        "import { readFileSync } from 'node:fs'\nexport const r = readFileSync\n",
      ),
    ).toEqual([expect.stringContaining('src/core is pure')])
  })

  it('keeps electron out of services, web mode and the CLI', async () => {
    for (const file of ['src/main/services/x.ts', 'src/main/web/x.ts', 'src/cli/x.ts']) {
      expect(
        await restricted(file, "import { app } from 'electron'\nexport const a = app\n"),
      ).toHaveLength(1)
    }
  })

  it('keeps the renderer away from Node and the services', async () => {
    expect(
      await restricted(
        'src/renderer/src/x.ts',
        "import { spawn } from 'node:child_process'\nexport const s = spawn\n",
      ),
    ).toHaveLength(1)
    expect(
      await restricted(
        'src/renderer/src/x.ts',
        "import { ServerRegistry } from '../../main/services/servers'\nexport const s = ServerRegistry\n",
      ),
    ).toHaveLength(1)
  })

  it('lets the main entry use electron', async () => {
    expect(
      await restricted(
        'src/main/index.ts',
        "import { app } from 'electron'\nexport const a = app\n",
      ),
    ).toEqual([])
  })
})
