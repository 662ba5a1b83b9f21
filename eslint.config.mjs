// Lint rules, and the layer matrix of DESIGN.md enforced as import restrictions.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

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
const nodeModules = NODE_BUILTINS.flatMap((m) => [m, `node:${m}`, `node:${m}/*`])

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
})

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
