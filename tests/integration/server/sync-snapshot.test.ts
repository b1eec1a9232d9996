import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lead, WITHHOLDABLE_FIELDS, type HistoryEntry } from '../../../core/lead/lead.ts';
import { toLeadRow, type LeadRow } from '../../../core/sync/lead-row.ts';
import type { PullPage } from '../../../core/sync/protocol.ts';
import { knowsFields, SNAPSHOT_CONTENT_TYPE, SnapshotHeader, SnapshotNotes } from '../../../core/sync/snapshot.ts';
import type { Principal } from '../../../server/org/auth.ts';
import { maySeeLead } from '../../../server/routing/access.ts';
import { leadRows } from '../../../server/store/lead-rows.ts';
import { createSnapshot, snapshotSql } from '../../../server/sync/snapshot.ts';
import { rep, seedTeam, syncServers, type SyncServer } from '../sync/server-harness.ts';

const server = syncServers();

interface Page {
  header: SnapshotHeader;
  leads: Array<{ row: LeadRow; history: HistoryEntry[]; historyText: string; notes: SnapshotNotes }>;
  body: Buffer;
}

function parsePage(body: Buffer): Page {
  const lines = body.toString('utf8').split('\n');
  expect(lines.pop()).toBe('');
  const header = SnapshotHeader.parse(JSON.parse(lines[0]!));
  expect(lines.length).toBe(1 + 3 * header.count);
  const leads: Page['leads'] = [];
  for (let i = 1; i < lines.length; i += 3) {
    const history = JSON.parse(lines[i + 1]!) as HistoryEntry[];
    const notes = SnapshotNotes.parse(JSON.parse(lines[i + 2]!));
    // The notes line is the history's note entries, as the workstation would find them there.
    expect(notes).toEqual(history.filter((entry) => entry.kind === 'note').map((entry) => [entry.id, entry.at, entry.actor, entry.data.text]));
    leads.push({ row: JSON.parse(lines[i]!) as LeadRow, historyText: lines[i + 1]!, history, notes });
  }
  return { header, leads, body };
}

async function page(s: SyncServer, token: string, query = ''): Promise<Page> {
  const response = await s.as(token, 'GET', `/api/v1/sync/snapshot${query}`);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe(SNAPSHOT_CONTENT_TYPE);
  return parsePage(response.rawPayload);
}

async function allPages(s: SyncServer, token: string, limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let after = 0;
  for (;;) {
    const next = await page(s, token, `?after=${after}&limit=${limit}`);
    pages.push(next);
    if (next.header.next === null) return pages;
    expect(next.header.next).toBeGreaterThan(after);
    after = next.header.next;
  }
}

const idsOf = (pages: Page[]) => pages.flatMap((p) => p.leads.map((lead) => lead.row[0]));

async function act(s: SyncServer, token: string, leadId: string, action: Record<string, unknown>): Promise<void> {
  const response = await s.as(token, 'POST', `/api/v1/leads/${leadId}/actions`, action);
  expect(response.statusCode, response.body).toBe(200);
}

