// Lint rules, and the layer matrix of DESIGN.md enforced as import restrictions.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { dirname, relative, resolve } from 'node:path'

const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'crypto',
  'stream',
  'zlib',
  'worker_threads',
]
// Node's modules by exact name: as a pattern, `http` would also match a folder `./http`.
const NODE_MODULE = `^(node:)?(${NODE_BUILTINS.join('|')})(/.*)?$`
const nodeModules = [NODE_MODULE]

const restrict = (patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: patterns.filter((p) => p !== NODE_MODULE), message },
        ...(patterns.includes(NODE_MODULE) ? [{ regex: NODE_MODULE, message }] : []),
      ],
    },
  ],
})

// Inside the layers, code is grouped by capability: core/<cap>/, main/services/<cap>/ and
// renderer/src/features/<cap>/. Code outside a capability's folder (another capability, another
// layer) reaches it only through its public entry, the folder's index.ts (and a renderer
// feature's messages.ts).
const CAPABILITY_FOLDER = /\/src\/(core|main\/services|renderer\/src\/features)\/[^/]+\//
const capabilityEntry = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const own = CAPABILITY_FOLDER.exec(context.filename)?.[0]
    const check = (node) => {
      const spec = node.source?.value
      if (typeof spec !== 'string' || !spec.startsWith('.')) return
      const target = `${resolve(dirname(context.filename), spec)}/`
      const folder = CAPABILITY_FOLDER.exec(target)?.[0]
      // Outside any capability, inside the importer's own, or the folder itself (its index).
      if (!folder || folder === own || target.endsWith(folder)) return
      // A feature's message catalogue is its second entry: the app's i18n reads it without
      // loading the feature's views (some are loaded lazily).
      if (folder.includes('/features/') && target.endsWith(`${folder}messages/`)) return
      const entry = target.slice(0, target.indexOf(folder) + folder.length - 1)
      context.report({
        node: node.source,
        message: `'${spec}' reaches inside a capability: import its public entry '${relative(dirname(context.filename), entry)}'.`,
      })
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    }
  },
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'resources/**',
      'test-results/**',
      'bench/data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { twb: { rules: { 'capability-entry': capabilityEntry } } },
    rules: { 'twb/capability-entry': 'error' },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    // Sizes a reader can hold in mind: files of 500 lines at most, functions of 120 (tests and the
    // message catalogues, which are data, aside).
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts', 'src/**/messages.ts'],
    rules: {
      'max-lines': ['error', { max: 500 }],
      'max-lines-per-function': ['error', { max: 120 }],
    },
  },
  {
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(
      [
        '**/core/**',
        '**/main/**',
        '**/renderer/**',
        '**/preload/**',
        '**/cli/**',
        'electron',
        ...nodeModules,
      ],
      'src/shared imports nothing.',
    ),
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      ...restrict(
        [
          '**/main/**',
          '**/renderer/**',
          '**/preload/**',
          '**/cli/**',
          'electron',
          'ssh2',
          'mysql2',
          'react',
          ...nodeModules,
        ],
        'src/core is pure: strings in, data out (shared only).',
      ),
      'no-console': 'error',
    },
  },
  {
    files: ['src/main/services/**/*.ts', 'src/main/web/**/*.ts', 'src/cli/**/*.ts'],
    rules: restrict(
      ['electron', '**/renderer/**', '**/preload/**', 'react'],
      'Services, web mode and the CLI must run on plain Node: never import electron.',
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      ...restrict(
        ['**/main/**', '**/cli/**', 'electron', 'ssh2', 'mysql2', ...nodeModules],
        'The renderer only displays and asks: reach services through the API.',
      ),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(
      ['**/main/**', '**/renderer/**', '**/core/**', ...nodeModules],
      'The preload exposes the contract and nothing else.',
    ),
  },
)
