import { startWorkstation } from '../../../main/services/workstation.ts';

/**
 * The workstation's service process for the crash test (property 3): connects once, then
 * adds numbered notes to one lead as fast as it can while sync pushes them, until killed.
 * Each line on stdout is written only after the note's local transaction committed.
 * argv: dataDir serverUrl email password leadId tag now
 */
const [dataDir, serverUrl, email, password, leadId, tag, now] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const ws = startWorkstation({ dataDir, now: () => Number(now), sync: { pollMs: 60_000, backoff: { baseMs: 5, maxMs: 50 } } });
if (!ws.sync.currentStatus().account) await ws.dispatch('sync.connect', { serverUrl, email, password });
process.stdout.write('ready\n');
for (let i = 0; ; i += 1) {
  await ws.dispatch('leads.act', { type: 'addNote', leadId, text: `${tag}-${i}` });
  process.stdout.write(`noted ${tag}-${i}\n`);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
}
