import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/services/secrets.ts';
import { startWorkstation } from '../../../main/services/workstation.ts';
import { waitFor } from '../../fixtures/wait-for.ts';
import { PASSWORD, rep, rule, startSyncServer, T0 } from './server-harness.ts';

// A rule's desktop notice travels from the server's routing to the rep's workstation live.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});


describe('rule notices on the workstation', () => {
  it("arrive as 'lead.notice' with the rule's text, and the lead is pulled", async () => {
    const server = await startSyncServer();
    cleanups.push(() => server.close());
    await server.admin('POST', '/api/v1/admin/users', rep('anna'));
    await server.admin('POST', '/api/v1/admin/boxes', { id: 'root', parentId: null, name: 'System' });
    await server.admin('PUT', '/api/v1/admin/rules', {
      version: 1,
      rules: [rule('hot', [{ type: 'routeToUser', userId: 'anna' }, { type: 'notify', channel: 'desktop', template: 'Call within the hour' }])],
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-ws-notice-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const ws = startWorkstation({ dataDir, secrets: new MemorySecretStore(), now: () => T0 + 60_000, sync: { pollMs: 60_000, backoff: { baseMs: 20, maxMs: 200 } } });
    cleanups.push(() => ws.close());
    await ws.dispatch('sync.connect', { serverUrl: server.url, email: 'anna@example.com', password: PASSWORD });
    const notices: Array<{ leadId: string; title: string }> = [];
    ws.events.subscribe((name, payload) => {
      if (name === 'lead.notice') notices.push(payload as { leadId: string; title: string });
    });
    await waitFor('the workstation online', () => ws.sync.currentStatus().state === 'online', 10_000);
    // The live stream opens right after connecting; give it a moment, as a rep's session would.
    await new Promise((resolve) => setTimeout(resolve, 100));

    const leadId = await server.arrive();
    await waitFor('the notice and its lead', () => notices.length > 0 && ws.store.leads.get(leadId) !== null, 10_000);
    expect(notices).toEqual([{ leadId, title: 'Call within the hour' }]);
    expect(ws.store.leads.get(leadId)!.history.map((entry) => entry.summary)).toContain('Notified Anna by desktop: Call within the hour');
  });
});
