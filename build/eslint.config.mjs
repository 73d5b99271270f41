// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'url', 'util', 'stream', 'events', 'buffer'];

/** Patterns no page-side or shared code may import: Node, Electron, native modules. */
const nodeAndElectron = [
  { group: nodeBuiltins, message: 'Node modules belong in main/. The renderer and shared code run without Node.' },
  { group: ['electron', 'electron/*'], message: 'Electron belongs in the main shell and the preload only.' },
  { group: ['better-sqlite3', 'keytar', 'undici'], message: 'Native and network modules belong in main/core.' },
];

const noElectronBelowShell = { group: ['electron', 'electron/*'], message: 'main/core runs in plain Node; put Electron code in the shell (main/*.ts).' };

/** What main/core may not import: the layers above it. */
const coreImportsDown = [
  { group: ['**/simulator', '**/simulator/**'], message: 'main/core never imports the simulator: the shell and the preview hand it in (ServiceConfig.startDemoServer).' },
  { group: ['**/preview', '**/preview/**'], message: 'main/core never imports the preview host; the preview calls the core.' },
  { group: ['**/ipc', '**/ipc/**'], message: 'main/core never imports the IPC layer; handlers call the core.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.ci/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['build/*.mjs'],
        },
        tsconfigRootDir: root,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['build/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Raw IPC objects live only in the IPC registration module and the preload.
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['main/ipc/register.ts', 'preload/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]",
          message: 'Use the contract: register handlers in main/ipc and call window.api in the renderer.',
        },
        {
          selector: "MemberExpression[property.name=/^ipc(Main|Renderer)$/]",
          message: 'Use the contract: register handlers in main/ipc and call window.api in the renderer.',
        },
      ],
    },
  },
  // main/core is plain Node: no Electron below the shell.
  {
    files: ['main/core/**/*.ts', 'main/preview/**/*.ts', 'main/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noElectronBelowShell] }],
    },
  },
  // Core points down only: the shell and the preview hand it what it needs (as the demo server).
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noElectronBelowShell, ...coreImportsDown] }],
    },
  },
  // The renderer and shared code: no Node, no Electron, no native modules.
  {
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: nodeAndElectron }],
      'no-restricted-globals': ['error', 'process', 'require', '__dirname', '__filename', 'Buffer'],
    },
  },
  {
    files: ['renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['preload/web.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: nodeAndElectron }],
    },
  },
  {
    files: ['main/**/*.ts', 'test/**/*.ts', 'build/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  // vitest's asymmetric matchers (expect.stringMatching…) are typed `any`; `any` stays banned.
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
