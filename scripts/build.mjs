#!/usr/bin/env node
// npm run build: the three outputs Electron loads, all under dist/.
//   dist/main/index.cjs (+ migrations/)  main process, bundled; natives and electron* stay external
//   dist/preload/index.cjs               sandboxed preload: ONE file whose only require is 'electron'
//   dist/renderer/                       vite build of renderer/ (config: vite.config.ts)
// Flags: --no-renderer skips vite (main/preload only); --out <dir> writes there instead of dist/
// (tests build into a temp dir so they never clobber a developer's dist/).
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function outDirFromArgs(argv) {
  const index = argv.indexOf('--out');
  if (index === -1) return path.join(root, 'dist');
  const value = argv[index + 1];
  if (!value || value.startsWith('--')) throw new Error('--out: needs a directory');
  return path.resolve(value);
}

const dist = outDirFromArgs(process.argv);

/** Electron 45 runs Node 22 and Chromium 140. */
const MAIN_TARGET = 'node22';
const PRELOAD_TARGET = 'chrome140';

/** Loaded from node_modules at run time: a native addon, and two packages that require electron itself. */
const MAIN_EXTERNALS = ['electron', 'electron-updater', 'better-sqlite3'];

const MIGRATIONS_SOURCE = path.join(root, 'main', 'services', 'store', 'migrations');

async function buildMain() {
  const outdir = path.join(dist, 'main');
  rmSync(outdir, { recursive: true, force: true });
  await esbuild({
    absWorkingDir: root,
    entryPoints: ['main/electron/main.ts'],
    outfile: path.join(outdir, 'index.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: MAIN_TARGET,
    external: MAIN_EXTERNALS,
    sourcemap: 'linked',
    logLevel: 'warning',
    // Modules that locate files "beside themselves" via import.meta.url (the store's
    // migrations) resolve against the bundle instead, which is why migrations are copied
    // to dist/main/migrations below.
    banner: { js: "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
    define: {
      'import.meta.url': '__import_meta_url',
      // The update feed is fixed when the app is built; a running app's environment cannot
      // redirect it (see main/electron/updater.ts).
      'process.env.LEADRELAY_UPDATE_URL': JSON.stringify(process.env.LEADRELAY_UPDATE_URL ?? ''),
    },
  });
  const migrations = path.join(outdir, 'migrations');
  mkdirSync(migrations, { recursive: true });
  const files = readdirSync(MIGRATIONS_SOURCE).filter((file) => file.endsWith('.sql'));
  if (files.length === 0) throw new Error(`no migrations found in ${MIGRATIONS_SOURCE}`);
  for (const file of files) copyFileSync(path.join(MIGRATIONS_SOURCE, file), path.join(migrations, file));
}

/** Evaluates core/contract once at build time for its two name lists. */
async function contractNames() {
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: ['core/contract/index.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  const contract = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
  return { calls: contract.CALL_NAMES, events: contract.EVENT_NAMES };
}

/**
 * The preload needs only the allow-lists from core/contract, not the zod schemas behind them
 * (450 kB of validator and locales in the one privileged script of every page), so the
 * contract module is replaced by its evaluated name lists. A runtime import of anything else
 * from it fails this build ("No matching export") instead of silently shipping zod.
 */
function contractNamesOnly(names) {
  return {
    name: 'contract-names-only',
    setup(build) {
      build.onLoad({ filter: /[\\/]core[\\/]contract[\\/]index\.ts$/ }, () => ({
        contents: `export const CALL_NAMES = ${JSON.stringify(names.calls)};\nexport const EVENT_NAMES = ${JSON.stringify(names.events)};\n`,
        loader: 'js',
      }));
    },
  };
}

async function buildPreload() {
  const outdir = path.join(dist, 'preload');
  rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild({
    plugins: [contractNamesOnly(await contractNames())],
    absWorkingDir: root,
    entryPoints: ['preload/index.ts'],
    outfile: path.join(outdir, 'index.cjs'),
    bundle: true,
    // A sandboxed preload is a browser context with a tiny require(); no Node built-ins.
    platform: 'browser',
    format: 'cjs',
    target: PRELOAD_TARGET,
    external: ['electron'],
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
  });
  const externals = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.external && entry.path !== 'electron');
  if (externals.length > 0) {
    throw new Error(`preload must require nothing but 'electron' (it runs sandboxed); found ${externals.map((e) => e.path).join(', ')}`);
  }
}

async function buildRenderer() {
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: path.join(dist, 'renderer'), emptyOutDir: true },
  });
}

async function main() {
  const withRenderer = !process.argv.includes('--no-renderer');
  await Promise.all([buildMain(), buildPreload()]);
  if (withRenderer) await buildRenderer();
  const relative = path.relative(root, dist);
  const shown = relative && !relative.startsWith('..') ? relative : dist;
  console.log(`built ${['main', 'preload', ...(withRenderer ? ['renderer'] : [])].map((part) => path.join(shown, part)).join(', ')}`);
}

main().catch((error) => {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
