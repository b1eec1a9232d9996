import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, rule, seed, startHarness, T0, type Harness } from './routing-fixture.ts';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});
async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}
const PASSWORD = 'correct horse battery';
const rep = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), email: `${id}@example.com`, role: 'rep', ...extra });
const openOffers = (h: Harness, leadId: string) => h.app.lifecycle.offersOf(leadId).filter((o) => o.status === 'open').map((o) => o.userId);
const kinds = (h: Harness, leadId: string) => h.app.lifecycle.history(leadId).map((e) => e.kind);

describe('offer time-out', () => {
  it('re-routes a lapsed offer after a restart, and the history says why', async () => {
    const h = await harness();
    await seed(h, {
      users: [rep('anna'), rep('ben')],
      boxes: [{ id: 'root', parentId: null, name: 'System' }],
      classes: { reps: ['anna', 'ben'] },
      rules: [rule('rr', [{ type: 'routeRoundRobin', classId: 'reps' }, { type: 'setOfferTimeout', ms: 3_600_000, onTimeout: 'reroute' }])],
    });
    const leadId = await h.arrive();
    expect(openOffers(h, leadId)).toEqual(['anna']);
    expect(h.app.lifecycle.lead(leadId)!.offerExpiresAt).toBe(T0 + 3_600_000);

    await h.app.close();
    h.clock.now = T0 + 3_600_000 + 1;
    await h.restart(); // the scheduler ticks once on start
    await h.app.scheduler.tick();

    expect(openOffers(h, leadId)).toEqual(['ben']);
    const history = h.app.lifecycle.history(leadId);
    const timedOut = history.find((e) => e.summary.startsWith('Offer to Anna timed out'));
    expect(timedOut).toMatchObject({ actor: 'system', reason: expect.stringContaining('on time-out: reroute'), data: { userId: 'anna', ruleId: 'rr' } });
    expect(history.filter((e) => e.kind === 'offered').map((e) => e.summary)).toEqual(['Offered to Anna', 'Offered to Ben']);
    expect(h.app.lifecycle.offersOf(leadId).map((o) => o.status)).toEqual(['expired', 'open']);
  });
});

describe('up for grabs', () => {
  it('lets exactly one of two concurrent acceptors win; the other gets 409 and the history shows both', async () => {
    const h = await harness();
    await seed(h, {
      users: [rep('anna', { password: PASSWORD }), rep('ben', { password: PASSWORD })],
      boxes: [{ id: 'root', parentId: null, name: 'System' }],
      rules: [rule('grab', [{ type: 'routeUpForGrabs', users: ['anna', 'ben'] }])],
    });
    const [anna, ben] = await Promise.all([h.login('anna@example.com', PASSWORD), h.login('ben@example.com', PASSWORD)]);
    const leadId = await h.arrive();
    expect(openOffers(h, leadId).sort()).toEqual(['anna', 'ben']);

    const answers = await Promise.all([anna, ben].map((token) => h.as(token, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'accept' })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const winner = answers[0]!.statusCode === 200 ? 'anna' : 'ben';
    const loser = answers.find((a) => a.statusCode === 409)!;
    expect(loser.json().error.message).toBe(`the lead was already accepted by ${winner === 'anna' ? 'Anna' : 'Ben'}`);
    expect(h.app.lifecycle.lead(leadId)).toMatchObject({ status: 'accepted', ownerId: winner });
    const summaries = h.app.lifecycle.history(leadId).map((e) => e.summary);
    expect(summaries).toEqual(expect.arrayContaining(['Offered to Anna', 'Offered to Ben', `${winner === 'anna' ? 'Anna' : 'Ben'} accepted the lead`, `Offer to ${winner === 'anna' ? 'Ben' : 'Anna'} withdrawn`]));
  });
});

describe('capacity', () => {
  it('sends leads past a full box to its overflow box and records the overflow', async () => {
    const h = await harness();
    await seed(h, {
      users: [rep('anna'), rep('ben')],
      boxes: [
        { id: 'root', parentId: null, name: 'System' },
        { id: 'spill', parentId: 'root', name: 'Spill', ownerId: 'ben' },
        { id: 'dach', parentId: 'root', name: 'DACH', ownerId: 'anna', capacity: 2, overflowPolicy: 'parent', overflowBoxId: 'spill' },
      ],
      rules: [rule('to-dach', [{ type: 'routeToBox', boxId: 'dach' }])],
    });
    const leads = [await h.arrive(), await h.arrive(), await h.arrive()];
    expect(leads.map((id) => h.app.lifecycle.lead(id)!.boxId)).toEqual(['dach', 'dach', 'spill']);
    expect(leads.map((id) => openOffers(h, id))).toEqual([['anna'], ['anna'], ['ben']]);
    expect(h.app.lifecycle.history(leads[2]!).find((e) => e.summary.startsWith('Overflow'))).toMatchObject({ summary: 'Overflow: box "DACH" is full', data: { fullBoxId: 'dach', boxId: 'spill', ruleId: 'to-dach' } });
  });

  it('keeps a round robin fair under user capacity and skips a user who is away', async () => {
    const h = await harness();
    await seed(h, {
      users: [rep('anna'), rep('ben', { away: true }), rep('cleo'), rep('dan', { capacity: 1 })],
      boxes: [{ id: 'root', parentId: null, name: 'System' }],
      classes: { reps: ['anna', 'ben', 'cleo', 'dan'] },
      rules: [rule('rr', [{ type: 'routeRoundRobin', classId: 'reps' }])],
    });
    const recipients: string[] = [];
    for (let i = 0; i < 9; i++) recipients.push(openOffers(h, await h.arrive())[0]!);
    // dan takes one lead and is then full; ben is away throughout.
    expect(recipients).toEqual(['anna', 'cleo', 'dan', 'anna', 'cleo', 'anna', 'cleo', 'anna', 'cleo']);
    await expectOk(h.admin('PATCH', '/api/v1/admin/users/ben', { away: false }));
    const next = [openOffers(h, await h.arrive())[0], openOffers(h, await h.arrive())[0]];
    expect(next).toEqual(['anna', 'ben']);
  });
});

describe('reject', () => {
  it('never offers the lead again to a user who rejected it', async () => {
    const h = await harness();
    await seed(h, {
      users: [rep('anna', { password: PASSWORD }), rep('ben', { password: PASSWORD })],
      boxes: [{ id: 'root', parentId: null, name: 'System', ownerId: 'ben' }],
      rules: [rule('to-anna', [{ type: 'routeToUser', userId: 'anna' }])],
    });
    const anna = await h.login('anna@example.com', PASSWORD);
    const leadId = await h.arrive();
    const noReason = await h.as(anna, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'reject' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    await expectOk(h.as(anna, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'reject', reason: 'not my territory' }));
    // The rule names anna again; she is excluded, so the box owner gets it.
    expect(openOffers(h, leadId)).toEqual(['ben']);
    const history = h.app.lifecycle.history(leadId);
    expect(history.find((e) => e.kind === 'rejected')).toMatchObject({ actor: 'anna', reason: 'not my territory' });
    expect(history.find((e) => e.summary === 'Not offered to Anna: already turned this lead down')).toBeDefined();
    const again = await h.as(anna, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'accept' });
    expect(again.statusCode).toBe(409);
  });
});

