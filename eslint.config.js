// Lint enforces the layer boundaries of docs/architecture.md: each folder may import only
// what its environment has. A violation fails `npm test`.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ioLibraries = ['better-sqlite3', 'fastify', '@fastify/*', 'ws', 'nodemailer', 'imapflow', 'electron-updater', 'undici'];
const domGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'fetch', 'XMLHttpRequest', 'WebSocket'].map(
  (name) => ({ name, message: 'core/ is pure: no DOM or network; take what you need as an argument.' }),
);

const layer = (folder) => ({ regex: `(^|/)${folder}/`, message: `this layer may not import from ${folder}/ (see docs/architecture.md)` });

const restrict = (files, { paths = [], patterns = [], globals = [] }) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { paths: paths.map((name) => ({ name, message: 'not allowed in this layer (see docs/architecture.md)' })), patterns }],
    ...(globals.length ? { 'no-restricted-globals': ['error', ...globals] } : {}),
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'bench/results/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  restrict(['core/**'], {
    paths: [...nodeBuiltins, 'electron', 'react', 'react-dom', ...ioLibraries],
    patterns: [
      ...['main', 'server', 'renderer', 'preload'].map(layer),
      { group: ['@fastify/*'], message: 'core/ is pure: no I/O libraries' },
    ],
    globals: domGlobals,
  }),
  restrict(['lib/**'], {
    paths: ['electron', 'electron-updater', 'react', 'react-dom'],
    patterns: [layer('main'), layer('renderer'), layer('server'), layer('preload')],
  }),
  restrict(['main/services/**', 'main/web/**'], {
    paths: ['electron', 'electron-updater', 'react', 'react-dom'],
    patterns: [layer('electron'), layer('renderer'), layer('server'), layer('preload')],
  }),
  restrict(['main/electron/**'], { patterns: [layer('renderer'), layer('server'), layer('web')] }),
  restrict(['preload/**'], {
    paths: nodeBuiltins.filter((m) => m !== 'electron'),
    patterns: [layer('main'), layer('renderer'), layer('server')],
  }),
  restrict(['renderer/**'], {
    paths: [...nodeBuiltins, 'electron', ...ioLibraries],
    patterns: [layer('main'), layer('server'), layer('preload')],
  }),
  restrict(['server/**'], {
    paths: ['electron', 'electron-updater', 'react', 'react-dom'],
    patterns: [layer('main'), layer('renderer'), layer('preload')],
  }),
);
