// The layer matrix of DESIGN.md is enforced by lint: prove the rules fire.
import { ESLint } from 'eslint'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ROOT } from '../harness/app'

const eslint = new ESLint({ cwd: APP_ROOT })

async function restricted(
  file: string,
  code: string,
  rule = 'no-restricted-imports',
): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(APP_ROOT, file) })
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message)
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
        "import { ServerRegistry } from '../../main/services/platform'\nexport const s = ServerRegistry\n",
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

  it('keeps a folder named like a Node module importable (./http is not node:http)', async () => {
    expect(await restricted('src/renderer/src/features/x.ts', "export * from './http'\n")).toEqual(
      [],
    )
    expect(await restricted('src/core/x/y.ts', "export * from '../http'\n")).toEqual([])
  })
})

describe('capability rule: another capability only through its public entry', () => {
  const rule = 'twb/capability-entry'
  it('refuses a file inside another capability, in every layer', async () => {
    const cases: [string, string, string][] = [
      ['src/core/binlog/x.ts', '../text/line-splitter', "'../text'"],
      ['src/main/services/binlog/x.ts', '../logs/logs', "'../logs'"],
      ['src/main/services/api/x.ts', '../../../core/logs/access-log', "'../../../core/logs'"],
      ['src/cli/commands/x.ts', '../../main/services/clone/clone', "'../../main/services/clone'"],
      ['src/renderer/src/App.tsx', './features/binlog/BinlogsView', "'features/binlog'"],
      ['src/renderer/src/features/logs/x.tsx', '../http/HttpView', "'../http'"],
    ]
    for (const [file, spec, entry] of cases) {
      expect(await restricted(file, `export * from '${spec}'\n`, rule)).toEqual([
        expect.stringContaining(`public entry ${entry}`),
      ])
    }
  })

  it('allows the entry itself, and the files of its own capability', async () => {
    expect(await restricted('src/core/binlog/x.ts', "export * from '../text'\n", rule)).toEqual([])
    expect(
      await restricted('src/core/binlog/x.ts', "export * from './mysqlbinlog-text'\n", rule),
    ).toEqual([])
    expect(
      await restricted('src/main/services/api/x.ts', "export * from '../../../shared/api'\n", rule),
    ).toEqual([])
    // A feature's messages are read by the app's i18n without its views.
    expect(
      await restricted(
        'src/renderer/src/i18n.ts',
        "export * from './features/clone/messages'\n",
        rule,
      ),
    ).toEqual([])
    expect(
      await restricted('src/core/x/y.ts', "export * from '../binlog/messages'\n", rule),
    ).toHaveLength(1)
  })
})

describe('size rules', () => {
  it('refuses a function over 120 lines and a file over 500, outside tests', async () => {
    const body = Array.from({ length: 121 }, (_, i) => `  n += ${i}`).join('\n')
    const fn = `export function f(): number {\n  let n = 0\n${body}\n  return n\n}\n`
    expect(await restricted('src/core/x.ts', fn, 'max-lines-per-function')).toHaveLength(1)
    const file = Array.from({ length: 501 }, (_, i) => `export const c${i} = ${i}`).join('\n')
    expect(await restricted('src/core/x.ts', `${file}\n`, 'max-lines')).toHaveLength(1)
    expect(await restricted('src/core/x.test.ts', fn, 'max-lines-per-function')).toEqual([])
  })
})
