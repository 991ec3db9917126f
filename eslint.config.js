import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'web/dist/**',
      'dist/**',
      'data/**',
      'test/artifacts/**',
      'samples/data/**',
      '**/*.tmp.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Rooms import downwards only: core imports no workspace; the web, the workers and the
    // server import core (the web as types and constants), never each other.
    files: ['core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@skywater/*'], message: 'core is the ground floor: it imports no other workspace.' }] },
      ],
    },
  },
  {
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx', 'workers/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@skywater/server', '@skywater/server/*', '@skywater/workers', '@skywater/workers/*'],
              message: 'Import what is shared from core (jobs, views, names); the web and the workers do not import each other or the server.',
            },
          ],
        },
      ],
    },
  },
  {
    // The HTTP process queues jobs through core/src/jobs; only process start-up runs the workers.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/main.ts', 'server/src/processes/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@skywater/workers', '@skywater/workers/*'],
              message: 'Queue a job through its contract in core/src/jobs; only server/src/main.ts and server/src/processes/ start the workers.',
            },
          ],
        },
      ],
    },
  },
  {
    // Hooks called in the same order on every render, and effects that list what they read.
    files: ['web/src/**/*.tsx', 'web/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Test replies are JSON of many shapes; tests assert on them directly.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
);
