import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../core/demo/prng.ts';
import { startFaultProxy } from './fault-proxy.ts';
import { joinFleet, randomAction, roundsOn, serverView, localView, sortedEntries, tryAct, type Cleanups } from './fleet.ts';
import { rep, seedTeam, startSyncServer } from './server-harness.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('property 4: through a proxy that drops, duplicates, delays and cuts 10% of requests', () => {
  it('converges within two sync rounds once the faults stop', async () => {
    const seed = Number(process.env.LEADRELAY_FAULT_SEED ?? 4004);
    const random = mulberry32(seed);
    const server = await startSyncServer();
    cleanups.push(() => server.close());
    const users = ['anna', 'ben', 'cleo'];
    await seedTeam(server, users.map((id) => rep(id)), users);
    const proxy = await startFaultProxy({ target: () => server.url, seed, rate: 0.1, maxDelayMs: 200 });
    cleanups.push(() => proxy.close());
    proxy.faults(false);
    const members = [];
    for (const user of users) members.push(await joinFleet(server, user, proxy.url, cleanups));
    proxy.faults(true);

    let acted = 0;
    for (let step = 0; step < 300; step += 1) {
      if (random() < 0.1) await server.arrive({ firstName: `Lead${step}` });
      const member = members[Math.floor(random() * members.length)]!;
      const action = randomAction(member, users.filter((user) => user !== member.userId), random, step);
      if (action && (await tryAct(member, action))) acted += 1;
      // Background rounds (after each local change, on live events) run meanwhile, through the faults.
      if (step % 10 === 0) await Promise.race([member.ws.sync.syncNow(), sleep(50)]);
      await sleep(random() * 4);
    }
    proxy.faults(false);
    const faulted = proxy.counts.drop + proxy.counts.duplicate + proxy.counts.delay + proxy.counts.cut;

    await roundsOn(members, 2);
    for (const member of members) {
      expect(member.ws.sync.currentStatus(), member.userId).toMatchObject({ state: 'online', pending: 0 });
      expect(sortedEntries(localView(member.ws)), member.userId).toEqual(sortedEntries(await serverView(server, member.token)));
    }
    expect(acted).toBeGreaterThan(100);
    for (const fault of ['drop', 'duplicate', 'delay', 'cut'] as const) expect(proxy.counts[fault], fault).toBeGreaterThan(0);
    expect(faulted / (faulted + proxy.counts.clean)).toBeGreaterThan(0.03);
  }, 120_000);
});
