import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Lead, type HistoryEntry } from '../../../core/lead/lead.ts';
import { leadRows, type LeadRows } from '../../../server/store/lead-rows.ts';
import { openServerStore, type ServerStore } from '../../../server/store/open-server-store.ts';

let dataDir: string;
let store: ServerStore;
let rows: LeadRows;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-lead-rows-'));
  store = openServerStore({ dataDir, role: 'central', now: () => 1, newId: () => 'server' });
  store.db.prepare("INSERT INTO boxes (id, name, created_at, updated_at) VALUES ('box-1', 'System', 0, 0)").run();
  store.db.prepare("INSERT INTO users (id, name, email, role, created_at, updated_at) VALUES ('rep-1', 'Rita Rep', 'rita@example.com', 'rep', 0, 0)").run();
  rows = leadRows(store.db);
});
afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const full = Lead.parse({
  id: 'lead-1',
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_100_000,
  status: 'offered',
  priority: 'urgent',
  score: 87.5,
  contact: { firstName: 'Anna', lastName: 'Schmidt', company: 'Acme GmbH', title: 'CFO', email: 'Anna@Acme.de', phone: '030 1234567', street: 'Hauptstr. 1', city: 'Berlin', region: 'DE-BE', postalCode: '10115', country: 'DE' },
  interest: { product: 'Forklift', size: 12, timeframe: 'Q3', budget: 25_000.5 },
  source: 'web-form',
  campaign: 'spring',
  boxId: 'box-1',
  ownerId: 'rep-1',
  offerExpiresAt: 1_700_000_200_000,
  incubateUntil: null,
  withheld: ['email', 'phone'],
  custom: { industry: 'logistics', fleet: 40, vip: true, note: null },
  attachments: [{ name: 'brief.pdf', mimeType: 'application/pdf', size: 10, ref: 'att-1' }],
  wonAmount: null,
  closeReason: null,
});

describe('leadRows', () => {
  it('stores every field of a lead and reads it back unchanged', () => {
    rows.save(full);
    expect(rows.get('lead-1')).toEqual(full);
    expect(rows.get('missing')).toBeNull();
  });

  it('replaces a saved lead as a whole', () => {
    rows.save(full);
    const next = { ...full, status: 'accepted' as const, offerExpiresAt: null, updatedAt: full.updatedAt + 1 };
    rows.save(next);
    expect(rows.get('lead-1')).toEqual(next);
    expect(store.db.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(1);
  });

  it('finds leads by canonical email and E.164 phone', () => {
    rows.save(full);
    expect(rows.findByEmailKey('anna@acme.de').map((lead) => lead.id)).toEqual(['lead-1']);
    expect(rows.findByPhoneKey('+49301234567').map((lead) => lead.id)).toEqual(['lead-1']);
  });

  it('appends history and lists it in time order', () => {
    rows.save(full);
    const entry = (id: string, at: number): HistoryEntry => ({ id, leadId: 'lead-1', at, actor: 'system', kind: 'routed', summary: `step ${id}`, reason: null, data: { box: 'box-1' } });
    rows.appendHistory([entry('h2', 20), entry('h1', 10), entry('h3', 20)]);
    expect(rows.history('lead-1').map((item) => item.id)).toEqual(['h1', 'h2', 'h3']);
    expect(rows.history('lead-1')[0]).toEqual(entry('h1', 10));
  });

  it('refuses a lead pointing at an unknown box', () => {
    expect(() => rows.save({ ...full, boxId: 'nowhere' })).toThrow(/FOREIGN KEY/);
  });
});
