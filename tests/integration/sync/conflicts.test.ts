import { afterEach, describe, expect, it } from 'vitest';
import { joinFleet, localView, roundsOn, serverView, sortedEntries, type Cleanups, type Member } from './fleet.ts';
import { startNetSwitch, type NetSwitch } from './net-switch.ts';
import { rep, seedTeam, startSyncServer } from './server-harness.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const USERS = ['anna', 'ben', 'cleo'];
const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

/**
 * Three reps hold the same up-for-grabs lead offline; each accepts it and works it (a note,
 * a status). They come back online in some order. The rule: the first accept to reach the
 * server wins; every later one is rejected as a conflict naming the winner, with its notes
 * and status after it; the loser's workstation lists it under needs attention and drops the
 * lead, and the lead's history on the server records each losing change.
 */
async function race(order: readonly string[]) {
  const server = await startSyncServer();
  cleanups.push(() => server.close());
  await seedTeam(server, USERS.map((id) => rep(id)), USERS);
  const members = new Map<string, { member: Member; net: NetSwitch }>();
  for (const user of USERS) {
    const net = await startNetSwitch(() => Number(new URL(server.url).port));
    cleanups.push(() => net.close());
    members.set(user, { member: await joinFleet(server, user, net.url, cleanups), net });
  }
  const leadId = await server.arrive();
  for (const { member, net } of members.values()) {
    await member.ws.sync.syncNow();
    net.down();
    await member.ws.dispatch('leads.act', { type: 'accept', leadId });
    await member.ws.dispatch('leads.act', { type: 'addNote', leadId, text: `${member.userId} called` });
    await member.ws.dispatch('leads.act', { type: 'setStatus', leadId, status: 'contacted' });
  }
  for (const user of order) {
    const { member, net } = members.get(user)!;
    // History is ordered by time: the server's clock moves on between arrivals.
    server.clock.now += 1_000;
    net.up();
    expect(await member.ws.sync.syncNow()).toMatchObject({ state: 'online', pending: 0 });
  }
  const all = [...members.values()].map(({ member }) => member);
  await roundsOn(all, 2);
  for (const member of all) expect(sortedEntries(localView(member.ws)), member.userId).toEqual(sortedEntries(await serverView(server, member.token)));
  return { server, leadId, members: all };
}

describe('property 7: concurrent conflicting changes', () => {
  for (const order of permutations(USERS)) {
    it(`resolve by the same rule when they arrive ${order.join(', ')}`, async () => {
      const { server, leadId, members } = await race(order);
      const [winner, ...losers] = order as [string, ...string[]];
      const winnerName = winner[0]!.toUpperCase() + winner.slice(1);
      expect(server.app.lifecycle.lead(leadId)).toMatchObject({ ownerId: winner, status: 'contacted' });

      const history = server.app.lifecycle.history(leadId);
      expect(history.filter((entry) => entry.kind === 'note').map((entry) => entry.data.text)).toEqual([`${winner} called`]);
      const lost = history.filter((entry) => entry.kind === 'sync');
      // Each loser's accept, note and status: three losing changes each, in the order they arrived.
      expect(lost.map((entry) => [entry.actor, entry.data.kind])).toEqual(losers.flatMap((loser) => [[loser, 'accept'], [loser, 'addNote'], [loser, 'setStatus']]));
      expect(lost[0]!.reason).toContain(winnerName);

      for (const member of members) {
        const attention = member.ws.sync.needsAttention();
        if (member.userId === winner) {
          expect(attention).toEqual([]);
          expect(member.ws.store.leads.get(leadId)!.history.filter((entry) => entry.kind === 'sync')).toHaveLength(3 * losers.length);
        } else {
          expect(attention.map((item) => [item.kind, item.code])).toEqual([['accept', 'conflict'], ['addNote', expect.any(String)], ['setStatus', expect.any(String)]]);
          expect(attention[0]!.message).toContain(winnerName);
          expect(member.ws.store.leads.get(leadId)).toBeNull();
        }
      }
    });
  }
});
