// ESLint flat config: TypeScript rules plus the layer boundaries of the architecture (core, service, adapter, CLI, client).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'stream', 'util', 'events', 'worker_threads', 'readline', 'crypto', 'zlib', 'url', 'http', 'https'];
const lspPackages = ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-protocol', 'vscode-jsonrpc', 'vscode-jsonrpc/*', 'vscode-languageserver-types', 'vscode-languageserver-textdocument'];

/** Builds a no-restricted-imports rule from forbidden module patterns. */
function forbid(patterns, message) {
  return ['error', { patterns: [{ group: patterns, message }] }];
}

export default tseslint.config(
  { ignores: ['**/out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.js', 'esbuild.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(['process', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'URL', 'Buffer', 'AbortController', 'AbortSignal', 'fetch', 'performance', 'structuredClone'].map((g) => [g, 'readonly'])),
    },
  },
  {
    files: ['**/*.ts', '**/*.mjs'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(['vscode', 'vscode-*', ...lspPackages, ...nodeBuiltins, '**/src/service/*', '**/src/cli/*', '**/src/node/*', '**/src/threads/*', '**/src/server', '**/src/protocol', '**/src/settings', '../../service/*', '../../cli/*', '../../node/*', '../../threads/*', '../../server', '../../protocol', '../../settings', '../service/*', '../cli/*', '../node/*', '../server', '../protocol', '../settings'],
        'core is pure: it may import core only (architecture.md).'),
      'no-console': 'error',
    },
  },
  {
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(['vscode', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*', ...nodeBuiltins, '../cli/*', '../node/*', '../server'],
        'service returns LSP types: core, vscode-languageserver-types and -textdocument only (architecture.md).'),
      'no-console': 'error',
    },
  },
  {
    files: ['server/src/*.ts', 'server/src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(['vscode', 'vscode-languageclient', 'vscode-languageclient/*', '../cli/*', './cli/*'],
        'the adapter never imports vscode or the client (architecture.md).'),
      'no-console': 'error',
    },
  },
  {
    files: ['server/src/threads/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(['vscode', 'vscode-*', ...lspPackages, '../service/*', '../node/*', '../cli/*', '../server', '../protocol'],
        'worker threads run core code over Node: core and Node only, shared by the adapter and the CLI (architecture.md).'),
      'no-console': 'error',
    },
  },
  {
    files: ['server/src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(['vscode', 'vscode-*', ...lspPackages, '../service/*', '../node/*', '../server'],
        'the CLI uses core and Node only (architecture.md).'),
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/server/src/core/*', '!**/server/src/core/format'], allowTypeImports: true, message: 'the client may only import types from core, plus pure formatting helpers (architecture.md).' },
          { group: ['**/server/src/service/*', '**/server/src/node/*', '**/server/src/cli/*', '**/server/src/server', 'vscode-languageserver', 'vscode-languageserver/*'], message: 'the client never runs server code (architecture.md).' },
        ],
      }],
    },
  },
);
