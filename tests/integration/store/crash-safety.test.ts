import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/services/store/index.ts';
import { makeLead, tempDir } from './helpers.ts';

const writer = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const LEADS = 40;
const KIND_OF_ACTION: Record<string, string> = { accept: 'accepted', setStatus: 'status', addNote: 'note' };

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** Starts the writer and SIGKILLs it once it has committed at least `after` actions. */
function runAndKill(after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', writer, dir, String(LEADS)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stderr = '';
    let reported = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      reported = Math.max(reported, ...chunk.toString().trim().split('\n').map(Number));
      // npx and tsx each start a process: kill the whole group so the writer itself dies mid-write.
      if (reported >= after && child.pid) process.kill(-child.pid, 'SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(reported) : reject(new Error(`writer exited ${code}: ${stderr}`))));
  });
}

describe('crash safety', () => {
  it('a writer killed mid-sequence leaves a consistent store', async () => {
    const seed = openStore({ dataDir: dir });
    seed.leads.insertMany(Array.from({ length: LEADS }, (_, i) => makeLead(`crash-${i}`, { offerExpiresAt: null })), [], []);
    seed.close();

    const reported = await runAndKill(400);

    const store = openStore({ dataDir: dir });
    try {
      const leads = store.db.prepare('SELECT id, version, status FROM leads').all() as { id: string; version: number; status: string }[];
      const total = leads.reduce((sum, l) => sum + l.version, 0);
      expect(total).toBeGreaterThanOrEqual(reported);
      for (const lead of leads) {
        const detail = store.leads.get(lead.id)!;
        const outbox = store.db.prepare('SELECT kind, payload FROM outbox WHERE lead_id = ? ORDER BY seq').all(lead.id) as { kind: string; payload: string }[];
        expect(detail.history).toHaveLength(lead.version);
        expect(outbox.map((o) => KIND_OF_ACTION[o.kind])).toEqual(detail.history.map((h) => h.kind));
        expect(outbox.map((o) => (JSON.parse(o.payload) as { leadVersion: number }).leadVersion)).toEqual(outbox.map((_, i) => i + 1));
        expect(detail.notes).toHaveLength(detail.history.filter((h) => h.kind === 'note').length);
        expect(store.leads.query({ search: lead.id, limit: 1 }).rows[0]?.status).toBe(lead.status);
      }
      expect(store.outbox.status().pending).toBe(total);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(() => store.db.prepare("INSERT INTO lead_fts (lead_fts, rank) VALUES ('integrity-check', 0)").run()).not.toThrow();
    } finally {
      store.close();
    }
  });
});
