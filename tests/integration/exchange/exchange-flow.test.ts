import { afterEach, describe, expect, it } from 'vitest';
import { expectStatus, link, PASSWORD, rule, seed, startNode, type Node } from './exchange-fixture.ts';
import { waitFor } from '../../fixtures/wait-for.ts';

const nodes: Node[] = [];
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
});

async function intake(central: Node, contact: Record<string, unknown>): Promise<string> {
  const answer = expectStatus(await central.admin('POST', '/api/v1/leads', { contact, interest: { product: 'Widget' } }), 200);
  return answer.json.results[0].leadId as string;
}

async function login(node: Node, email: string): Promise<string> {
  return expectStatus(await node.call(null, 'POST', '/api/v1/auth/login', { email, password: PASSWORD }), 200).json.token as string;
}

describe('the exchange between a central server and resellers (in process)', () => {
  it('offers up for grabs to two resellers; the first acceptance wins, the other is withdrawn; feedback reaches central', async () => {
    const central = await startNode('central');
    const north = await startNode('reseller');
    const south = await startNode('reseller');
    nodes.push(central, north, south);
    const northId = await link(central, north, 'North', { format: 'xml', resellerPolicy: { feedback: { assignee: 'name' } } });
    const southId = await link(central, south, 'South', { format: 'json' });
    await seed(central, { rules: [rule('grab', [{ type: 'routeUpForGrabs', servers: [northId, southId] }, { type: 'withholdFields', fields: ['email', 'phone'] }])] });
    for (const node of [north, south]) {
      await seed(node, { users: [{ id: 'rep', name: 'Rita Rep', email: 'rita@reseller.example', password: PASSWORD }], rules: [rule('to-rep', [{ type: 'routeToUser', userId: 'rep' }])] });
    }
    const leadId = await intake(central, { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', phone: '+49 30 1234567', company: 'Acme', country: 'DE' });

    const offered = async (node: Node, token: string) => {
      const offers = (await node.call(token, 'GET', '/api/v1/me/offers')).json;
      return Array.isArray(offers.offers ?? offers) && (offers.offers ?? offers).length ? (offers.offers ?? offers) : null;
    };
    const northRep = await login(north, 'rita@reseller.example');
    const southRep = await login(south, 'rita@reseller.example');
    const northOffers = await waitFor('the offer on north', () => offered(north, northRep));
    await waitFor('the offer on south', () => offered(south, southRep));
    const localLead = northOffers[0].lead ?? northOffers[0];
    expect(localLead.contact.email).toBeNull();
    expect(localLead.contact.firstName).toBe('Jane');

    expectStatus(await north.call(northRep, 'POST', `/api/v1/leads/${localLead.id}/actions`, { type: 'accept' }), 200);
    // The vendor releases the withheld fields to north; south's offer is withdrawn.
    await waitFor('the released email on north', async () => (await north.call(northRep, 'GET', `/api/v1/leads/${localLead.id}`)).json.lead?.contact.email === 'jane@example.com');
    await waitFor('the withdrawal on south', async () => !(await offered(south, southRep)));
    expectStatus(await north.call(northRep, 'POST', `/api/v1/leads/${localLead.id}/actions`, { type: 'setStatus', status: 'contacted' }), 200);
    expectStatus(await north.call(northRep, 'POST', `/api/v1/leads/${localLead.id}/actions`, { type: 'setStatus', status: 'won', amount: 12500 }), 200);

    const won = await waitFor('won on central', async () => {
      const answer = (await central.admin('GET', `/api/v1/leads/${leadId}`)).json;
      return answer.lead.status === 'won' ? answer : null;
    });
    expect(won.lead.wonAmount).toBe(12500);
    const summaries = (won.history as Array<{ summary: string }>).map((entry) => entry.summary);
    expect(summaries).toEqual(expect.arrayContaining(['Offered to partner North', 'Offered to partner South', 'Partner North accepted the lead (assigned to Rita Rep)', 'Offer to partner South withdrawn', 'Partner North marked the lead won (12500)']));
    const stats = expectStatus(await central.admin('GET', `/api/v1/admin/partners/${northId}/stats`), 200).json;
    expect(stats).toMatchObject({ offered: 1, accepted: 1, won: 1, wonAmount: 12500 });
    expect(expectStatus(await central.admin('GET', `/api/v1/admin/partners/${southId}/stats`), 200).json).toMatchObject({ offered: 1, withdrawn: 1 });
  });
});
