import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../core/demo/prng.ts';
import { joinFleet, localView, randomAction, roundsOn, serverView, sortedEntries, tryAct, type Cleanups } from './fleet.ts';
import { startNetSwitch, type NetSwitch } from './net-switch.ts';
import { rep, seedTeam, startSyncServer } from './server-harness.ts';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('property 5: three workstations and the server, random work under random disconnects', () => {
  it('ends with every workstation holding the same view of the shared leads as the server', async () => {
    const seed = Number(process.env.LEADRELAY_FLEET_SEED ?? 5005);
    const random = mulberry32(seed);
    const server = await startSyncServer();
    cleanups.push(() => server.close());
    const users = ['anna', 'ben', 'cleo'];
    await seedTeam(server, users.map((id) => rep(id)), users);
    const switches: NetSwitch[] = [];
    const members = [];
    for (const user of users) {
      const net = await startNetSwitch(() => Number(new URL(server.url).port));
      cleanups.push(() => net.close());
      switches.push(net);
      members.push(await joinFleet(server, user, net.url, cleanups));
    }

    const online = users.map(() => true);
    const done = { acted: 0, arrived: 0, disconnects: 0, refused: 0 };
    for (let step = 0; step < 1_000; step += 1) {
      const roll = random();
      if (roll < 0.04) {
        const which = Math.floor(random() * switches.length);
        online[which] = !online[which];
        if (online[which]) switches[which]!.up();
        else {
          switches[which]!.down();
          done.disconnects += 1;
        }
      } else if (roll < 0.16) {
        await server.arrive({ firstName: `Lead${step}` });
        done.arrived += 1;
      } else {
        const member = members[Math.floor(random() * members.length)]!;
        const action = randomAction(member, users.filter((user) => user !== member.userId), random, step);
        if (action && (await tryAct(member, action))) done.acted += 1;
        else done.refused += 1;
      }
      await sleep(random() * 3);
    }
    switches.forEach((net) => net.up());

    await roundsOn(members, 2);
    const shared = new Set<string>();
    for (const member of members) {
      expect(member.ws.sync.currentStatus(), member.userId).toMatchObject({ state: 'online', pending: 0 });
      const local = localView(member.ws);
      for (const id of local.keys()) shared.add(id);
      expect(sortedEntries(local), member.userId).toEqual(sortedEntries(await serverView(server, member.token)));
    }
    expect(done.disconnects).toBeGreaterThan(5);
    expect(done.acted).toBeGreaterThan(300);
    expect(shared.size).toBeGreaterThan(50);
    expect(members.some((member) => member.ws.sync.needsAttention().some((item) => item.code === 'conflict'))).toBe(true);
  }, 120_000);
});
