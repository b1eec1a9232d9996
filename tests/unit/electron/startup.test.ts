import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { offerNotice, ruleNotice } from '../../../main/electron/offer-notice.ts';
import { bundlePaths, dataDirFor, describeStartupProblem } from '../../../main/electron/startup.ts';
import { openStore, STORE_FILE } from '../../../main/services/store/index.ts';

describe('bundlePaths', () => {
  it('finds preload and renderer beside dist/main', () => {
    expect(bundlePaths('/opt/LeadRelay/resources/app.asar/dist/main')).toEqual({
      preload: '/opt/LeadRelay/resources/app.asar/dist/preload/index.cjs',
      renderer: '/opt/LeadRelay/resources/app.asar/dist/renderer',
    });
  });
});

describe('dataDirFor', () => {
  it('uses LEADRELAY_DATA_DIR when set, else Electron userData', () => {
    expect(dataDirFor({ LEADRELAY_DATA_DIR: '/srv/rep-data' }, '/home/rep/.config/LeadRelay')).toBe('/srv/rep-data');
    expect(dataDirFor({}, '/home/rep/.config/LeadRelay')).toBe('/home/rep/.config/LeadRelay');
    expect(dataDirFor({ LEADRELAY_DATA_DIR: '  ' }, '/home/rep/.config/LeadRelay')).toBe('/home/rep/.config/LeadRelay');
  });
});

describe('describeStartupProblem', () => {
  it('offers an empty store, never silently, when the real store finds a damaged file', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'leadrelay-startup-'));
    writeFileSync(path.join(dataDir, STORE_FILE), 'this is not a database, it is a shopping list '.repeat(200));
    let failure: unknown;
    try {
      openStore({ dataDir }).close();
    } catch (error) {
      failure = error;
    }
    const problem = describeStartupProblem(failure, dataDir);
    expect(problem.canStartEmpty).toBe(true);
    expect(problem.message).toMatch(/damaged/);
    expect(problem.detail).toMatch(/Nothing was deleted/);
    expect(problem.detail).toContain(dataDir);
  });

  it('explains other failures with the folder and the reason, and offers only Quit', () => {
    const problem = describeStartupProblem(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }), '/data/LeadRelay');
    expect(problem.canStartEmpty).toBe(false);
    expect(problem.message).toContain('/data/LeadRelay');
    expect(problem.detail).toContain('EACCES: permission denied');
  });
});

describe('offerNotice', () => {
  const lead = {
    contact: { firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', title: null, email: null, phone: null, street: null, city: null, region: null, postalCode: null, country: null },
    interest: { product: 'Difference Engine', size: null, timeframe: null, budget: null },
  };

  it('names the prospect and the time left', () => {
    const now = 1_700_000_000_000;
    expect(offerNotice(lead, now + 15 * 60_000, now)).toEqual({
      title: 'New lead offered',
      body: 'Ada Lovelace, Analytical Engines is interested in Difference Engine. Answer within 15 min.',
    });
    expect(offerNotice(lead, now + 5 * 3_600_000, now).body).toMatch(/Answer within 5 h\.$/);
    expect(offerNotice(lead, now - 1000, now).body).toMatch(/about to lapse/);
  });

  it('still says something useful when the lead is unknown or anonymous', () => {
    expect(offerNotice(null, null, 0)).toEqual({ title: 'New lead offered', body: 'A new lead is waiting for you.' });
    const anonymous = { ...lead, contact: { ...lead.contact, firstName: null, lastName: null, company: null }, interest: { ...lead.interest, product: null } };
    expect(offerNotice(anonymous, null, 0).body).toBe('A new lead is waiting for you.');
  });
});

describe('ruleNotice', () => {
  const contact = { firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', title: null, email: null, phone: null, street: null, city: null, region: null, postalCode: null, country: null };

  it("shows the rule's text about the lead", () => {
    expect(ruleNotice({ contact }, 'Call within the hour')).toEqual({ title: 'Call within the hour', body: 'About Ada Lovelace, Analytical Engines.' });
    expect(ruleNotice(null, 'Call within the hour')).toEqual({ title: 'Call within the hour', body: 'About a lead in your box.' });
  });
});
