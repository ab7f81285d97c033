// Lint rules, including the ones that keep the architecture honest: the engine and the guest SDK
// are isomorphic (no DOM, no Node), and the app never reaches into Node-only code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NODE_MODULES = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'url',
  'util',
  'worker_threads',
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.cache/',
      'public/examples/',
      '**/generated/',
      'test-results/',
      'playwright-report/',
      '.scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['src/engine/**/*.ts', 'sdk/**/*.ts', 'examples/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: NODE_MODULES,
              message: 'The engine and the guest SDK are isomorphic: no Node built-ins.',
            },
            {
              group: ['react', 'react-dom', 'zustand', '**/app/**', '**/node/**'],
              message: 'Engine code must not depend on the UI or on Node-only code.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'localStorage',
          'process',
          'Buffer',
          'require',
          '__dirname',
          'self',
          'postMessage',
          'importScripts',
        ].map((name) => ({
          name,
          message:
            'The engine and the guest SDK are isomorphic: no DOM, worker-only or Node globals.',
        })),
      ],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/node/**', 'node:*'],
              message: 'The app runs in the browser: no Node-only code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src/node/**/*.ts',
      'scripts/**/*.{ts,mjs}',
      'test/**/*.ts',
      'e2e/**/*.ts',
      'bench/**/*.{ts,mjs}',
      'bin/**/*.js',
      '*.config.{ts,js}',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    // Test guests run inside a component (StarlingMonkey): web-style globals, no Node.
    files: ['test/host/guests/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