describe('incubation', () => {
  it('reactivates an incubated lead when its time comes and routes it again as new', async () => {
    const h = await harness();
    await seed(h, {
      users: [rep('anna', { password: PASSWORD })],
      boxes: [{ id: 'root', parentId: null, name: 'System', ownerId: 'anna' }],
    });
    const anna = await h.login('anna@example.com', PASSWORD);
    const leadId = await h.arrive();
    await expectOk(h.as(anna, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'accept' }));
    const until = T0 + 7 * 86_400_000;
    await expectOk(h.as(anna, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'incubate', until }));
    expect(h.app.lifecycle.lead(leadId)).toMatchObject({ status: 'incubating', incubateUntil: until });

    h.clock.now = until - 1;
    expect((await h.app.scheduler.tick()).reactivated).toBe(0);
    await h.restart();
    h.clock.now = until;
    expect((await h.app.scheduler.tick()).reactivated).toBe(1);
    expect(h.app.lifecycle.lead(leadId)).toMatchObject({ status: 'offered', incubateUntil: null, ownerId: null });
    expect(openOffers(h, leadId)).toEqual(['anna']);
    expect(kinds(h, leadId)).toEqual(expect.arrayContaining(['incubated', 'reactivated']));
    expect(kinds(h, leadId).slice(-2)).toEqual(['reactivated', 'offered']);
  });

  it('incubates a lead when a rule says so, without offering it', async () => {
    const h = await harness();
    await seed(h, {
      users: [rep('anna')],
      boxes: [{ id: 'root', parentId: null, name: 'System', ownerId: 'anna' }],
      rules: [rule('later', [{ type: 'incubate', days: 30 }])],
    });
    const leadId = await h.arrive();
    expect(h.app.lifecycle.lead(leadId)).toMatchObject({ status: 'incubating', incubateUntil: T0 + 30 * 86_400_000 });
    expect(openOffers(h, leadId)).toEqual([]);
    h.clock.now = T0 + 30 * 86_400_000;
    await h.app.scheduler.tick();
    // Reactivated: the arrived rules pick the recipient again, but their incubation does not count.
    expect(openOffers(h, leadId)).toEqual(['anna']);
  });
});

