// `npm run start:web`: the workstation in any browser, on the same services as the Electron app.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../services/store/data-dir.ts';
import { StoreOpenError } from '../services/store/index.ts';
import { startWorkstation } from '../services/workstation.ts';
import { buildBridge } from './bridge.ts';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const rendererSource = join(root, 'renderer');
const rendererDir = join(root, 'dist', 'renderer');

function fail(message: string): never {
  console.error(`start:web: ${message}`);
  process.exit(2);
}

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: process.env.LEADRELAY_WEB_PORT ?? '5417' },
        data: { type: 'string' },
        build: { type: 'boolean', default: true },
        'no-build': { type: 'boolean', default: false },
        open: { type: 'boolean', default: false },
        'no-open': { type: 'boolean', default: false },
      },
      strict: true,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
    return {
      port,
      dataDir: values.data ? resolve(values.data) : resolveDataDir(),
      build: values.build && !values['no-build'],
      open: values.open && !values['no-open'],
    };
  } catch (error) {
    return fail((error as Error).message);
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Rebuilds the renderer only when its sources are newer than the last build. */
async function ensureRendererBuilt(): Promise<void> {
  const index = join(rendererDir, 'index.html');
  const coreDir = join(root, 'core');
  const stale = !existsSync(index) || Math.max(newestMtime(rendererSource), newestMtime(coreDir)) > statSync(index).mtimeMs;
  if (!stale) return;
  console.log('Building the renderer...');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(command, [url], { detached: true, stdio: 'ignore' })
    .on('error', () => console.log('Could not open a browser here; open the URL above yourself.'))
    .unref();
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.build) await ensureRendererBuilt();

  let workstation;
  try {
    workstation = startWorkstation({ dataDir: options.dataDir });
  } catch (error) {
    if (error instanceof StoreOpenError) fail(error.message);
    throw error;
  }

  const token = randomBytes(24).toString('base64url');
  const app = await buildBridge({ dispatch: workstation.dispatch, events: workstation.events, token, rendererDir });
  // Loopback only: the bridge is the workstation's private door, never a network service.
  const address = await app.listen({ host: '127.0.0.1', port: options.port });
  const { port } = new URL(address);
  const url = `http://127.0.0.1:${port}/#token=${token}`;
  console.log(`LeadRelay web: ${url}`);
  if (options.open) openInBrowser(url);
  console.log(`Data: ${options.dataDir}`);

  const shutdown = async (): Promise<void> => {
    await app.close();
    workstation.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

await main();
