import { app, dialog, type BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import type { EventHub } from '../services/events.ts';
import { createUpdateController, updateFeedFrom, type UpdateController } from './update-controller.ts';

/**
 * Self-update through electron-updater, from the one feed compiled into this build: scripts/
 * build.mjs replaces process.env.LEADRELAY_UPDATE_URL with its build-time value, so the
 * environment of a running app cannot point it elsewhere. Returns null when updates are off
 * (development run, or no valid https feed).
 */
export function startUpdater(window: BrowserWindow, events: EventHub): UpdateController | null {
  const feed = updateFeedFrom(process.env.LEADRELAY_UPDATE_URL);
  if (!app.isPackaged || 'reason' in feed) {
    console.info(`leadrelay: updates off: ${app.isPackaged ? (feed as { reason: string }).reason : 'not a packaged build'}`);
    return null;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;

  const ask = async (message: string, detail: string, yes: string): Promise<boolean> => {
    const { response } = await dialog.showMessageBox(window, {
      type: 'info',
      message,
      detail,
      buttons: [yes, 'Not now'],
      defaultId: 0,
      cancelId: 1,
    });
    return response === 0;
  };

  const controller = createUpdateController({
    port: {
      check: async () => {
        const result = await autoUpdater.checkForUpdates();
        return result?.isUpdateAvailable ? result.updateInfo.version : null;
      },
      download: async () => {
        await autoUpdater.downloadUpdate();
      },
      install: () => autoUpdater.quitAndInstall(false, true),
    },
    prompts: {
      confirmDownload: (version) =>
        ask(`LeadRelay ${version} is available.`, `You have ${app.getVersion()}. Download it now? Your work stays as it is.`, 'Download'),
      confirmRestart: (version) =>
        ask(`LeadRelay ${version} is ready to install.`, 'Restart LeadRelay now to finish the update?', 'Restart now'),
    },
    notify: (status) => events.emit('app.update', status),
  });
  controller.start();
  return controller;
}
