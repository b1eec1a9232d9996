import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../core/contract/index.ts';
import { createUpdateController, updateFeedFrom, type IntervalTimers, type UpdaterPort } from '../../../main/electron/update-controller.ts';

function manualTimers() {
  const scheduled: { callback: () => void; ms: number; cleared: boolean }[] = [];
  const timers: IntervalTimers = {
    setInterval: (callback, ms) => {
      const entry = { callback, ms, cleared: false };
      scheduled.push(entry);
      return entry;
    },
    clearInterval: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  return { timers, scheduled, tick: () => scheduled.filter((s) => !s.cleared).forEach((s) => s.callback()) };
}

function harness(options: { offered?: (string | null)[]; download?: boolean[]; restart?: boolean[]; failCheck?: boolean } = {}) {
  const log: string[] = [];
  const statuses: UpdateStatus[] = [];
  const offered = [...(options.offered ?? [])];
  const downloadAnswers = [...(options.download ?? [])];
  const restartAnswers = [...(options.restart ?? [])];
  const port: UpdaterPort = {
    check: async () => {
      log.push('check');
      if (options.failCheck) throw new Error('feed answered 503');
      return offered.shift() ?? null;
    },
    download: async () => {
      log.push('download');
    },
    install: () => log.push('install'),
  };
  const manual = manualTimers();
  const controller = createUpdateController({
    port,
    prompts: {
      confirmDownload: async (version) => (log.push(`ask-download ${version}`), downloadAnswers.shift() ?? false),
      confirmRestart: async (version) => (log.push(`ask-restart ${version}`), restartAnswers.shift() ?? false),
    },
    notify: (status) => statuses.push(status),
    intervalMs: 1000,
    timers: manual.timers,
    log: () => {},
  });
  return { controller, log, statuses, ...manual };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('updateFeedFrom', () => {
  it('accepts an https feed', () => {
    expect(updateFeedFrom('https://updates.example.com/leadrelay/')).toEqual({ url: 'https://updates.example.com/leadrelay/' });
  });

  it.each([undefined, '', 'http://updates.example.com/', 'file:///tmp/feed', 'ftp://x/', 'https://user:pw@updates.example.com/', 'updates.example.com'])(
    'turns updates off for %j, saying why',
    (value) => {
      const result = updateFeedFrom(value);
      expect(result).toHaveProperty('reason');
      expect((result as { reason: string }).reason.length).toBeGreaterThan(10);
    },
  );
});

describe('createUpdateController', () => {
  it('checks at start and then on every interval', async () => {
    const h = harness();
    h.controller.start();
    await settle();
    expect(h.scheduled.map((s) => s.ms)).toEqual([1000]);
    h.tick();
    await settle();
    expect(h.log).toEqual(['check', 'check']);
    expect(h.statuses.map((s) => s.state)).toEqual(['checking', 'up-to-date', 'checking', 'up-to-date']);
    h.controller.stop();
    h.tick();
    await settle();
    expect(h.log).toHaveLength(2);
  });

  it('downloads only when the rep agrees, and installs only after a second yes', async () => {
    const h = harness({ offered: ['1.2.0'], download: [true], restart: [true] });
    await h.controller.checkNow();
    expect(h.log).toEqual(['check', 'ask-download 1.2.0', 'download', 'ask-restart 1.2.0', 'install']);
    expect(h.statuses.map((s) => s.state)).toEqual(['checking', 'available', 'downloading', 'downloaded']);
    expect(h.statuses.at(-1)).toEqual({ state: 'downloaded', version: '1.2.0' });
  });

  it('never downloads or installs when the rep says not now', async () => {
    const h = harness({ offered: ['1.2.0', '1.2.0', '1.3.0'], download: [false, true], restart: [false, false] });
    await h.controller.checkNow();
    await h.controller.checkNow();
    expect(h.log).toEqual(['check', 'ask-download 1.2.0', 'check']);
    await h.controller.checkNow();
    expect(h.log.slice(3)).toEqual(['check', 'ask-download 1.3.0', 'download', 'ask-restart 1.3.0']);
    await h.controller.checkNow();
    expect(h.log.slice(7)).toEqual(['ask-restart 1.3.0']);
    expect(h.log).not.toContain('install');
  });

  it('reports a failed check and tries again next time', async () => {
    const h = harness({ failCheck: true });
    await h.controller.checkNow();
    expect(h.statuses.at(-1)).toEqual({ state: 'error', version: null, message: 'feed answered 503' });
    await h.controller.checkNow();
    expect(h.log).toEqual(['check', 'check']);
  });

  it('skips a round while one is still running', async () => {
    const h = harness({ offered: ['2.0.0'], download: [true] });
    await Promise.all([h.controller.checkNow(), h.controller.checkNow()]);
    expect(h.log.filter((entry) => entry === 'check')).toHaveLength(1);
  });
});
