import { join } from 'node:path';
import { build } from 'vite';

/** The bridge serves dist/renderer, so every run tests the renderer as it is now. */
export default async function globalSetup(): Promise<void> {
  await build({ configFile: join(import.meta.dirname, '..', '..', 'vite.config.ts'), logLevel: 'warn' });
}
