import { posix, win32 } from 'node:path';
import os from 'node:os';

const APP_FOLDER = 'LeadRelay';

/**
 * Where the workstation keeps its data. LEADRELAY_DATA_DIR wins so tests, the web bridge and
 * power users can point anywhere; otherwise the platform's per-user application-data folder.
 * Pure: everything it depends on is an argument.
 */
export function resolveDataDir(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env.LEADRELAY_DATA_DIR?.trim();
  if (override) return override;
  if (platform === 'win32') {
    return win32.join(env.APPDATA?.trim() || win32.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_FOLDER);
  return posix.join(env.XDG_CONFIG_HOME?.trim() || posix.join(home, '.config'), APP_FOLDER);
}
