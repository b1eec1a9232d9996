import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, expectOk, rule, seed, startHarness, type Harness } from './routing-fixture.ts';

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
const person = (id: string, role: string, extra: Record<string, unknown> = {}) => ({ id, name: id, email: `${id}@example.com`, role, password: PASSWORD, ...extra });

describe('administrator token', () => {
  it('answers 401 without credentials, 401 for a wrong token, 403 for a user token', async () => {
    const h = await harness();
    await seed(h, { users: [person('anna', 'rep')] });
    const none = await h.app.inject({ method: 'GET', url: '/api/v1/admin/users' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toMatchObject({ code: 'unauthorized', field: 'authorization' });
    const wrong = await h.as(`${ADMIN_TOKEN}x`, 'GET', '/api/v1/admin/users');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toContain('not valid');
    const anna = await h.login('anna@example.com', PASSWORD);
    const asUser = await h.as(anna, 'GET', '/api/v1/admin/users');
    expect(asUser.statusCode).toBe(403);
    expect(asUser.json().error.message).toBe('this endpoint needs the administrator token');
  });

  it('disables the admin API with a clear 403 when no administrator token is configured', async () => {
    const h = await harness({ adminToken: undefined });
    const response = await h.as(ADMIN_TOKEN, 'GET', '/api/v1/admin/users');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('LEADRELAY_ADMIN_TOKEN');
  });

  it('validates admin input naming the field: rule sets, box trees, hierarchy cycles', async () => {
    const h = await harness();
    await seed(h, { users: [person('boss', 'manager'), person('anna', 'rep', { managerId: 'boss' })], boxes: [{ id: 'root', parentId: null, name: 'System' }] });
    const badRule = await h.admin('PUT', '/api/v1/admin/rules', { version: 1, rules: [rule('r1', [{ type: 'setPriority', priority: 'mega' }])] });
    expect(badRule.statusCode).toBe(400);
    expect(badRule.json().error.field).toMatch(/^rules\[0\]\.actions\[0\]/);
    const secondRoot = await h.admin('POST', '/api/v1/admin/boxes', { id: 'other', parentId: null, name: 'Other' });
    expect(secondRoot.statusCode).toBe(400);
    expect(secondRoot.json().error.message).toContain('exactly one root');
    const cycle = await h.admin('PATCH', '/api/v1/admin/users/boss', { managerId: 'anna' });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error).toMatchObject({ field: 'managerId', message: expect.stringContaining('cycle') });
    const shortPassword = await h.admin('POST', '/api/v1/admin/users', { name: 'X', email: 'x@example.com', password: 'short' });
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.json().error.field).toBe('password');
  });
});

