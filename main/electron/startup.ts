import path from 'node:path';
import { resolveDataDir } from '../services/store/data-dir.ts';
import { StoreOpenError } from '../services/store/store-error.ts';

/** Where the bundled main (dist/main/index.cjs) finds the other two build outputs. */
export function bundlePaths(mainDir: string): { preload: string; renderer: string } {
  return {
    preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
    renderer: path.join(mainDir, '..', 'renderer'),
  };
}

/**
 * LEADRELAY_DATA_DIR wins (tests, power users, sharing a folder with the web bridge);
 * otherwise Electron's userData folder, which main.ts pins to the same per-user folder
 * resolveDataDir() would choose.
 */
export function dataDirFor(env: Record<string, string | undefined>, userData: string): string {
  return env.LEADRELAY_DATA_DIR?.trim() ? resolveDataDir(env) : userData;
}

export interface StartupProblem {
  title: string;
  message: string;
  detail: string;
  /** The damaged file was moved aside: the rep may choose to start with an empty store. */
  canStartEmpty: boolean;
}

/** What to tell the rep when the local store cannot be opened; nothing is recreated unasked. */
export function describeStartupProblem(error: unknown, dataDir: string): StartupProblem {
  if (error instanceof StoreOpenError) {
    return {
      title: 'LeadRelay cannot open your lead database',
      message: error.kind === 'corrupt' ? 'Your lead database is damaged.' : 'Your lead database comes from a newer LeadRelay.',
      detail: `${error.message}\n\nNothing was deleted. Choose "Start with an empty store" to go on, or Quit and keep the file for support.`,
      canStartEmpty: true,
    };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return {
    title: 'LeadRelay cannot start',
    message: `LeadRelay could not open its data folder ${dataDir}.`,
    detail: `${reason}\n\nCheck that the folder exists, that you may write to it and that no other program holds it, then start LeadRelay again.`,
    canStartEmpty: false,
  };
}