async function pullAll(s: SyncServer, token: string): Promise<{ items: PullPage['items']; cursor: number }> {
  const items: PullPage['items'] = [];
  let cursor = 0;
  for (;;) {
    const response = await s.as(token, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=500`);
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json() as PullPage;
    items.push(...answer.items);
    cursor = answer.cursor;
    if (!answer.hasMore) return { items, cursor };
  }
}

let leadNumber = 0;
/** A lead with every kind of value a row carries, arriving through the real routing (unless `route` is false). */
function arrive(s: SyncServer, fields: Record<string, unknown> = {}, options: { route?: boolean; history?: string | null } = {}): string {
  const id = `snap-${++leadNumber}`;
  const lead = Lead.parse({
    id, createdAt: s.clock.now, updatedAt: s.clock.now, status: 'new', priority: 'high', score: 72.35,
    contact: { firstName: 'Zoë', lastName: 'Łukasiewicz', company: '株式会社 Acme', email: 'zoe@prospect.example', phone: '+49 30 1234567', country: 'DE' },
    interest: { product: 'Fleet', size: 40, budget: 12500.5 },
    source: 'web', custom: { industry: 'Café', seats: 12.5, vip: true, referral: null },
    attachments: [{ name: 'brochure.pdf', mimeType: 'application/pdf', size: 2048, ref: 'files/brochure.pdf' }],
    ...fields,
  });
  const db = s.app.store.db;
  db.transaction(() => {
    leadRows(db).save(lead);
    const summary = options.history === undefined ? `Created from ${lead.contact.email ?? 'a form'}` : options.history;
    if (summary !== null) leadRows(db).appendHistory([{ id: `${id}-h0`, leadId: id, at: s.clock.now, actor: 'intake', kind: 'created', summary, reason: null, data: { email: lead.contact.email } }]);
  })();
  if (options.route !== false) s.app.lifecycle.onLeadArrived(id);
  s.clock.now += 1_000;
  return id;
}

const users = [rep('mia', { role: 'manager' }), rep('anna', { managerId: 'mia' }), rep('ben'), rep('ada', { role: 'admin' })];
async function team(s: SyncServer, withhold: string[] = []): Promise<Record<'mia' | 'anna' | 'ben' | 'ada', string>> {
  await seedTeam(s, users, ['anna', 'ben'], withhold);
  return { mia: await s.login('mia@example.com'), anna: await s.login('anna@example.com'), ben: await s.login('ben@example.com'), ada: await s.login('ada@example.com') };
}

describe('GET /api/v1/sync/snapshot', () => {
  it('pages through the visible leads in rowid order: next chains, the last page says null, each lead comes once', async () => {
    const s = await server();
    const tokens = await team(s);
    const visible: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      visible.push(arrive(s));
      // Ben's leads sit between Anna's, so pages skip rows she may not see.
      await act(s, tokens.ben, arrive(s), { type: 'accept' });
    }
    const pages = await allPages(s, tokens.anna, 2);
    expect(pages.map((p) => p.header.count)).toEqual([2, 2, 1]);
    expect(idsOf(pages)).toEqual(visible);
    const head = (await pullAll(s, tokens.anna)).cursor;
    for (const p of pages) {
      expect(p.header).toMatchObject({ format: 1, cursor: head });
      expect(knowsFields(p.header.fields)).toBe(true);
    }
    expect(pages.map((p) => p.header.next)).toEqual([expect.any(Number), expect.any(Number), null]);
    // A full last page is followed by an empty one.
    const exact = await page(s, tokens.anna, `?after=${pages[0]!.header.next}&limit=3`);
    expect(exact.header).toMatchObject({ count: 3, next: expect.any(Number) });
    expect(await page(s, tokens.anna, `?after=${exact.header.next}&limit=3`)).toMatchObject({ header: { count: 0, next: null }, leads: [] });
    // The defaults: from the start, one page for all.
    expect(idsOf([await page(s, tokens.anna)])).toEqual(visible);
    // The feed continues from the header's cursor with nothing left to send.
    const rest = await s.as(tokens.anna, 'GET', `/api/v1/sync/pull?cursor=${head}`);
    expect(rest.json()).toEqual({ items: [], cursor: head, hasMore: false });
  });

  it("sends each lead's row and history as GET /api/v1/leads/:id answers them for that user, text in raw UTF-8", async () => {
    const s = await server();
    const tokens = await team(s);
    const owned = arrive(s);
    await act(s, tokens.anna, owned, { type: 'accept' });
    s.clock.now += 60_000;
    await act(s, tokens.anna, owned, { type: 'addNote', text: 'Rief an — sehr interessiert, “Budget” steht' });
    await act(s, tokens.anna, owned, { type: 'setStatus', status: 'contacted' });
    const sparse = arrive(s, { score: 0, priority: 'low', contact: { firstName: null, lastName: null, email: null, company: null }, interest: {}, source: null, custom: {}, attachments: [] });
    const unrouted = arrive(s, { status: 'accepted', ownerId: 'anna', score: 99.99999999999999 }, { route: false, history: null });

    const [single] = await allPages(s, tokens.anna, 100);
    expect(single!.body.includes(Buffer.from('Zoë Łukasiewicz'.split(' ')[0]!))).toBe(true);
    expect(single!.body.includes(Buffer.from('\\u00eb'))).toBe(false);
    expect(single!.leads.map((lead) => lead.row[0])).toEqual([owned, sparse, unrouted]);
    for (const { row, history, historyText } of single!.leads) {
      const answer = await s.as(tokens.anna, 'GET', `/api/v1/leads/${row[0]}`);
      expect(answer.statusCode).toBe(200);
      const expected = answer.json() as { lead: Lead; history: HistoryEntry[] };
      expect(row).toEqual(toLeadRow(expected.lead));
      expect(history).toEqual(expected.history);
      if (row[0] === unrouted) expect(historyText).toBe('[]');
    }
    expect(single!.leads[0]!.history.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['created', 'offered', 'accepted', 'note', 'status']));
  });

  it('sends a rep their own leads and open offers, a manager also their reports\', an administrator all', async () => {
    const s = await server();
    const tokens = await team(s);
    const annas = arrive(s);
    await act(s, tokens.anna, annas, { type: 'accept' });
    const bens = arrive(s); // Anna's offer is withdrawn when Ben takes it.
    await act(s, tokens.ben, bens, { type: 'accept' });
    const open = arrive(s);
    const rejected = arrive(s);
    await act(s, tokens.anna, rejected, { type: 'reject', reason: 'not my region' });
    const nobodys = arrive(s, {}, { route: false });

    const ids = async (token: string) => idsOf(await allPages(s, token, 2));
    expect(await ids(tokens.anna)).toEqual([annas, open]);
    expect(await ids(tokens.mia)).toEqual([annas, open]);
    expect(await ids(tokens.ben)).toEqual([bens, open, rejected]);
    expect(await ids(tokens.ada)).toEqual([annas, bens, open, rejected, nobodys]);
    // The same answer as the lead endpoint's access check, lead by lead.
    for (const [name, token] of Object.entries(tokens)) {
      const mine = new Set(await ids(token));
      for (const leadId of [annas, bens, open, rejected, nobodys]) {
        const answer = await s.as(token, 'GET', `/api/v1/leads/${leadId}`);
        expect([name, leadId, answer.statusCode]).toEqual([name, leadId, mine.has(leadId) ? 200 : 404]);
      }
    }
  });

  it('blanks withheld fields in the row and scrubs them from the history, as the pull feed does, until the lead is accepted', async () => {
    const s = await server();
    const tokens = await team(s, ['email', 'phone']);
    const offered = arrive(s, { contact: { firstName: 'Jane', lastName: 'Doe', email: 'jane@prospect.example', phone: '+49 30 1234567', country: 'DE' } });
    // The rule withholds from every lead it routes, so a lead with nothing withheld is one that arrived some other way.
    const plain = arrive(s, { status: 'accepted', ownerId: 'anna', contact: { firstName: 'Joe', email: 'joe@prospect.example', country: 'DE' } }, { route: false });

    const before = (await allPages(s, tokens.anna, 10))[0]!;
    const fromFeed = (await pullAll(s, tokens.anna)).items.flatMap((item) => (item.type === 'lead' ? [item] : []));
    expect(before.leads.map((lead) => lead.row[0])).toEqual([offered, plain]);
    for (const [index, lead] of before.leads.entries()) {
      const feed = fromFeed.find((item) => item.lead.id === lead.row[0])!;
      expect(lead.row).toEqual(toLeadRow(feed.lead as Lead));
      expect(lead.history).toEqual(feed.history);
      if (index === 0) {
        expect(lead.row.slice(10, 12)).toEqual([null, null]);
        expect(lead.row[27]).toEqual(['email', 'phone']);
        expect(lead.historyText).toContain('Created from [withheld]');
      }
    }
    expect(before.body.includes(Buffer.from('jane@prospect.example'))).toBe(false);
    expect(before.body.includes(Buffer.from('+49 30 1234567'))).toBe(false);
    expect(before.leads[1]!.row[10]).toBe('joe@prospect.example');
    expect(before.leads[1]!.historyText).toContain('Created from joe@prospect.example');

    await act(s, tokens.anna, offered, { type: 'accept' });
    const after = (await allPages(s, tokens.anna, 10))[0]!;
    expect(after.leads[0]!.row.slice(10, 12)).toEqual(['jane@prospect.example', '+49 30 1234567']);
    expect(after.leads[0]!.historyText).toContain('Created from jane@prospect.example');
    expect(after.leads[0]!.historyText).not.toContain('[withheld]');
    await act(s, tokens.anna, offered, { type: 'addNote', text: 'Wrote to jane@prospect.example' });
    expect((await allPages(s, tokens.anna, 10))[0]!.leads[0]!.notes).toEqual([[expect.any(String), expect.any(Number), 'anna', 'Wrote to jane@prospect.example']]);
    // Mia manages Anna, so she sees what Anna owns; Ben's offer was withdrawn.
    expect((await allPages(s, tokens.mia, 10))[0]!.leads[0]!.row[10]).toBe('jane@prospect.example');
    expect(idsOf(await allPages(s, tokens.ben, 10))).toEqual([]);
  });

  it('puts every field in its place: a lead with a distinct value in each comes back as toLeadRow makes it', async () => {
    const s = await server();
    const tokens = await team(s);
    const lead = Lead.parse({
      id: 'every-field', createdAt: 1_700_000_000_001, updatedAt: 1_700_000_000_002, status: 'won', priority: 'urgent', score: 33.25,
      contact: { firstName: 'F', lastName: 'L', company: 'Co', title: 'T', email: 'e@x.example', phone: '+1 555', street: 'S 1', city: 'C', region: 'R', postalCode: 'P1', country: 'AT' },
      interest: { product: 'Pr', size: 7, timeframe: 'Q3', budget: 0.5 },
      source: 'So', campaign: 'Ca', boxId: 'root', ownerId: 'anna', offerExpiresAt: 1_700_000_000_003, incubateUntil: 1_700_000_000_004,
      withheld: ['street'], custom: { k: 'v' }, attachments: [{ name: 'a', mimeType: 'text/plain', size: 1, ref: 'r' }], wonAmount: 1234.75, closeReason: 'Cr',
    });
    leadRows(s.app.store.db).save(lead);
    const [only] = (await allPages(s, tokens.anna, 10))[0]!.leads;
    expect(only!.row).toEqual(toLeadRow(lead));
  });

  it('refuses a bad query naming the field, and a request without a user token', async () => {
    const s = await server();
    const { anna } = await team(s);
    for (const [query, field] of [['after=-1', 'after'], ['after=abc', 'after'], ['after=1.5', 'after'], ['limit=0', 'limit'], ['limit=99999', 'limit'], ['limit=x', 'limit']] as const) {
      const response = await s.as(anna, 'GET', `/api/v1/sync/snapshot?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error, query).toMatchObject({ code: 'invalid_input', field, message: expect.stringMatching(new RegExp(`^${field}: `)) });
    }
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/sync/snapshot' })).statusCode).toBe(401);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/sync/snapshot', headers: { authorization: 'Bearer lrt_not-a-token' } })).statusCode).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const s = await server();
    const document = (await s.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const operation = document.paths['/api/v1/sync/snapshot'].get;
    expect(operation.tags).toEqual(['sync']);
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(['after', 'limit']);
  });
});

