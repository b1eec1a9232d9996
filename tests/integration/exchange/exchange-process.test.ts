import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, call, expectStatus, link, PASSWORD, rule, seed } from './exchange-fixture.ts';
import { waitFor } from '../../fixtures/wait-for.ts';
import { listeningUrl } from '../../fixtures/server-process.ts';

/**
 * The exchange between real server processes on 127.0.0.1: a central server and two
 * resellers, each started by the CLI as an operator would.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Proc {
  url: string;
  dataDir: string;
  admin: (method: string, path: string, body?: unknown) => ReturnType<typeof call>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function spawnServer(role: 'central' | 'reseller', dataDir = mkdtempSync(join(tmpdir(), `leadrelay-exchange-proc-${role}-`)), port = 0): Promise<Proc> {
  // One process (node with tsx's loader, not the tsx wrapper), so SIGKILL really kills the server.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--role', role, '--port', String(port), '--data', dataDir, '--log-level', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LEADRELAY_ADMIN_TOKEN: ADMIN },
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let alive = true;
  const kill = async (signal: NodeJS.Signals) => {
    if (!alive) return;
    alive = false;
    child.kill(signal);
    await exited;
  };
  cleanups.push(() => kill('SIGTERM'));
  const url = await listeningUrl(child);
  return { url, dataDir, admin: (method, path, body) => call(url, ADMIN, method, path, body), kill };
}

const tempDir = (role: string) => {
  const dir = mkdtempSync(join(tmpdir(), `leadrelay-exchange-proc-${role}-`));
  cleanups.unshift(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const NAMES = ['Jane', 'Bruno', 'Clara', 'Dmitri', 'Esther', 'Farouk', 'Greta', 'Hiro', 'Ingrid', 'Jonas', 'Kemal', 'Lucia', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tamsin', 'Ugo', 'Vera', 'Wendell', 'Xenia', 'Yusuf', 'Zora', 'Amadou', 'Bettina', 'Cyril', 'Dolores'];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Wonka', 'Gringotts', 'Oscorp', 'Pied Piper', 'Monarch', 'Massive Dynamic', 'Aperture', 'Black Mesa', 'Nakatomi', 'Zorg', 'Buy n Large', 'Dunder', 'Sterling', 'Prestige', 'Gekko', 'Bluth', 'Krusty', 'Duff', 'Virtucon'];

async function intake(central: Proc, firstName: string, index = 0): Promise<string> {
  const contact = { firstName, lastName: COMPANIES[index]!.split(' ')[0], email: `${firstName.toLowerCase()}.${index}@${COMPANIES[index]!.toLowerCase().replace(/ /g, '')}.example`, company: COMPANIES[index], country: 'DE' };
  const answer = expectStatus(await central.admin('POST', '/api/v1/leads', { contact }), 200);
  expect(answer.json.results[0].status).toBe('created');
  return answer.json.results[0].leadId as string;
}

const rep = { id: 'rep', name: 'Rita Rep', email: 'rita@reseller.example', password: PASSWORD };

describe('the exchange between server processes', () => {
  it('up for grabs across two resellers: one accepts, the other is withdrawn; its rep works the lead to won and the central server sees it', async () => {
    const central = await spawnServer('central', tempDir('central'));
    const north = await spawnServer('reseller', tempDir('north'));
    const south = await spawnServer('reseller', tempDir('south'));
    const northId = await link(central, north, 'North', { format: 'xml', resellerPolicy: { feedback: { assignee: 'name' } } });
    const southId = await link(central, south, 'South', { format: 'json' });
    await seed(central, { rules: [rule('grab', [{ type: 'routeUpForGrabs', servers: [northId, southId] }, { type: 'withholdFields', fields: ['email'] }])] });
    for (const node of [north, south]) await seed(node, { users: [rep], rules: [rule('to-rep', [{ type: 'routeToUser', userId: 'rep' }])] });
    const leadId = await intake(central, 'Jane');

    const token = async (node: Proc) => expectStatus(await call(node.url, null, 'POST', '/api/v1/auth/login', { email: rep.email, password: PASSWORD }), 200).json.token as string;
    const offers = async (node: Proc, bearer: string) => (await call(node.url, bearer, 'GET', '/api/v1/me/offers')).json as Array<{ lead: { id: string; contact: { email: string | null } } }>;
    const northRep = await token(north);
    const southRep = await token(south);
    const [offer] = await waitFor('the offer on north', async () => ((await offers(north, northRep)).length ? offers(north, northRep) : null));
    await waitFor('the offer on south', async () => (await offers(south, southRep)).length > 0);
    expect(offer!.lead.contact.email).toBeNull();

    const local = offer!.lead.id;
    expectStatus(await call(north.url, northRep, 'POST', `/api/v1/leads/${local}/actions`, { type: 'accept' }), 200);
    await waitFor('the withdrawal on south', async () => (await offers(south, southRep)).length === 0);
    await waitFor('the released email on north', async () => (await call(north.url, northRep, 'GET', `/api/v1/leads/${local}`)).json.lead.contact.email === 'jane.0@acme.example');
    expectStatus(await call(north.url, northRep, 'POST', `/api/v1/leads/${local}/actions`, { type: 'setStatus', status: 'contacted' }), 200);
    expectStatus(await call(north.url, northRep, 'POST', `/api/v1/leads/${local}/actions`, { type: 'setStatus', status: 'won', amount: 48000 }), 200);

    const seen = await waitFor('won on central', async () => {
      const answer = (await central.admin('GET', `/api/v1/leads/${leadId}`)).json;
      return answer.lead.status === 'won' ? answer : null;
    });
    expect(seen.lead.wonAmount).toBe(48000);
    const lines = (seen.history as Array<{ summary: string; actor: string }>).map((entry) => entry.summary);
    expect(lines).toEqual(expect.arrayContaining(['Partner North accepted the lead (assigned to Rita Rep)', 'Offer to partner South withdrawn', 'Partner North marked the lead contacted', 'Partner North marked the lead won (48000)']));
    const southLead = (await call(south.url, ADMIN, 'GET', `/api/v1/me/offers`)).status;
    expect(southLead).toBe(403);
    expect(expectStatus(await central.admin('GET', `/api/v1/admin/partners/${northId}/stats`), 200).json).toMatchObject({ accepted: 1, won: 1, wonAmount: 48000 });
  }, 90_000);

  it('a reseller killed and restarted mid-exchange: nothing lost, nothing applied twice', async () => {
    const central = await spawnServer('central', tempDir('central'));
    const resellerDir = tempDir('reseller');
    let reseller = await spawnServer('reseller', resellerDir);
    const port = Number(new URL(reseller.url).port);
    const partnerId = await link(central, reseller, 'Reseller', { format: 'json' });
    await seed(central, { rules: [rule('out', [{ type: 'routeToPartner', partnerId }])] });
    await seed(reseller, { users: [rep], rules: [rule('to-rep', [{ type: 'routeToUser', userId: 'rep' }])] });

    const sent: string[] = [];
    for (let i = 0; i < 30; i++) {
      sent.push(await intake(central, NAMES[i]!, i));
      if (i === 12) await reseller.kill('SIGKILL');
    }
    reseller = await spawnServer('reseller', resellerDir, port);
    await waitFor('every offer delivered', async () => {
      const db = new Database(join(central.dataDir, 'server.db'), { readonly: true });
      try {
        const { n } = db.prepare('SELECT count(*) AS n FROM exchange_outbox WHERE delivered_at IS NULL').get() as { n: number };
        return n === 0;
      } finally {
        db.close();
      }
    }, 60_000);
    expect(expectStatus(await central.admin('GET', '/api/v1/admin/exchange/dead-letters'), 200).json).toEqual([]);
    await reseller.kill('SIGTERM');
    const db = new Database(join(resellerDir, 'server.db'), { readonly: true });
    try {
      const remote = (db.prepare('SELECT remote_lead_id FROM exchange_leads').all() as Array<{ remote_lead_id: string }>).map((row) => row.remote_lead_id);
      expect(remote.sort()).toEqual([...sent].sort());
      expect((db.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n).toBe(30);
      expect((db.prepare("SELECT count(*) AS n FROM lead_history WHERE summary LIKE 'Received from vendor%'").get() as { n: number }).n).toBe(30);
      expect((db.prepare("SELECT count(*) AS n FROM offers").get() as { n: number }).n).toBe(30);
      expect((db.prepare("SELECT count(*) AS n FROM exchange_inbox WHERE kind = 'offer'").get() as { n: number }).n).toBe(30);
    } finally {
      db.close();
    }
  }, 120_000);
});