describe('waiting in a box', () => {
  it('queues leads past a full "queue" box and offers them as places free up', async () => {
    const h = await harness();
    await seed(h, {
      users: [rep('anna', { password: PASSWORD })],
      boxes: [
        { id: 'root', parentId: null, name: 'System' },
        { id: 'solo', parentId: 'root', name: 'Solo', ownerId: 'anna', capacity: 1, overflowPolicy: 'queue' },
      ],
      rules: [rule('to-solo', [{ type: 'routeToBox', boxId: 'solo' }])],
    });
    const anna = await h.login('anna@example.com', PASSWORD);
    const [first, second] = [await h.arrive(), await h.arrive()];
    expect(openOffers(h, first)).toEqual(['anna']);
    expect(h.app.lifecycle.lead(second)).toMatchObject({ status: 'routed', boxId: 'solo' });
    expect(h.app.lifecycle.history(second).map((e) => e.summary)).toContain('Queued in box Solo: the box is full');
    expect((await h.app.scheduler.tick()).offered).toBe(0);

    await expectOk(h.as(anna, 'POST', `/api/v1/leads/${first}/actions`, { type: 'accept' }));
    await expectOk(h.as(anna, 'POST', `/api/v1/leads/${first}/actions`, { type: 'setStatus', status: 'lost', reason: 'no budget' }));
    expect((await h.app.scheduler.tick()).offered).toBe(1);
    expect(openOffers(h, second)).toEqual(['anna']);
  });

  it('offers a waiting lead to the box owner once they are back, writing no history while they are away', async () => {
    const h = await harness();
    await seed(h, { users: [rep('anna', { away: true })], boxes: [{ id: 'root', parentId: null, name: 'System', ownerId: 'anna' }] });
    const leadId = await h.arrive();
    expect(h.app.lifecycle.lead(leadId)!.status).toBe('routed');
    const before = h.app.lifecycle.history(leadId).length;
    await h.app.scheduler.tick();
    expect(h.app.lifecycle.history(leadId)).toHaveLength(before);
    await expectOk(h.admin('PATCH', '/api/v1/admin/users/anna', { away: false }));
    expect((await h.app.scheduler.tick()).offered).toBe(1);
    expect(h.app.lifecycle.history(leadId).at(-1)).toMatchObject({ kind: 'offered', summary: 'Offered to Anna', reason: 'owner of box System; the lead was waiting' });
  });
});

describe('forward and escalate', () => {
  it('forwards an offer to a colleague, who can then accept it', async () => {
    const h = await harness();
    await seed(h, {
      users: [rep('anna', { password: PASSWORD }), rep('ben', { password: PASSWORD })],
      boxes: [{ id: 'root', parentId: null, name: 'System' }],
      rules: [rule('to-anna', [{ type: 'routeToUser', userId: 'anna' }])],
    });
    const [anna, ben] = await Promise.all([h.login('anna@example.com', PASSWORD), h.login('ben@example.com', PASSWORD)]);
    const leadId = await h.arrive();
    const self = await h.as(anna, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'forward', toUserId: 'anna' });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.field).toBe('toUserId');
    await expectOk(h.as(anna, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'forward', toUserId: 'ben', note: 'your customer' }));
    expect(openOffers(h, leadId)).toEqual(['ben']);
    await expectOk(h.as(ben, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'accept' }));
    expect(h.app.lifecycle.lead(leadId)).toMatchObject({ status: 'accepted', ownerId: 'ben' });
    expect(h.app.lifecycle.history(leadId).find((e) => e.kind === 'forwarded')).toMatchObject({ actor: 'anna', reason: 'your customer', summary: 'Anna forwarded the lead to Ben' });
  });

  it('escalates a lapsed offer to the manager when the rule says so', async () => {
    const h = await harness();
    await seed(h, {
      users: [{ id: 'boss', name: 'Boss', email: 'boss@example.com', role: 'manager' }, rep('anna', { managerId: 'boss' })],
      boxes: [{ id: 'root', parentId: null, name: 'System' }],
      rules: [rule('to-anna', [{ type: 'routeToUser', userId: 'anna' }, { type: 'setOfferTimeout', ms: 600_000, onTimeout: 'escalate' }])],
    });
    const leadId = await h.arrive();
    h.clock.now += 600_000;
    expect((await h.app.scheduler.tick()).expired).toBe(1);
    expect(openOffers(h, leadId)).toEqual(['boss']);
    expect(h.app.lifecycle.history(leadId).at(-1)).toMatchObject({ summary: 'Offered to Boss', reason: 'escalated to the manager after the offer timed out' });
  });
});

describe('events', () => {
  it('emits offer events after each commit for live workstation updates', async () => {
    const h = await harness();
    await seed(h, { users: [rep('anna', { password: PASSWORD }), rep('ben')], boxes: [{ id: 'root', parentId: null, name: 'System' }], rules: [rule('grab', [{ type: 'routeUpForGrabs', users: ['anna', 'ben'] }])] });
    const anna = await h.login('anna@example.com', PASSWORD);
    const seen: string[] = [];
    h.app.lifecycle.events.on('offer', (event) => seen.push(`${event.type}:${event.userId}`));
    const leadId = await h.arrive();
    await expectOk(h.as(anna, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'accept' }));
    expect(seen).toEqual(['offered:anna', 'offered:ben', 'accepted:anna', 'withdrawn:ben']);
  });
});