describe('snapshot visibility', () => {
  it('sends exactly the leads maySeeLead allows, for every kind of user, whatever the owners and offers', async () => {
    const s = await server();
    const people = [rep('boss', { role: 'manager' }), rep('mid', { role: 'manager', managerId: 'boss' }), rep('anna', { managerId: 'mid' }), rep('ben', { managerId: 'boss' }), rep('cleo'), rep('ada', { role: 'admin' })];
    await seedTeam(s, people, ['cleo']);
    const names = people.map((person) => person.id);
    const principals = people.map((person): Extract<Principal, { kind: 'user' }> => ({ kind: 'user', userId: person.id, role: person.role as 'rep', tokenId: 't' }));
    const snapshot = createSnapshot(s.app);
    const db = s.app.store.db;
    const insertOffer = db.prepare("INSERT INTO offers (id, lead_id, user_id, kind, status, offered_at) VALUES (?, ?, ?, 'direct', ?, 0)");
    const OFFER = fc.constantFrom('open', 'accepted', 'rejected', 'withdrawn', 'expired');
    const world = fc.array(
      fc.record({
        ownerId: fc.option(fc.constantFrom(...names), { nil: null }),
        offers: fc.dictionary(fc.constantFrom(...names), OFFER, { maxKeys: 3 }),
        withheld: fc.subarray([...WITHHOLDABLE_FIELDS]),
      }),
      { maxLength: 12 },
    );

    await fc.assert(
      fc.asyncProperty(world, fc.integer({ min: 1, max: 5 }), async (leads, limit) => {
        db.exec('DELETE FROM offers; DELETE FROM leads;');
        db.transaction(() => {
          for (const [index, shape] of leads.entries()) {
            const id = `prop-${index}`;
            leadRows(db).save(Lead.parse({ id, createdAt: 0, updatedAt: 0, status: shape.ownerId ? 'accepted' : 'offered', priority: 'normal', score: 10, contact: { email: 'x@y.example' }, interest: {}, ownerId: shape.ownerId, withheld: shape.withheld }));
            for (const [userId, status] of Object.entries(shape.offers)) insertOffer.run(`${id}-${userId}`, id, userId, status);
          }
        })();
        for (const principal of principals) {
          const seen: string[] = [];
          let after = 0;
          for (;;) {
            const { header, leads: rows } = parsePage(snapshot(principal, after, limit));
            seen.push(...rows.map((lead) => lead.row[0]));
            if (header.next === null) break;
            expect(header.next).toBeGreaterThan(after);
            after = header.next;
          }
          const expected = leads.map((_, index) => `prop-${index}`).filter((id) => maySeeLead(s.app.org, principal, s.app.lifecycle.lead(id)!, s.app.lifecycle.offersOf(id)));
          expect([principal.userId, seen]).toEqual([principal.userId, expected]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('snapshot query plan', () => {
  it('walks leads in rowid order and stops at the limit: no temp B-tree sort, no owner index', async () => {
    const s = await server();
    await seedTeam(s, [rep('anna'), rep('ben')], ['anna', 'ben']);
    for (let i = 0; i < 20; i += 1) arrive(s);
    for (const leads of ['all', 'visible'] as const) {
      const plan = s.app.store.db.prepare<[{ after: number; limit: number; people: string }], { detail: string }>(`EXPLAIN QUERY PLAN ${snapshotSql(leads)}`);
      const steps = plan.all({ after: 0, limit: 10, people: '["anna"]' }).map((step) => step.detail);
      expect(steps[0], leads).toBe('SEARCH l USING INTEGER PRIMARY KEY (rowid>?)');
      expect(steps.join('\n'), leads).not.toMatch(/TEMP B-TREE|leads_owner|MULTI-INDEX/);
    }
  });
});
