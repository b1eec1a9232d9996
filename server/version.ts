import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };

/** The version every health answer and the OpenAPI document report. */
export const SERVER_VERSION = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
