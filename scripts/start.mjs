#!/usr/bin/env node
// npm start: build, then run the desktop app in Electron. Where no Electron binary is
// installed (CI, containers, this project's build machines), say so and start the same
// workstation in the browser instead (npm run start:web), so `npm install && npm start`
// always ends in a working app. Arguments after `--` go to Electron or to start:web.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * The Electron executable if one is really there, else null. Deliberately not
 * `require('electron')`: when the binary is missing, that tries to download it, which on a
 * machine without access to the download host only fails, slowly. Same lookup as the
 * package's index.js (path.txt, ELECTRON_OVERRIDE_DIST_PATH), minus the download.
 */
function electronBinary() {
  const packageDir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(packageDir)) return null;
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, relative || 'electron') : relative ? path.join(packageDir, 'dist', relative) : null;
  if (!candidate) return null;
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return null;
  }
}

/** Runs a child to completion, passing Ctrl-C and kill on to it; resolves with our exit code. */
function runForwardingSignals(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: root, ...options });
    const forward = (signal) => () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (code) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.on('error', (error) => {
      console.error(`start: could not run ${command}: ${error.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => {
      // A child stopped by our own Ctrl-C or SIGTERM is a normal end, not a failure.
      if (signal === 'SIGINT' || signal === 'SIGTERM') done(0);
      else done(code ?? 1);
    });
  });
}

async function main() {
  const passThrough = process.argv.slice(2);
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (built.status !== 0) {
    console.error('start: the build failed (see above); nothing was started.');
    return built.status ?? 1;
  }

  const electron = electronBinary();
  if (electron) {
    const env = { ...process.env };
    // Set in some shells and CI images; it would make Electron behave as plain Node.
    delete env.ELECTRON_RUN_AS_NODE;
    return runForwardingSignals(electron, [root, ...passThrough], { env });
  }

  console.log(
    [
      '',
      'No Electron binary is installed on this machine, so the desktop window cannot open here.',
      'Starting the same workstation in your browser instead (this is what `npm run start:web` does):',
      'same services, same local data; open the address printed below.',
      '',
    ].join('\n'),
  );
  const tsxCli = require.resolve('tsx/cli');
  return runForwardingSignals(process.execPath, [tsxCli, path.join(root, 'main', 'web', 'start.ts'), '--no-build', ...passThrough]);
}

process.exitCode = await main();
