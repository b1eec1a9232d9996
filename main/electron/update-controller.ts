import type { UpdateStatus } from '../../core/contract/index.ts';

/** What the controller needs of electron-updater; updater.ts adapts the real autoUpdater. */
export interface UpdaterPort {
  /** Asks the feed; resolves to the newer version, or null when this one is current. */
  check(): Promise<string | null>;
  download(): Promise<void>;
  /** Quits the app and installs the downloaded update. */
  install(): void;
}

/** Both steps that change the rep's app ask first: nothing downloads or installs unasked. */
export interface UpdatePrompts {
  confirmDownload(version: string): Promise<boolean>;
  confirmRestart(version: string): Promise<boolean>;
}

export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface UpdateControllerOptions {
  port: UpdaterPort;
  prompts: UpdatePrompts;
  notify(status: UpdateStatus): void;
  intervalMs?: number;
  timers?: IntervalTimers;
  log?: (message: string, detail?: unknown) => void;
}

export interface UpdateController {
  /** Checks now, then every intervalMs until stop(). */
  start(): void;
  /** One round: check, ask, download, ask, install. Overlapping rounds are skipped. */
  checkNow(): Promise<void>;
  stop(): void;
}

export const DEFAULT_UPDATE_INTERVAL_MS = 4 * 60 * 60 * 1000;

/**
 * The update feed baked into the build (LEADRELAY_UPDATE_URL at build time). Only https with a
 * host and no credentials is accepted; anything else leaves updates off rather than fetching
 * code over a channel an attacker on the network could answer.
 */
export function updateFeedFrom(value: string | undefined): { url: string } | { reason: string } {
  if (!value) return { reason: 'no update feed configured (LEADRELAY_UPDATE_URL was unset at build time)' };
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { reason: `update feed "${value}" is not a URL` };
  }
  if (parsed.protocol !== 'https:' || parsed.hostname === '') return { reason: `update feed must be an https URL, got "${value}"` };
  if (parsed.username || parsed.password) return { reason: 'update feed must not carry credentials' };
  return { url: parsed.href };
}

export function createUpdateController(options: UpdateControllerOptions): UpdateController {
  const timers = options.timers ?? { setInterval: (fn, ms) => setInterval(fn, ms), clearInterval: (h) => clearInterval(h as NodeJS.Timeout) };
  const intervalMs = options.intervalMs ?? DEFAULT_UPDATE_INTERVAL_MS;
  const log = options.log ?? ((message, detail) => console.warn(message, detail ?? ''));
  let handle: unknown = null;
  let busy = false;
  /** A version the rep said "not now" to: not offered again until a newer one appears. */
  let declined: string | null = null;
  /** Downloaded but the rep chose to restart later: we only ask again, never re-download. */
  let downloaded: string | null = null;

  const offerRestart = async (version: string): Promise<void> => {
    if (await options.prompts.confirmRestart(version)) options.port.install();
  };

  const round = async (): Promise<void> => {
    if (downloaded) return offerRestart(downloaded);
    options.notify({ state: 'checking', version: null });
    const version = await options.port.check();
    if (!version) {
      options.notify({ state: 'up-to-date', version: null });
      return;
    }
    options.notify({ state: 'available', version });
    if (version === declined || !(await options.prompts.confirmDownload(version))) {
      declined = version;
      return;
    }
    options.notify({ state: 'downloading', version });
    await options.port.download();
    downloaded = version;
    options.notify({ state: 'downloaded', version });
    await offerRestart(version);
  };

  const checkNow = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      await round();
    } catch (error) {
      log('leadrelay: update check failed', error);
      options.notify({ state: 'error', version: null, message: error instanceof Error ? error.message : String(error) });
    } finally {
      busy = false;
    }
  };

  return {
    start() {
      if (handle !== null) return;
      handle = timers.setInterval(() => void checkNow(), intervalMs);
      void checkNow();
    },
    checkNow,
    stop() {
      if (handle === null) return;
      timers.clearInterval(handle);
      handle = null;
    },
  };
}
