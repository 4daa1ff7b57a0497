// Layering rules (as VS Code's `local/code-layering`): shared is pure, the renderer only sees shared,
// only the Electron shell imports electron, and the core never reaches into a shell or the UI.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'stream', 'url', 'worker_threads'];
const restrict = (patterns, message) => ({ 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'playwright-report/**', '**/*.py'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(['**/src-main/**', '**/src-renderer/**', 'electron', 'react', 'react-dom', ...nodeBuiltins],
      'shared/ is used by the UI and the back end: no Node, DOM, Electron or app imports.'),
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: restrict(['**/src-main/**', 'electron', ...nodeBuiltins], 'The UI reaches the back end only through the contract in shared/.'),
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/main.ts', 'src-main/preload.ts', 'src-main/electron/**'],
    rules: restrict(['electron', '**/src-renderer/**'], 'Only the Electron shell (main.ts, preload.ts, electron/) imports electron.'),
  },
  {
    files: ['src-main/{engine,executors,drift,store}/**/*.ts'],
    rules: restrict(['electron', '**/src-renderer/**', '**/server/**', '**/electron/**'],
      'The core (engine, executors, drift, store) stays free of shells and UI.'),
  },
);
