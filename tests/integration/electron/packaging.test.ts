// Runs the real build script and the real electron-builder with this repo's
// electron-builder.yml, then opens the produced app.asar. The only stand-in is the Electron
// distribution itself: the real one cannot be downloaded on these machines, and packing does
// not execute it. The stub "electron" file carries just a fuse wire (the sentinel
// @electron/fuses searches for, version 1, Electron's default fuse states), so the config's
// electronFuses are really flipped and can be checked.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const FEED = 'https://updates.example.invalid/leadrelay';
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults, in @electron/fuses' FuseV1Options order: RunAsNode, CookieEncryption, NODE_OPTIONS, --inspect, AsarIntegrity, OnlyLoadAppFromAsar, V8 snapshot, file:// privileges, (one more). */
const DEFAULT_FUSES = '101100011';

let asarPath: string;
let entries: string[];
let unpackedDir: string;
let executable: string;

const read = (file: string): string => extractFile(asarPath, file.replace(/^\//, '')).toString('utf8');

beforeAll(async () => {
  await run(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, env: { ...process.env, LEADRELAY_UPDATE_URL: FEED } });

  const work = mkdtempSync(path.join(os.tmpdir(), 'leadrelay-pack-'));
  const electronDist = path.join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(path.join(electronDist, 'electron'), Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, DEFAULT_FUSES.length]), Buffer.from(DEFAULT_FUSES)]));
  const output = path.join(work, 'release');
  await run(
    process.execPath,
    [
      path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      '--dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${output}`,
    ],
    { cwd: root, env: { ...process.env, LEADRELAY_UPDATE_URL: FEED, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 },
  );
  executable = path.join(output, 'linux-unpacked', 'leadrelay');
  const resources = path.join(output, 'linux-unpacked', 'resources');
  asarPath = path.join(resources, 'app.asar');
  unpackedDir = path.join(resources, 'app.asar.unpacked');
  entries = listPackage(asarPath, { isPack: false });
}, 120_000);

describe('the packaged app (electron-builder.yml)', () => {
  it('contains the three build outputs and every migration', () => {
    for (const file of ['/dist/main/index.cjs', '/dist/preload/index.cjs', '/dist/renderer/index.html', '/package.json']) {
      expect(entries, file).toContain(file);
    }
    const migrations = readdirSync(path.join(root, 'main', 'services', 'store', 'migrations')).filter((file) => file.endsWith('.sql'));
    expect(migrations.length).toBeGreaterThan(0);
    for (const file of migrations) expect(entries).toContain(`/dist/main/migrations/${file}`);
    expect(read('/dist/main/migrations/' + migrations[0])).toBe(readFileSync(path.join(root, 'main', 'services', 'store', 'migrations', migrations[0] ?? ''), 'utf8'));
  });

  it('ships no sources, tests, benches, docs or source maps', () => {
    const forbidden = entries.filter(
      (entry) =>
        /^\/(tests|bench|core|main|preload|renderer|server|scripts|docs|resources\/demo|src)(\/|$)/.test(entry) ||
        /\.(ts|tsx|map)$/.test(entry) ||
        /^\/(tsconfig\.json|vite\.config\.ts|vitest\.config\.ts|eslint\.config\.js|electron-builder\.yml|package-lock\.json)$/.test(entry),
    );
    expect(forbidden).toEqual([]);
  });

  it('starts at the bundled main, and everything the bundle requires is inside', () => {
    expect(JSON.parse(read('/package.json')).main).toBe('dist/main/index.cjs');
    const bundle = read('/dist/main/index.cjs');
    const required = new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1] ?? ''));
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'electron']);
    const packages = [...required].filter((name) => !builtins.has(name));
    expect(packages.sort()).toEqual(['better-sqlite3', 'electron-updater']);

    // Each runtime package and its whole production dependency closure must be present.
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const manifest = `/node_modules/${name}/package.json`;
      expect(entries, `${name} (needed at run time)`).toContain(manifest);
      for (const dependency of Object.keys(JSON.parse(read(manifest)).dependencies ?? {})) visit(dependency);
    };
    packages.forEach(visit);
  });

  it('unpacks the native SQLite addon next to the asar', () => {
    expect(existsSync(path.join(unpackedDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
  });

  it('keeps the preload to one file that requires only electron', () => {
    const preload = read('/dist/preload/index.cjs');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/from "zod"|zod\/v4/);
  });

  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or --inspect; only our integrity-checked asar', () => {
    const binary = readFileSync(executable);
    const wire = binary.subarray(binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length + 2).toString('latin1');
    expect(wire).toBe('010011001');
  });

  it('compiles the update feed into main and writes it for electron-updater', () => {
    expect(read('/dist/main/index.cjs')).toContain(JSON.stringify(FEED));
    const updateConfig = readFileSync(path.join(asarPath, '..', 'app-update.yml'), 'utf8');
    expect(updateConfig).toContain('provider: generic');
    expect(updateConfig).toContain(FEED);
  });
});

// npm start rebuilds dist/ as well; it lives in this file so the two never build dist/ at once.
describe('npm start (scripts/start.mjs)', () => {
  const start = path.join(root, 'scripts', 'start.mjs');

  it('builds, then runs the installed Electron on this app and passes its exit code on', async () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'leadrelay-electron-dist-'));
    const argsFile = path.join(dist, 'args.txt');
    writeFileSync(path.join(dist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nexit 3\n`);
    chmodSync(path.join(dist, 'electron'), 0o755);
    const failure = await run(process.execPath, [start, '--inspect-brk-not-really'], { cwd: root, env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dist } }).then(
      () => null,
      (error: { code?: number }) => error,
    );
    expect(failure?.code).toBe(3);
    expect(readFileSync(argsFile, 'utf8').trim().split('\n')).toEqual([root, '--inspect-brk-not-really']);
  }, 60_000);

  it('without an Electron binary, says so and serves the same workstation in the browser until stopped', async () => {
    const noElectron = mkdtempSync(path.join(os.tmpdir(), 'leadrelay-no-electron-'));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'leadrelay-start-data-'));
    const child = spawn(process.execPath, [start, '--port', '0'], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: noElectron, LEADRELAY_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /LeadRelay web: (http:\/\/127\.0\.0\.1:\d+\/)#token=\S+/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`start exited early (${code}):\n${output}`)));
    });
    expect(output).toMatch(/No Electron binary is installed on this machine/);
    expect(output).toMatch(/npm run start:web/);
    const page = await fetch(address);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<!doctype html>/i);

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