describe('login and tokens', () => {
  it('refuses a wrong password and an unknown email alike, and a revoked token', async () => {
    const h = await harness();
    await seed(h, { users: [person('anna', 'rep')] });
    for (const payload of [{ email: 'anna@example.com', password: 'wrong password' }, { email: 'nobody@example.com', password: PASSWORD }]) {
      const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.message).toBe('email or password is wrong, or the account is disabled');
    }
    const token = await h.login('ANNA@example.com', PASSWORD);
    expect(token).toMatch(/^lrt_/);
    expect(await expectOk(h.as(token, 'GET', '/api/v1/me'))).toMatchObject({ user: { id: 'anna', hasPassword: true } });
    const stored = h.app.store.db.prepare('SELECT token_hash FROM auth_tokens').pluck().all() as string[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toContain(token.slice(4, 20));

    expect((await h.as(token, 'POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    const revoked = await h.as(token, 'GET', '/api/v1/me');
    expect(revoked.statusCode).toBe(401);

    const second = await h.login('anna@example.com', PASSWORD);
    await expectOk(h.admin('POST', '/api/v1/admin/users/anna/revoke-tokens'));
    expect((await h.as(second, 'GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('shows a lead source key once, stores only its hash, and lets the key do nothing but intake', async () => {
    const h = await harness();
    const created = await expectOk(h.admin('POST', '/api/v1/admin/sources', { name: 'Web form' }), 201);
    expect(created.apiKey).toMatch(/^lrs_/);
    const listed = await expectOk(h.admin('GET', '/api/v1/admin/sources'));
    expect(JSON.stringify(listed)).not.toContain(created.apiKey);
    const leadRead = await h.as(created.apiKey, 'GET', '/api/v1/leads/any');
    expect(leadRead.statusCode).toBe(403);
    expect(leadRead.json().error.message).toContain('may only post intake');
    expect((await h.as(created.apiKey, 'GET', '/api/v1/me')).statusCode).toBe(403);
    await expectOk(h.admin('DELETE', `/api/v1/admin/sources/${created.source.id}`));
    expect((await h.as(created.apiKey, 'GET', '/api/v1/leads/any')).statusCode).toBe(401);
  });
});

describe('who sees which lead', () => {
  it("hides a rep's lead from another rep, shows it to their manager, and keeps withheld values until accepted", async () => {
    const h = await harness();
    const CANARY_EMAIL = 'canary-7f3a@secret.example';
    const CANARY_PHONE = '+49 30 5550199';
    await seed(h, {
      users: [person('boss', 'manager'), person('anna', 'rep', { managerId: 'boss' }), person('ben', 'rep')],
      boxes: [{ id: 'root', parentId: null, name: 'System' }],
      rules: [rule('to-anna', [{ type: 'routeToUser', userId: 'anna' }, { type: 'withholdFields', fields: ['email', 'phone'] }])],
    });
    const [anna, ben, boss] = (await Promise.all(['anna', 'ben', 'boss'].map((id) => h.login(`${id}@example.com`, PASSWORD)))) as [string, string, string];
    const leadId = await h.arrive({ email: CANARY_EMAIL, phone: CANARY_PHONE });
    // History quoting a withheld value (as intake's might) is blanked for the recipient too.
    h.app.store.db.prepare("INSERT INTO lead_history (id, lead_id, at, actor, kind, summary, reason, data) VALUES ('x', ?, 1, 'test', 'note', ?, NULL, ?)").run(leadId, `mail from ${CANARY_EMAIL}`, JSON.stringify({ from: CANARY_EMAIL }));

    const other = await h.as(ben, 'GET', `/api/v1/leads/${leadId}`);
    expect(other.statusCode).toBe(404);
    expect((await h.as(ben, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'accept' })).statusCode).toBe(404);

    for (const token of [anna, boss]) {
      const response = await h.as(token, 'GET', `/api/v1/leads/${leadId}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('canary-7f3a');
      expect(response.body).not.toContain('5550199');
      expect(response.json().lead).toMatchObject({ withheld: ['email', 'phone'], contact: { email: null, phone: null, firstName: 'Jane' } });
    }
    const offers = await h.as(anna, 'GET', '/api/v1/me/offers');
    expect(offers.json()).toHaveLength(1);
    expect(offers.body).not.toContain('canary-7f3a');

    const accepted = await expectOk(h.as(anna, 'POST', `/api/v1/leads/${leadId}/actions`, { type: 'accept' }));
    expect(accepted.lead.contact.email).toBe(CANARY_EMAIL);
    for (const token of [anna, boss]) expect((await h.as(token, 'GET', `/api/v1/leads/${leadId}`)).body).toContain(CANARY_EMAIL);
    expect((await h.as(ben, 'GET', `/api/v1/leads/${leadId}`)).statusCode).toBe(404);
    const asAdmin = await expectOk(h.admin('GET', `/api/v1/leads/${leadId}`));
    expect(asAdmin.history.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['created', 'rule', 'offered', 'accepted']));
    expect(asAdmin.history.find((e: { kind: string }) => e.kind === 'rule').data).toMatchObject({ ruleId: 'to-anna', event: 'arrived' });
  });
});
